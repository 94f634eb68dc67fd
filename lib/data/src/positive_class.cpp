#include "positive_class.hpp"

#include <algorithm>
#include <cctype>
#include <string_view>

#include "label_classes.hpp"
#include "number_parsing.hpp"

namespace adtrain::data {
namespace {

bool equal_ignoring_case(std::string_view first, std::string_view second) {
  return std::equal(first.begin(), first.end(), second.begin(), second.end(),
                    [](char left, char right) {
                      return std::tolower(static_cast<unsigned char>(left)) ==
                             std::tolower(static_cast<unsigned char>(right));
                    });
}

bool is_conventional_positive(std::string_view spelling) {
  spelling = trim_blanks(spelling);
  const auto number = number_value(spelling);
  if (number) return *number == 1.0;
  return equal_ignoring_case(spelling, "true") || equal_ignoring_case(spelling, "yes");
}

}  // namespace

std::optional<std::size_t> choose_positive(const std::array<std::string, 2>& spellings,
                                           const std::optional<std::string>& requested) {
  if (requested) {
    for (std::size_t index = 0; index < spellings.size(); ++index) {
      if (same_label(spellings[index], *requested)) return index;
    }
    for (std::size_t index = 0; index < spellings.size(); ++index) {
      if (equal_ignoring_case(spellings[index], *requested)) return index;
    }
    return std::nullopt;
  }
  const bool first_conventional = is_conventional_positive(spellings[0]);
  if (first_conventional != is_conventional_positive(spellings[1])) {
    return first_conventional ? 0 : 1;
  }
  const auto first_number = number_value(spellings[0]);
  const auto second_number = number_value(spellings[1]);
  if (first_number && second_number) return *first_number > *second_number ? 0 : 1;
  return spellings[0] > spellings[1] ? 0 : 1;
}

}  // namespace adtrain::data
