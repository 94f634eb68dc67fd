#include "output_file.hpp"

#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <utility>

#include "console.hpp"
#include "exit_status.hpp"

namespace adtrain::app {

namespace {

namespace fs = std::filesystem;

[[noreturn]] void fail(const std::string& name, const std::string& reason) {
  throw CommandError(ExitStatus::cant_create, "cannot write " + name + ": " + reason);
}

std::string folder_of(const std::string& path) {
  const fs::path parent = fs::path(path).parent_path();
  return parent.empty() ? "." : parent.string();
}

bool is_kernel_fd_link(const std::string& path) {
  return path.rfind("/proc/", 0) == 0 || path.rfind("/dev/fd/", 0) == 0;
}

// --- Temporary files the signal handler may have to remove ------------------
// Fixed slots of plain characters: all a signal handler may touch.
constexpr std::size_t temporary_slots = 4;
std::array<char[PATH_MAX], temporary_slots> temporary_names{};
std::array<volatile std::sig_atomic_t, temporary_slots> temporary_in_use{};

// Removes the temporary file unless the rename consumed it.
class TemporaryFile {
 public:
  explicit TemporaryFile(const char* name) {
    for (std::size_t i = 0; i < temporary_slots; ++i) {
      if (!temporary_in_use[i]) {
        std::strncpy(temporary_names[i], name, PATH_MAX - 1);
        temporary_in_use[i] = 1;
        slot_ = i;
        break;
      }
    }
    std::strncpy(name_, name, PATH_MAX - 1);
  }
  ~TemporaryFile() {
    if (!committed_) ::unlink(name_);
    if (slot_ < temporary_slots) temporary_in_use[slot_] = 0;
  }
  TemporaryFile(const TemporaryFile&) = delete;
  TemporaryFile& operator=(const TemporaryFile&) = delete;
  void committed() {
    committed_ = true;
    if (slot_ < temporary_slots) temporary_in_use[slot_] = 0;
  }

