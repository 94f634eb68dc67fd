#include "text_location.hpp"

#include <algorithm>

namespace adtrain::data {

TextLocation locate(std::string_view text, LineAnchor anchor, std::size_t offset) {
  offset = std::min(offset, text.size());
  TextLocation location{anchor.line, 1};
  std::size_t line_start = std::min(anchor.offset, offset);
  for (std::size_t index = line_start; index < offset; ++index) {
    if (text[index] == '\n') {
      ++location.line;
      line_start = index + 1;
    }
  }
  for (std::size_t index = line_start; index < offset; ++index) {
    const bool continuation = (static_cast<unsigned char>(text[index]) & 0xC0U) == 0x80U;
    if (!continuation) ++location.column;
  }
  return location;
}

}  // namespace adtrain::data
