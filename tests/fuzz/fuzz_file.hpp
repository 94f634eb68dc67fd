// The config and model readers take a path, not a buffer: each fuzz input is
// written to one file in a folder of this process's own, made under $TMPDIR
// (or /tmp) at the first input and removed when the process exits. Nothing
// else is written. .ci/fuzz also points TMPDIR at a scratch folder it
// removes, for a process that dies before its exit handlers run.
#pragma once

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace adtrain::fuzz {

class FuzzFile {
 public:
  // `name` is the file's name inside the folder, e.g. "fuzz.toml".
  static FuzzFile& instance(const char* name) {
    static FuzzFile file(name);
    return file;
  }

  const std::string& path() const { return path_; }

  // Replaces the file's content with the input; aborts when it cannot.
  void write(const std::uint8_t* data, std::size_t size) const {
    std::FILE* out = std::fopen(path_.c_str(), "wb");
    if (!out) fail("cannot write the input file");
    if (size > 0 && std::fwrite(data, 1, size, out) != size) fail("cannot write the input file");
    if (std::fclose(out) != 0) fail("cannot write the input file");
  }

  FuzzFile(const FuzzFile&) = delete;
  FuzzFile& operator=(const FuzzFile&) = delete;

 private:
  explicit FuzzFile(const char* name) {
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/adtrain-fuzz-XXXXXX";
    if (!::mkdtemp(pattern.data())) fail("cannot make a temporary folder");
    folder_ = pattern;
    path_ = folder_ + "/" + name;
    folder_for_exit() = folder_;
    path_for_exit() = path_;
    std::atexit(remove_at_exit);
  }

  [[noreturn]] static void fail(const char* what) {
    std::perror(what);
    std::abort();
  }

  // Static copies, so the handler needs no object that may be gone.
  static std::string& folder_for_exit() {
    static std::string folder;
    return folder;
  }
  static std::string& path_for_exit() {
    static std::string path;
    return path;
  }
  static void remove_at_exit() {
    ::unlink(path_for_exit().c_str());
    ::rmdir(folder_for_exit().c_str());
  }

  std::string folder_;
  std::string path_;
};

}  // namespace adtrain::fuzz
