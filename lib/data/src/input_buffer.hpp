// The bytes of an input, read with read(2) into memory this reader owns:
// regular files, pipes, terminals and standard input alike. A file is never
// memory-mapped, because a mapped file that shrinks under the reader kills it
// with SIGBUS at the first page past the new end; a copy cannot change.
// Reading checks the encoding of each piece as it arrives, so a binary file
// is refused after its first megabyte, not after all of it.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

namespace adtrain::data {

class InputBuffer {
 public:
  // `path` "-" is standard input. Throws InputError when it cannot be read
  // or a regular file changes while it is read (its size or modification
  // time), and DataError at the first NUL byte or invalid UTF-8, with the
  // location the parser would give it. `after_each_read`, for tests, is
  // called after every read(2) that brought bytes.
  explicit InputBuffer(const std::string& path, const std::function<void()>& after_each_read = {});
  ~InputBuffer();
  InputBuffer(const InputBuffer&) = delete;
  InputBuffer& operator=(const InputBuffer&) = delete;

  // Everything read, a UTF-8 byte-order mark included; valid UTF-8 without
  // NUL bytes after it.
  std::string_view text() const { return {buffer_, size_}; }
  // Gives the memory of the whole pages before `end` (a pointer into text())
  // back to the system. Those bytes are gone: they read as zeros afterwards,
  // so the caller must never look at them again.
  void release_before(const char* end);

  // The path, or "<stdin>".
  const std::string& source() const { return source_; }

 private:
  void read_all(int descriptor, std::size_t size_hint,
                const std::function<void()>& after_each_read);
  bool try_reserve(std::size_t capacity);
  void reserve(std::size_t capacity);  // throws InputError when it cannot
  void check_new_bytes(bool complete);

  std::string source_;
  char* buffer_ = nullptr;  // an anonymous mapping of capacity_ bytes
  std::size_t capacity_ = 0;
  std::size_t size_ = 0;
  std::size_t released_ = 0;  // bytes at the front given back
  // Where the text proper starts (past a byte-order mark) once known, and
  // how far it has been checked.
  std::size_t text_start_ = 0;
  bool text_start_known_ = false;
  std::size_t checked_ = 0;
};

}  // namespace adtrain::data
