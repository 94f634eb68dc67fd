// The byte-level checks a table gets before any parsing: a UTF-8 byte-order
// mark is dropped, and NUL bytes or invalid UTF-8 are refused up front so that
// the parser and every error message can rely on valid text.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace adtrain::data {

std::string_view strip_byte_order_mark(std::string_view text);

struct EncodingProblem {
  std::size_t offset = 0;  // of the first bad byte
  std::string message;     // "what is wrong (what was found)"
};

std::optional<EncodingProblem> find_encoding_problem(std::string_view text);

// The same check done piece by piece as text comes in, so that a bad byte is
// found without waiting for the rest: checks text[from, end) and returns how
// far the text is valid, or the first problem. Unless the text is `complete`,
// a multi-byte sequence near its end that may be cut off is left unchecked
// (`checked` stops before it) for the next call, made from `checked` on.
struct EncodingCheck {
  std::size_t checked = 0;
  std::optional<EncodingProblem> problem;
};
EncodingCheck check_encoding(std::string_view text, std::size_t from, bool complete);

}  // namespace adtrain::data
