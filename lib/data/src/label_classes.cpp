// Label classes: the distinct values of the label column as the file spells
// them, and which of the two counts as positive.
#include <algorithm>
#include <cctype>
#include <string_view>

#include "field_scanner.hpp"
#include "internal.hpp"

namespace adtrain::data {

// ---- Label classes -----------------------------------------------------------------------------

namespace {

constexpr std::size_t values_to_list = 5;

bool same_label(std::string_view first, std::string_view second) {
  if (first == second) return true;
  const auto first_number = number_value(first);
  const auto second_number = number_value(second);
  return first_number && second_number && *first_number == *second_number;
}

}  // namespace

LabelClasses::LabelClasses(const std::optional<std::array<std::string, 2>>& known) {
  if (!known) return;
  known_ = true;
  class_count_ = 2;
  classes_ = {make_value((*known)[0]), make_value((*known)[1])};
}

LabelClasses::Value LabelClasses::make_value(std::string_view spelling) {
  return Value{std::string(spelling), number_value(spelling)};
}

int LabelClasses::classify_new_spelling(std::string_view value) {
  const auto number = number_value(value);
  const auto same = [&](const Value& known) {
    return known.spelling == value || (number && known.number && *number == *known.number);
  };
  for (std::size_t index = 0; index < class_count_; ++index) {
    if (same(classes_[index])) return static_cast<int>(index);
  }
  if (!known_ && class_count_ < 2) {
    classes_[class_count_] = make_value(value);
    return static_cast<int>(class_count_++);
  }
  bool seen = false;
  for (const Value& other : others_) seen = seen || same(other);
  if (!seen) {
    if (others_.size() + class_count_ < values_to_list) {
      others_.push_back(make_value(value));
    } else {
      more_others_ = true;
    }
  }
  return not_a_class;
}

std::string LabelClasses::list_values() const {
  std::string list;
  const auto add = [&](const Value& value) {
    if (!list.empty()) list += ", ";
    list += quote_found(value.spelling);
  };
  if (!known_) {
    for (std::size_t index = 0; index < class_count_; ++index) add(classes_[index]);
  }
  for (const Value& other : others_) add(other);
  if (more_others_) list += ", ...";
  return list;
}

// ---- The positive class ------------------------------------------------------------------------

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
