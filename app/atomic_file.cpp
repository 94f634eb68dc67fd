#include "atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <vector>

#include "exit_status.hpp"

namespace adtrain::app {

namespace {

[[noreturn]] void fail(const std::string& path, const std::string& reason) {
  throw CommandError(ExitStatus::cant_create, "cannot write " + path + ": " + reason);
}

std::string folder_of(const std::string& path) {
  const std::filesystem::path parent = std::filesystem::path(path).parent_path();
  return parent.empty() ? "." : parent.string();
}

// Removes the temporary file unless the rename consumed it.
class TemporaryFile {
 public:
  explicit TemporaryFile(std::string name) : name_(std::move(name)) {}
  ~TemporaryFile() {
    if (!name_.empty()) ::unlink(name_.c_str());
  }
  void committed() { name_.clear(); }

 private:
  std::string name_;
};

}  // namespace

void check_output_path(const std::string& path) {
  if (path.empty()) fail(path, "empty file name");
  struct stat info {};
  if (::stat(path.c_str(), &info) == 0 && S_ISDIR(info.st_mode)) fail(path, "it is a folder");
  const std::string folder = folder_of(path);
  if (::stat(folder.c_str(), &info) != 0) fail(path, "folder " + folder + " does not exist");
  if (!S_ISDIR(info.st_mode)) fail(path, folder + " is not a folder");
  if (::access(folder.c_str(), W_OK) != 0) fail(path, "folder " + folder + " is not writable");
}

void write_file_atomically(const std::string& path, std::string_view content) {
  check_output_path(path);
  const std::string folder = folder_of(path);
  std::string pattern =
      folder + "/." + std::filesystem::path(path).filename().string() + ".tmp-XXXXXX";
  std::vector<char> name(pattern.begin(), pattern.end());
  name.push_back('\0');
  const int fd = ::mkstemp(name.data());
  if (fd < 0) fail(path, std::strerror(errno));
  TemporaryFile temporary(name.data());

  // Keep the permissions an ordinary new file would get (mkstemp uses 0600).
  const mode_t mask = ::umask(0);
  ::umask(mask);
  ::fchmod(fd, 0666 & ~mask);

  const char* data = content.data();
  std::size_t left = content.size();
  while (left > 0) {
    const ssize_t written = ::write(fd, data, left);
    if (written < 0 && errno == EINTR) continue;
    if (written <= 0) {
      const std::string reason = std::strerror(errno);
      ::close(fd);
      fail(path, reason);
    }
    data += written;
    left -= static_cast<std::size_t>(written);
  }
  const bool synced = ::fsync(fd) == 0;
  const int sync_error = errno;
  if (::close(fd) != 0 || !synced) fail(path, std::strerror(synced ? errno : sync_error));
  if (::rename(name.data(), path.c_str()) != 0) fail(path, std::strerror(errno));
  temporary.committed();
}

}  // namespace adtrain::app
