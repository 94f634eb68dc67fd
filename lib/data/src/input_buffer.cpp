#include "input_buffer.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "adtrain/data/table_reader.hpp"
#include "text_encoding.hpp"
#include "text_location.hpp"

namespace adtrain::data {
namespace {

// Bytes asked of each read(2), and checked as soon as they arrive (while
// they are still in the cache). Large enough that system calls cost nothing
// next to parsing, small enough that a binary file is refused at once.
constexpr std::size_t read_chunk = std::size_t{1} << 20;
constexpr std::string_view byte_order_mark = "\xEF\xBB\xBF";

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

std::size_t page_size() {
  static const auto size = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  return size;
}

std::size_t round_up_to_page(std::size_t bytes) {
  const std::size_t page = page_size();
  return (bytes + page - 1) / page * page;
}

bool same_time(const struct timespec& first, const struct timespec& second) {
  return first.tv_sec == second.tv_sec && first.tv_nsec == second.tv_nsec;
}

}  // namespace

InputBuffer::InputBuffer(const std::string& path, const std::function<void()>& after_each_read)
    : source_(path == "-" ? "<stdin>" : path) {
  const bool standard_input = path == "-";
  const OpenedFile file(standard_input ? STDIN_FILENO : ::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (file.get() < 0) fail(source_, reason(errno));
  struct stat before {};
  if (::fstat(file.get(), &before) != 0) fail(source_, reason(errno));
  if (S_ISDIR(before.st_mode)) fail(source_, reason(EISDIR));
  const bool regular = S_ISREG(before.st_mode);
  read_all(file.get(), regular ? static_cast<std::size_t>(before.st_size) : 0, after_each_read);
  if (!regular) return;
  // A file written to while it was read gives a table that never existed:
  // the front of one version and the back of another, or a cut-off last row
  // that still parses. (Pseudo-files whose size is not their length, as in
  // /sys, keep their size and time and are read as they are.)
  struct stat after {};
  if (::fstat(file.get(), &after) != 0) fail(source_, reason(errno));
  if (after.st_size != before.st_size) {
    fail(source_, std::string("the file changed while it was read (found ")
                      .append(std::to_string(before.st_size))
                      .append(" bytes when it was opened, ")
                      .append(std::to_string(after.st_size))
                      .append(" after reading)"));
  }
  if (!same_time(after.st_mtim, before.st_mtim)) {
    fail(source_, "the file changed while it was read (found a new modification time)");
  }
}

InputBuffer::~InputBuffer() {
  if (buffer_ != nullptr) ::munmap(buffer_, capacity_);
}

bool InputBuffer::try_reserve(std::size_t capacity) {
  capacity = round_up_to_page(capacity);
  if (capacity <= capacity_) return true;
  // Anonymous memory: pages cost nothing until written, and can be given
  // back one by one (release_before) or moved without copying (mremap).
  void* memory = buffer_ == nullptr ? ::mmap(nullptr, capacity, PROT_READ | PROT_WRITE,
                                             MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
                                    : ::mremap(buffer_, capacity_, capacity, MREMAP_MAYMOVE);
  if (memory == MAP_FAILED) return false;
  buffer_ = static_cast<char*>(memory);
  capacity_ = capacity;
  // Huge pages where the system allows them: a fault per 2 MiB instead of
  // one per 4 KiB makes the copy nearly as cheap as mapping the file was.
  // Only advice: without it, the buffer works the same.
  ::madvise(buffer_, capacity_, MADV_HUGEPAGE);
  return true;
}

void InputBuffer::reserve(std::size_t capacity) {
  if (!try_reserve(capacity)) {
    fail(source_, std::string("cannot read (").append(std::strerror(ENOMEM)).append(")"));
  }
}

void InputBuffer::read_all(int descriptor, std::size_t size_hint,
                           const std::function<void()>& after_each_read) {
  // One byte more than the file's size, so that the read which finds the
  // end needs no growth. A size too large to reserve at once (a sparse
  // file) is read growing as a pipe is: its first bytes may be all it takes
  // to refuse it.
  if (!try_reserve(std::max(size_hint + 1, read_chunk))) reserve(read_chunk);
  while (true) {
    // Input of unknown size (a pipe) grows the buffer by half each time.
    if (size_ == capacity_) reserve(capacity_ + std::max(capacity_ / 2, read_chunk));
    const ssize_t count =
        ::read(descriptor, buffer_ + size_, std::min(read_chunk, capacity_ - size_));
    if (count < 0) {
      if (errno == EINTR) continue;
      fail(source_, reason(errno));
    }
    if (count == 0) break;
    size_ += static_cast<std::size_t>(count);
    check_new_bytes(false);
    if (after_each_read) after_each_read();
  }
  check_new_bytes(true);
}

void InputBuffer::check_new_bytes(bool complete) {
  if (!text_start_known_) {
    // A byte-order mark is not text; wait until it can be told apart.
    if (size_ < byte_order_mark.size() && !complete) return;
    text_start_ = text().starts_with(byte_order_mark) ? byte_order_mark.size() : 0;
    text_start_known_ = true;
    checked_ = 0;
  }
  const std::string_view text_proper = text().substr(text_start_);
  const EncodingCheck check = check_encoding(text_proper, checked_, complete);
  checked_ = check.checked;
  if (check.problem) {
    const TextLocation location = locate(text_proper, LineAnchor{}, check.problem->offset);
    throw DataError(source_, location.line, location.column, check.problem->message);
  }
}

void InputBuffer::release_before(const char* end) {
  if (buffer_ == nullptr) return;
  const auto bytes = static_cast<std::size_t>(end - buffer_);
  const std::size_t whole_pages = bytes / page_size() * page_size();
  if (whole_pages <= released_) return;
  ::madvise(buffer_ + released_, whole_pages - released_, MADV_DONTNEED);
  released_ = whole_pages;
}

}  // namespace adtrain::data
