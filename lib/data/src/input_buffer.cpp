#include "input_buffer.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "adtrain/data/table_reader.hpp"

namespace adtrain::data {
namespace {

constexpr std::size_t read_chunk = std::size_t{1} << 20;

std::string reason(int error) {
  switch (error) {
    case ENOENT:
      return "no such file";
    case EACCES:
    case EPERM:
      return "permission denied";
    case EISDIR:
      return "is a directory";
    case ENOTDIR:
      return "no such file (part of the path is not a directory)";
    default:
      return std::string("cannot read (").append(std::strerror(error)).append(")");
  }
}

[[noreturn]] void fail(const std::string& source, const std::string& why) {
  throw InputError(std::string(source).append(": ").append(why));
}

// Closes what this reader opened, never standard input.
class OpenedFile {
 public:
  explicit OpenedFile(int descriptor) : descriptor_(descriptor) {}
  ~OpenedFile() {
    if (descriptor_ > STDIN_FILENO) ::close(descriptor_);
  }
  OpenedFile(const OpenedFile&) = delete;
  OpenedFile& operator=(const OpenedFile&) = delete;
  int get() const { return descriptor_; }

 private:
  int descriptor_;
};

}  // namespace

InputBuffer::InputBuffer(const std::string& path) : source_(path == "-" ? "<stdin>" : path) {
  if (path == "-") {
    load(STDIN_FILENO);
    return;
  }
  const OpenedFile file(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (file.get() < 0) fail(source_, reason(errno));
  load(file.get());
}

InputBuffer::~InputBuffer() {
  if (mapping_ != nullptr) ::munmap(mapping_, mapping_size_);
}

void InputBuffer::load(int descriptor) {
  struct stat status {};
  if (::fstat(descriptor, &status) != 0) fail(source_, reason(errno));
  if (S_ISDIR(status.st_mode)) fail(source_, reason(EISDIR));
  // A regular file read from its start can be mapped; standard input
  // redirected from a file may already have been read from.
  const bool mappable =
      S_ISREG(status.st_mode) && status.st_size > 0 && ::lseek(descriptor, 0, SEEK_CUR) == 0;
  if (mappable) {
    const auto size = static_cast<std::size_t>(status.st_size);
    // The record count reads every page at once anyway; mapping them all in
    // one call costs far less than a page fault each (a third of the read
    // time in a virtual machine).
    void* mapping = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, descriptor, 0);
    if (mapping != MAP_FAILED) {
      mapping_ = mapping;
      mapping_size_ = size;
      text_ = std::string_view(static_cast<const char*>(mapping), size);
      return;
    }
  }
  read_all(descriptor);
}

void InputBuffer::release_before(const char* end) {
  if (mapping_ == nullptr) return;
  const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  const auto bytes = static_cast<std::size_t>(end - static_cast<const char*>(mapping_));
  // A private, never written file mapping loses nothing to MADV_DONTNEED:
  // the pages come back from the page cache on the next access. Pages let go
  // before may have come back since, so the whole range is advised each time.
  ::madvise(mapping_, bytes / page * page, MADV_DONTNEED);
}

void InputBuffer::read_all(int descriptor) {
  std::size_t size = 0;
  while (true) {
    if (read_bytes_.size() < size + read_chunk) read_bytes_.resize(size + read_chunk);
    const ssize_t count = ::read(descriptor, read_bytes_.data() + size, read_chunk);
    if (count < 0) {
      if (errno == EINTR) continue;
      fail(source_, reason(errno));
    }
    if (count == 0) break;
    size += static_cast<std::size_t>(count);
  }
  read_bytes_.resize(size);
  text_ = read_bytes_;
}

}  // namespace adtrain::data
