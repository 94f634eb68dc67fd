// The public reader and its options: the spellings of the delimiter and
// header options, reading a file or standard input into memory with its
// encoding checked as it arrives, and read_labeled_table.
#include "adtrain/data.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>

#include "field_scanner.hpp"
#include "internal.hpp"

namespace adtrain::data {

// ---- Option spellings --------------------------------------------------------------------------

// The spellings of the delimiter and header options, shared by the command
// line and the report so that both always agree.

namespace {

constexpr std::array delimiters = {Delimiter::automatic, Delimiter::comma, Delimiter::semicolon,
                                   Delimiter::tab, Delimiter::whitespace};
constexpr std::array header_modes = {HeaderMode::automatic, HeaderMode::present,
                                     HeaderMode::absent};

}  // namespace

std::string_view to_string(Delimiter delimiter) {
  switch (delimiter) {
    case Delimiter::automatic:
      return "auto";
    case Delimiter::comma:
      return ",";
    case Delimiter::semicolon:
      return ";";
    case Delimiter::tab:
      return "tab";
    case Delimiter::whitespace:
      return "space";
  }
  return "auto";
}

std::optional<Delimiter> delimiter_from_string(std::string_view text) {
  for (Delimiter delimiter : delimiters) {
    if (to_string(delimiter) == text) return delimiter;
  }
  return std::nullopt;
}

std::string_view to_string(HeaderMode header) {
  switch (header) {
    case HeaderMode::automatic:
      return "auto";
    case HeaderMode::present:
      return "yes";
    case HeaderMode::absent:
      return "no";
  }
  return "auto";
}

std::optional<HeaderMode> header_mode_from_string(std::string_view text) {
  for (HeaderMode header : header_modes) {
    if (to_string(header) == text) return header;
  }
  return std::nullopt;
}

// ---- Text encoding -----------------------------------------------------------------------------

namespace {

// Most tables are plain ASCII: checking eight bytes at a time keeps the
// validation far cheaper than the parse that follows it.
bool is_ascii_without_nul(std::uint64_t word) {
  constexpr std::uint64_t low_bits = 0x0101010101010101ULL;
  constexpr std::uint64_t high_bits = 0x8080808080808080ULL;
  const bool has_high_bit = (word & high_bits) != 0;
  const bool has_zero_byte = ((word - low_bits) & ~word & high_bits) != 0;
  return !has_high_bit && !has_zero_byte;
}

// Length of the valid UTF-8 sequence starting at `offset`, or 0 if invalid.
// Overlong forms, surrogates and code points above U+10FFFF are invalid.
std::size_t valid_sequence_length(std::string_view text, std::size_t offset) {
  const auto byte_at = [&](std::size_t index) {
    return static_cast<unsigned char>(text[offset + index]);
  };
  const unsigned lead = byte_at(0);
  std::size_t length = 0;
  unsigned second_min = 0x80;
  unsigned second_max = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) second_min = 0xA0;
    if (lead == 0xED) second_max = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) second_min = 0x90;
    if (lead == 0xF4) second_max = 0x8F;
  } else {
    return 0;
  }
  if (offset + length > text.size()) return 0;
  if (byte_at(1) < second_min || byte_at(1) > second_max) return 0;
  for (std::size_t index = 2; index < length; ++index) {
    if (byte_at(index) < 0x80 || byte_at(index) > 0xBF) return 0;
  }
  return length;
}

std::string hex_bytes(std::string_view bytes) {
  constexpr std::string_view digits = "0123456789ABCDEF";
  std::string out;
  for (char character : bytes) {
    const auto byte = static_cast<unsigned char>(character);
    if (!out.empty()) out += ' ';
    out += "0x";
    out += digits[byte >> 4U];
    out += digits[byte & 0x0FU];
  }
  return out;
}

EncodingProblem invalid_utf8_at(std::string_view text, std::size_t offset, bool at_text_start) {
  const bool text_start = at_text_start && offset == 0;
  if (text_start && text.starts_with("\xFF\xFE")) {
    return {offset, "not UTF-8 (found bytes 0xFF 0xFE, a UTF-16 byte-order mark)"};
  }
  if (text_start && text.starts_with("\xFE\xFF")) {
    return {offset, "not UTF-8 (found bytes 0xFE 0xFF, a UTF-16 byte-order mark)"};
  }
  // Show the lead byte and what follows it, as far as a sequence could reach.
  std::size_t shown = 1;
  while (shown < 4 && offset + shown < text.size() &&
         (static_cast<unsigned char>(text[offset + shown]) & 0xC0U) == 0x80U) {
    ++shown;
  }
  const std::string_view bytes = text.substr(offset, shown);
  return {offset, std::string("invalid UTF-8 (found ")
                      .append(shown == 1 ? "byte " : "bytes ")
                      .append(hex_bytes(bytes))
                      .append(")")};
}

}  // namespace

EncodingCheck check_encoding(std::string_view text, std::size_t from, bool complete,
                             bool at_text_start) {
  // The longest UTF-8 sequence: one that starts this close to the end of
  // incomplete text may be cut off, and waits for the next call.
  constexpr std::size_t longest_sequence = 4;
  std::size_t offset = from;
  while (offset < text.size()) {
    if (offset + sizeof(std::uint64_t) <= text.size()) {
      std::uint64_t word = 0;
      std::memcpy(&word, text.data() + offset, sizeof word);
      if (is_ascii_without_nul(word)) {
        offset += sizeof word;
        continue;
      }
    }
    const auto byte = static_cast<unsigned char>(text[offset]);
    if (byte == 0) {
      return {offset, EncodingProblem{offset,
                                      "unexpected NUL byte (found byte 0x00; is this a "
                                      "binary or UTF-16 file?)"}};
    }
    if (byte < 0x80) {
      ++offset;
      continue;
    }
    if (!complete && text.size() - offset < longest_sequence) break;
    const std::size_t length = valid_sequence_length(text, offset);
    if (length == 0) return {offset, invalid_utf8_at(text, offset, at_text_start)};
    offset += length;
  }
  return {offset, std::nullopt};
}

