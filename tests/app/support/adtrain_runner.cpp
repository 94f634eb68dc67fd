#include "support/adtrain_runner.hpp"

#include <fcntl.h>
#include <grp.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

extern char** environ;

namespace adtrain::testing {

namespace fs = std::filesystem;

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

nlohmann::json read_json(const std::string& path) {
  return nlohmann::json::parse(read_text(path));
}

fs::path source_root() {
  return fs::path(ADTRAIN_SOURCE_DIR);
}

ScratchFolder::ScratchFolder() {
  std::string pattern = (fs::temp_directory_path() / "adtrain-e2e-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

ScratchFolder::~ScratchFolder() {
  std::error_code ignored;
  // Tests may have removed permissions to provoke errors; restore before removing.
  fs::permissions(path_, fs::perms::owner_all, fs::perm_options::add, ignored);
  fs::remove_all(path_, ignored);
}

std::string ScratchFolder::write(const std::string& name, const std::string& content) const {
  const fs::path target = path_ / name;
  std::ofstream(target, std::ios::binary) << content;
  return target.string();
}

namespace {

// An argv array for posix_spawn or execv; the strings it points into live
// here too, so it can be neither copied nor moved.
class CommandLine {
 public:
  CommandLine(const std::string& program, const std::vector<std::string>& args)
      : storage_{program} {
    storage_.insert(storage_.end(), args.begin(), args.end());
    for (std::string& arg : storage_) pointers_.push_back(arg.data());
    pointers_.push_back(nullptr);
  }
  CommandLine(const CommandLine&) = delete;
  CommandLine& operator=(const CommandLine&) = delete;
  char* const* argv() { return pointers_.data(); }

 private:
  std::vector<std::string> storage_;
  std::vector<char*> pointers_;
};

// Waits for the child and reads back what it wrote.
RunResult wait_for(pid_t pid, const std::string& out_path, const std::string& err_path) {
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
  }
  RunResult result;
  result.exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  result.out = read_text(out_path);
  result.err = read_text(err_path);
  return result;
}

}  // namespace

RunResult run_adtrain(const std::vector<std::string>& args, const fs::path& working_directory,
                      const std::string& input) {
  ScratchFolder io;
  const std::string in_path = io.write("stdin", input);
  const std::string out_path = io.file("stdout"), err_path = io.file("stderr");

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, in_path.c_str(), O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0644);
  posix_spawn_file_actions_addopen(&actions, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0644);

  // posix_spawn has no working-directory action in POSIX 2008: run through
  // a shell-free chdir by spawning from the target folder.
  const fs::path previous = fs::current_path();
  fs::current_path(working_directory);
  CommandLine command(ADTRAIN_EXECUTABLE, args);
  pid_t pid = 0;
  const int spawned =
      posix_spawn(&pid, ADTRAIN_EXECUTABLE, &actions, nullptr, command.argv(), environ);
  fs::current_path(previous);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) throw std::runtime_error("cannot start " ADTRAIN_EXECUTABLE);
  return wait_for(pid, out_path, err_path);
}

RunResult run_adtrain_as_nobody(const std::vector<std::string>& args,
                                const fs::path& working_directory) {
  ScratchFolder io;
  const std::string out_path = io.file("stdout"), err_path = io.file("stderr");
  // The build folder may sit where nobody cannot go (under /root, say): run a
  // copy from a folder everyone can enter.
  const std::string executable = io.file("adtrain");
  fs::copy_file(ADTRAIN_EXECUTABLE, executable);
  fs::permissions(io.path(), fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                                 fs::perms::others_read | fs::perms::others_exec);
  CommandLine command(executable, args);

  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    // Only async-signal-safe calls between fork and exec.
    const int in = ::open("/dev/null", O_RDONLY);
    const int out = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (in < 0 || out < 0 || err < 0 || ::dup2(in, 0) < 0 || ::dup2(out, 1) < 0 ||
        ::dup2(err, 2) < 0)
      _exit(126);
    if (::chdir(working_directory.c_str()) != 0) _exit(126);
    if (::geteuid() == 0 &&
        (::setgroups(0, nullptr) != 0 || ::setgid(65534) != 0 || ::setuid(65534) != 0)) {
      _exit(126);
    }
    ::execv(executable.c_str(), command.argv());
    _exit(127);
  }
  return wait_for(pid, out_path, err_path);
}

int run_in_bash(const std::string& command) {
  const std::string line = "ADTRAIN='" ADTRAIN_EXECUTABLE "' bash -c '" + command + "'";
  const int status = std::system(line.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace adtrain::testing
