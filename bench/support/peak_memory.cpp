#include "support/peak_memory.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "adtrain/data.hpp"

namespace adtrain::bench {

std::size_t peak_resident_bytes() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) == 0) {
      std::istringstream fields(line.substr(6));
      std::size_t kilobytes = 0;
      fields >> kilobytes;
      return kilobytes * 1024;
    }
  }
  return 0;
}

int report_read_memory(const std::string& path) {
  const std::size_t baseline = peak_resident_bytes();
  const data::LabeledTable table = data::read_labeled_table(path, {});
  const std::size_t peak = peak_resident_bytes();
  const std::size_t matrix = table.features.n_elem * sizeof(double);
  const std::size_t labels = table.labels.n_elem * sizeof(double);
  const auto file = static_cast<std::size_t>(std::filesystem::file_size(path));
  std::printf("%zu %zu %zu %zu %zu\n", baseline, peak, matrix, labels, file);
  return 0;
}

ReadMemory measure_read_memory(const std::string& program, const std::string& child_flag,
                               const std::string& path) {
  int pipe_ends[2];
  if (::pipe(pipe_ends) != 0) throw std::runtime_error("pipe failed");
  const pid_t child = ::fork();
  if (child < 0) throw std::runtime_error("fork failed");
  if (child == 0) {
    ::dup2(pipe_ends[1], STDOUT_FILENO);
    ::close(pipe_ends[0]);
    ::close(pipe_ends[1]);
    // exec gives the child a fresh address space: the parent's pages do not count.
    ::execl(program.c_str(), program.c_str(), child_flag.c_str(), path.c_str(), nullptr);
    ::_exit(127);
  }
  ::close(pipe_ends[1]);
  std::string output;
  char buffer[256];
  ssize_t count = 0;
  while ((count = ::read(pipe_ends[0], buffer, sizeof buffer)) > 0) {
    output.append(buffer, static_cast<std::size_t>(count));
  }
  ::close(pipe_ends[0]);
  int status = 0;
  ::waitpid(child, &status, 0);
  ReadMemory memory;
  std::istringstream fields(output);
  fields >> memory.baseline_bytes >> memory.peak_bytes >> memory.matrix_bytes >>
      memory.labels_bytes >> memory.file_bytes;
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || !fields) {
    throw std::runtime_error("the memory-measuring child failed: " + output);
  }
  return memory;
}

}  // namespace adtrain::bench