 private:
  char name_[PATH_MAX] = {};
  std::size_t slot_ = temporary_slots;
  bool committed_ = false;
};

void write_all(int fd, std::string_view content, const std::string& name) {
  const char* data = content.data();
  std::size_t left = content.size();
  while (left > 0) {
    const ssize_t written = ::write(fd, data, left);
    if (written < 0 && errno == EINTR) continue;
    if (written <= 0) {
      const std::string reason = written == 0 ? "nothing written" : std::strerror(errno);
      ::close(fd);
      fail(name, reason);
    }
    data += written;
    left -= static_cast<std::size_t>(written);
  }
}

}  // namespace

void remove_temporary_files_now() noexcept {
  for (std::size_t i = 0; i < temporary_slots; ++i) {
    if (temporary_in_use[i]) ::unlink(temporary_names[i]);
  }
}

OutputFile OutputFile::resolve(const std::string& option, const std::string& name) {
  OutputFile out;
  out.option_ = option;
  out.name_ = name;
  if (name.empty()) fail(name, "empty file name");
  if (name == "-") {
    out.kind_ = Kind::standard_output;
    return out;
  }

  // Follow links ourselves, one at a time: a link is written through to what
  // it names and stays a link; the kernel's links to open descriptors
  // (/dev/stdout is one) are written through as they are.
  std::string path = name;
  struct stat info {};
  for (int hops = 0;; ++hops) {
    if (path == "/proc/self/fd/1" || path == "/dev/fd/1") {
      // /dev/stdout: the same stream as "-", so that messages stay off it.
      out.kind_ = Kind::standard_output;
      return out;
    }
    if (is_kernel_fd_link(path)) {
      out.kind_ = Kind::written_through;
      out.target_ = name;
      return out;
    }
    if (::lstat(path.c_str(), &info) != 0) {
      if (errno == ENAMETOOLONG) fail(name, "the file name is longer than its folder allows");
      if (errno != ENOENT) fail(name, std::strerror(errno));
      break;  // a new file
    }
    if (!S_ISLNK(info.st_mode)) break;
    if (hops == 40) fail(name, "too many levels of symbolic links");
    std::error_code error;
    const fs::path link = fs::read_symlink(path, error);
    if (error) fail(name, error.message());
    path = link.is_absolute() ? link.string() : (fs::path(folder_of(path)) / link).string();
  }
  out.target_ = path;

  const bool exists = ::lstat(path.c_str(), &info) == 0;
  if (exists) {
    if (S_ISDIR(info.st_mode)) fail(name, "it is a folder");
    if (S_ISBLK(info.st_mode)) fail(name, "it is a block device");
    if (S_ISFIFO(info.st_mode) || S_ISCHR(info.st_mode) || S_ISSOCK(info.st_mode)) {
      if (S_ISFIFO(info.st_mode)) {
        // Without a reader, opening a FIFO for writing would wait forever.
        const int fd = ::open(path.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC);
        if (fd < 0) {
          fail(name, errno == ENXIO ? "it is a FIFO with no reader" : std::strerror(errno));
        }
        out.fifo_ = std::shared_ptr<int>(new int(fd), [](int* held) {
          if (*held >= 0) ::close(*held);
          delete held;
        });
      }
      out.kind_ = Kind::written_through;
      return out;
    }
    // A regular file: replaced, keeping its mode and owner, and only if it
    // may be written (root included: a file with no write bit is read-only
    // on purpose).
    if (::access(path.c_str(), W_OK) != 0 || (info.st_mode & 0222) == 0) {
      fail(name, "the file is read-only");
    }
    out.mode_ = info.st_mode & 07777;
    out.owner_ = std::pair{info.st_uid, info.st_gid};
  }

  const std::string folder = folder_of(path);
  struct stat folder_info {};
  if (::stat(folder.c_str(), &folder_info) != 0) fail(name, "folder " + folder + " does not exist");
  if (!S_ISDIR(folder_info.st_mode)) fail(name, folder + " is not a folder");
  if (::access(folder.c_str(), W_OK) != 0) fail(name, "folder " + folder + " is not writable");
  const long name_max = ::pathconf(folder.c_str(), _PC_NAME_MAX);
  const std::string file_name = fs::path(path).filename().string();
  if (name_max > 0 && file_name.size() > static_cast<std::size_t>(name_max)) {
    fail(name, "the file name is longer than the " + std::to_string(name_max) +
                   " characters its folder allows");
  }
  if (path.size() >= PATH_MAX) fail(name, "the path is too long");
  out.kind_ = Kind::replaced;
  return out;
}

std::optional<std::pair<dev_t, ino_t>> OutputFile::identity() const {
  if (kind_ == Kind::standard_output) return std::nullopt;
  struct stat info {};
  if (::stat(target_.c_str(), &info) != 0) return std::nullopt;
  return std::pair{info.st_dev, info.st_ino};
}

void OutputFile::write(std::string_view content) const {
  switch (kind_) {
    case Kind::standard_output:
      emit(content);
      if (standard_output_failed()) fail("standard output", standard_output_error());
      return;
    case Kind::written_through: {
      int fd = -1;
      if (fifo_ && *fifo_ >= 0) {
        fd = std::exchange(*fifo_, -1);  // the FIFO's descriptor from resolve()
      } else {
        fd = ::open(target_.c_str(), O_WRONLY | O_CLOEXEC | O_NONBLOCK);
      }
      if (fd < 0) fail(name_, std::strerror(errno));
      // Blocking from here on: a FIFO's reader takes its time.
      ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
      write_all(fd, content, name_);
      if (::close(fd) != 0) fail(name_, std::strerror(errno));
      return;
    }
    case Kind::replaced:
      break;
  }

  // A short temporary name, whatever the target's length: "." + name +
  // suffix could pass the folder's limit where the name itself does not.
  const std::string folder = folder_of(target_);
  std::string pattern = folder + "/.adtrain-XXXXXX.tmp";
  std::vector<char> temporary_name(pattern.begin(), pattern.end());
  temporary_name.push_back('\0');
  const int fd = ::mkstemps(temporary_name.data(), 4);
  if (fd < 0) fail(name_, std::strerror(errno));
  TemporaryFile temporary(temporary_name.data());

  if (mode_) {
    ::fchmod(fd, *mode_);
    // Root replacing another user's file gives it back to them.
    if (owner_ && ::geteuid() == 0) {
      [[maybe_unused]] const int ignored = ::fchown(fd, owner_->first, owner_->second);
    }
  } else {
    // The permissions an ordinary new file gets (mkstemp uses 0600).
    const mode_t mask = ::umask(0);
    ::umask(mask);
    ::fchmod(fd, 0666 & ~mask);
  }
  write_all(fd, content, name_);
  const bool synced = ::fsync(fd) == 0;
  const int sync_error = errno;
  if (::close(fd) != 0 || !synced) fail(name_, std::strerror(synced ? errno : sync_error));
  if (::rename(temporary_name.data(), target_.c_str()) != 0) fail(name_, std::strerror(errno));
  temporary.committed();
}

void check_outputs_are_distinct(const std::vector<NamedInput>& inputs,
                                const std::vector<const OutputFile*>& outputs) {
  auto describe = [](const std::string& option, const std::string& name) {
    return option + " " + name;
  };
  for (std::size_t i = 0; i < outputs.size(); ++i) {
    const OutputFile& out = *outputs[i];
    const auto identity = out.identity();
    for (const NamedInput& input : inputs) {
      if (input.name.empty() || input.name == "-" || !identity) continue;
      struct stat info {};
      if (::stat(input.name.c_str(), &info) != 0) continue;  // its own error comes later
      if (std::pair{info.st_dev, info.st_ino} == *identity) {
        throw CommandError(ExitStatus::usage, describe(out.option(), out.name()) +
                                                  " is the same file as the input " +
                                                  describe(input.option, input.name) +
                                                  "; writing it would destroy that input");
      }
    }
    for (std::size_t j = 0; j < i; ++j) {
      const OutputFile& other = *outputs[j];
      const bool same =
          (out.is_standard_output() && other.is_standard_output()) ||
          (identity && identity == other.identity()) ||
          (!out.is_standard_output() && !other.is_standard_output() &&
           fs::weakly_canonical(out.target()) == fs::weakly_canonical(other.target()));
      if (same) {
        throw CommandError(ExitStatus::usage, describe(out.option(), out.name()) + " and " +
                                                  describe(other.option(), other.name()) +
                                                  " name the same output");
      }
    }
  }
}

}  // namespace adtrain::app
