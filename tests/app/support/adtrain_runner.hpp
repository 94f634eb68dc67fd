// Runs the real adtrain binary for end-to-end tests.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace adtrain::testing {

struct RunResult {
  int exit_status = -1;
  std::string out;  // standard output
  std::string err;  // standard error
};

// Runs `adtrain args...` in `working_directory` with `input` on stdin.
RunResult run_adtrain(
    const std::vector<std::string>& args,
    const std::filesystem::path& working_directory = std::filesystem::current_path(),
    const std::string& input = "");

// As run_adtrain, but the child drops to user and group 65534 (nobody)
// first, so that file permissions apply even when the tests run as root.
// The binary runs as a copy from a folder everyone can enter; the caller
// makes sure nobody can reach the inputs it names (through their paths).
RunResult run_adtrain_as_nobody(const std::vector<std::string>& args,
                                const std::filesystem::path& working_directory);

// Runs `bash -c command` with $ADTRAIN naming the binary, for the faults a
// shell makes easy (closed or full streams, pipes, FIFOs, signals); returns
// bash's exit status, -1 if it was killed. `command` holds no single quote.
int run_in_bash(const std::string& command);

// A fresh, empty folder for one test, removed afterwards.
class ScratchFolder {
 public:
  ScratchFolder();
  ~ScratchFolder();
  ScratchFolder(const ScratchFolder&) = delete;
  ScratchFolder& operator=(const ScratchFolder&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::string file(const std::string& name) const { return (path_ / name).string(); }
  // Writes `content` to `name` inside the folder and returns its path.
  std::string write(const std::string& name, const std::string& content) const;

 private:
  std::filesystem::path path_;
};

std::string read_text(const std::string& path);
nlohmann::json read_json(const std::string& path);

// The repository's root, for files under data/, configs/ and tests/data/.
std::filesystem::path source_root();

}  // namespace adtrain::testing
