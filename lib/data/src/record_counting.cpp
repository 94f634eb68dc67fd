#include "record_counting.hpp"

#include <cstring>

#include "field_scanner.hpp"
#include "number_parsing.hpp"

namespace adtrain::data {
namespace {

bool is_line_end(std::string_view text, std::size_t offset) {
  if (offset >= text.size() || text[offset] == '\n') return true;
  return text[offset] == '\r' && (offset + 1 == text.size() || text[offset + 1] == '\n');
}

// Without quotes a record is exactly one line, and memchr finds lines far
// faster than the field scanner walks them.
std::size_t count_lines_with_content(std::string_view text, std::size_t offset,
                                     std::optional<char> comment) {
  std::size_t records = 0;
  const char* const data = text.data();
  while (offset < text.size()) {
    std::size_t first = offset;
    while (first < text.size() && is_blank(text[first])) ++first;
    if (!is_line_end(text, first) && !(comment && text[first] == *comment)) ++records;
    const void* newline = std::memchr(data + offset, '\n', text.size() - offset);
    if (newline == nullptr) break;
    offset = static_cast<std::size_t>(static_cast<const char*>(newline) - data) + 1;
  }
  return records;
}

}  // namespace

std::size_t count_records(std::string_view text, std::size_t offset, Delimiter delimiter,
                          std::optional<char> comment) {
  const std::string_view rest = text.substr(offset);
  if (std::memchr(rest.data(), '"', rest.size()) == nullptr) {
    return count_lines_with_content(rest, 0, comment);
  }
  FieldScanner scanner(rest, delimiter, comment);
  std::size_t records = 0;
  while (scanner.next_record()) {
    ++records;
    scanner.skip_rest_of_record();
  }
  return records;
}

}  // namespace adtrain::data