std::string_view strip_byte_order_mark(std::string_view text) {
  if (text.starts_with(utf8_byte_order_mark)) text.remove_prefix(utf8_byte_order_mark.size());
  return text;
}

std::optional<EncodingProblem> find_encoding_problem(std::string_view text) {
  return check_encoding(text, 0, true).problem;
}

// ---- Input -------------------------------------------------------------------------------------

namespace {

// Bytes asked of each read(2), and checked as soon as they arrive (while
// they are still in the cache). Large enough that system calls cost nothing
// next to parsing, small enough that a binary file is refused at once.
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

std::size_t page_size() {
  static const auto size = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  return size;
}

std::size_t round_up_to_page(std::size_t bytes) {
  const std::size_t page = page_size();
  return (bytes + page - 1) / page * page;
}

}  // namespace

bool same_modification_time(const struct stat& first, const struct stat& second) {
  return first.st_mtim.tv_sec == second.st_mtim.tv_sec &&
         first.st_mtim.tv_nsec == second.st_mtim.tv_nsec;
}

InputFile::InputFile(const std::string& path) : source_(path == "-" ? "<stdin>" : path) {
  descriptor_.value = path == "-" ? STDIN_FILENO : ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (descriptor_.value < 0) fail(reason(errno));
  if (::fstat(descriptor_.value, &opened_) != 0) fail(reason(errno));
  if (S_ISDIR(opened_.st_mode)) fail(reason(EISDIR));
}

InputFile::InputFile(const std::string& path, RegularOnly only)
    : source_(path == "-" ? "<stdin>" : path) {
  // Every process must find the same bytes at the same offsets, which
  // standard input, a pipe or a terminal cannot give.
  if (path == "-") fail(std::string(only.refusal).append(" (found standard input)"));
  descriptor_.value = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (descriptor_.value < 0) fail(reason(errno));
  if (::fstat(descriptor_.value, &opened_) != 0) fail(reason(errno));
  if (S_ISDIR(opened_.st_mode)) fail(reason(EISDIR));
  if (!S_ISREG(opened_.st_mode)) {
    fail(std::string(only.refusal).append(" (found no regular file)"));
  }
}

InputFile::Descriptor::~Descriptor() {
  if (value > STDIN_FILENO) ::close(value);
}

bool InputFile::regular() const {
  return S_ISREG(opened_.st_mode);
}

std::uint64_t InputFile::size() const {
  return static_cast<std::uint64_t>(opened_.st_size);
}

std::size_t InputFile::read_at(std::uint64_t offset, char* out, std::size_t size) const {
  std::size_t done = 0;
  while (done < size) {
    const ssize_t count =
        ::pread(descriptor_.value, out + done, size - done, static_cast<off_t>(offset + done));
    if (count < 0) {
      if (errno == EINTR) continue;
      fail(reason(errno));
    }
    if (count == 0) break;
    done += static_cast<std::size_t>(count);
  }
  return done;
}

std::size_t InputFile::read_next(char* out, std::size_t size) const {
  while (true) {
    const ssize_t count = ::read(descriptor_.value, out, size);
    if (count >= 0) return static_cast<std::size_t>(count);
    if (errno != EINTR) fail(reason(errno));
  }
}

void InputFile::check_unchanged() const {
  if (!regular()) return;
  // The front of one version and the back of another, or a cut-off last row
  // that still parses. (Pseudo-files whose size is not their length, as in
  // /sys, keep their size and time and are read as they are.)
  struct stat now {};
  if (::fstat(descriptor_.value, &now) != 0) fail(reason(errno));
  if (now.st_size != opened_.st_size) {
    fail(std::string("the file changed while it was read (found ")
             .append(std::to_string(opened_.st_size))
             .append(" bytes when it was opened, ")
             .append(std::to_string(now.st_size))
             .append(" after reading)"));
  }
  if (!same_modification_time(now, opened_)) {
    fail("the file changed while it was read (found a new modification time)");
  }
}

void InputFile::fail(const std::string& why) const {
  adtrain::data::fail(source_, why);
}

InputBuffer::InputBuffer(const std::string& path, const std::function<void()>& after_each_read)
    : source_(path == "-" ? "<stdin>" : path) {
  const InputFile file(path);
  read_all(file.descriptor(), file.regular() ? static_cast<std::size_t>(file.size()) : 0,
           after_each_read);
  file.check_unchanged();
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
    if (size_ < utf8_byte_order_mark.size() && !complete) return;
    text_start_ = text().starts_with(utf8_byte_order_mark) ? utf8_byte_order_mark.size() : 0;
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

// ---- Reading -----------------------------------------------------------------------------------

LabeledTable read_labeled_table(const std::string& path, const ReadOptions& options) {
  InputBuffer input(path);
  return parse_table_text(
      input.text(), input.source(), options,
      [&input](const char* consumed_end) { input.release_before(consumed_end); }, true);
}

}  // namespace adtrain::data
