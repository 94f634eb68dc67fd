#include "header_detection.hpp"

#include <cstddef>

#include "number_parsing.hpp"

namespace adtrain::data {
namespace {

// A missing value (empty, NA, NaN, null) or a bad number (inf) makes no name:
// a first row holding one is no evidence of a header.
bool is_word(std::string_view field) {
  double ignored = 0.0;
  return parse_number(field, ignored) == NumberStatus::not_a_number;
}

}  // namespace

bool looks_like_header(const std::vector<std::string_view>& first,
                       const std::vector<std::string_view>& second) {
  for (std::size_t column = 0; column < first.size(); ++column) {
    if (!is_word(first[column])) continue;
    const bool word_below_too = column < second.size() && is_word(second[column]);
    if (!word_below_too) return true;
  }
  return false;
}

}  // namespace adtrain::data
