// Output files: resolved and checked before any work, written so that a
// reader only ever sees a complete file, and never at the cost of an input,
// another output, a link, a device or a file's permissions.
#pragma once

#include <sys/types.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace adtrain::app {

// Where an output named on the command line goes.
class OutputFile {
 public:
  enum class Kind {
    standard_output,  // "-"
    replaced,         // a regular file (new or existing): written beside it, then renamed over it
    written_through,  // a FIFO, a character device, /dev/stdout: opened and written in place
  };

  // Resolves `name` (an option's value; `option` names it in messages):
  // follows symbolic links to the file they name, so that the link stays a
  // link; keeps an existing file's mode and owner; refuses a folder, a block
  // device, a file nobody may write, a FIFO without a reader, a name too long
  // for its folder, and a folder that is missing or not writable. Throws
  // CommandError(cant_create).
  static OutputFile resolve(const std::string& option, const std::string& name);

  const std::string& option() const { return option_; }
  const std::string& name() const { return name_; }
  Kind kind() const { return kind_; }
  bool is_standard_output() const { return kind_ == Kind::standard_output; }

  // Writes the whole content; a replaced file is written to a temporary
  // file in the same folder, flushed to disk and renamed over the target, so
  // a failure or an interrupt leaves the old file as it was. Throws
  // CommandError(cant_create).
  void write(std::string_view content) const;

  // The identity of what it names, when that exists: for comparing it with
  // the inputs and the other outputs.
  std::optional<std::pair<dev_t, ino_t>> identity() const;
  // The resolved path (links followed) a new file would get.
  const std::string& target() const { return target_; }

 private:
  std::string option_, name_;
  Kind kind_ = Kind::replaced;
  std::string target_;
  std::optional<mode_t> mode_;  // of the file being replaced
  std::optional<std::pair<uid_t, gid_t>> owner_;
  // A FIFO's descriptor, opened when resolve() checked for its reader and
  // kept open until write(): closing it would give the reader end-of-file.
  std::shared_ptr<int> fifo_;
};

// An input file named on the command line, for the checks below.
struct NamedInput {
  std::string option;  // e.g. "--data"
  std::string name;    // "-" is standard input and compares with nothing
};

// Refuses, with CommandError(usage), an output that is the same file as an
// input or as another output, by any spelling or link. Runs before anything
// is read or written.
void check_outputs_are_distinct(const std::vector<NamedInput>& inputs,
                                const std::vector<const OutputFile*>& outputs);

// Temporary files being written right now, removed by the signal handler
// (see signals.hpp) if the process is interrupted mid-write.
void remove_temporary_files_now() noexcept;

}  // namespace adtrain::app
