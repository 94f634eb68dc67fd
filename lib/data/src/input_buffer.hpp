// The bytes of an input: memory-mapped when it is a regular file, so that a
// large table is neither copied nor held twice; read into memory otherwise
// (pipes, terminals, standard input from another program).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace adtrain::data {

class InputBuffer {
 public:
  // `path` "-" is standard input. Throws InputError when it cannot be read.
  explicit InputBuffer(const std::string& path);
  ~InputBuffer();
  InputBuffer(const InputBuffer&) = delete;
  InputBuffer& operator=(const InputBuffer&) = delete;

  std::string_view text() const { return text_; }
  // Lets the pages of a mapped file before `end` (a pointer into text()) leave
  // memory; they are read again from the file if needed. Does nothing for
  // input that was read into memory.
  void release_before(const char* end);

  // The path, or "<stdin>".
  const std::string& source() const { return source_; }

 private:
  void load(int descriptor);
  void read_all(int descriptor);

  std::string source_;
  void* mapping_ = nullptr;
  std::size_t mapping_size_ = 0;
  std::string read_bytes_;
  std::string_view text_;
};

}  // namespace adtrain::data
