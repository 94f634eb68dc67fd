// Line and column of a byte offset, worked out only when an error needs them
// so that the parser itself tracks no more than where each record starts.
#pragma once

#include <cstddef>
#include <string_view>

namespace adtrain::data {

// A known line start: `line` is its 1-based number, `offset` its first byte.
struct LineAnchor {
  std::size_t line = 1;
  std::size_t offset = 0;
};

struct TextLocation {
  std::size_t line = 1;
  std::size_t column = 1;  // 1-based, in characters (UTF-8 code points)
};

// `offset` must not come before `anchor.offset`; the text must be valid UTF-8.
TextLocation locate(std::string_view text, LineAnchor anchor, std::size_t offset);

}  // namespace adtrain::data
