// Label classes: the distinct values of the label column as the file spells
// them, which of the two counts as positive, and the same decision made from
// the classes of every share of a file read by several processes.
#include <algorithm>
#include <cctype>
#include <stdexcept>
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

std::size_t positive_class(const LabelClasses& values, const LabelSightings& seen,
                           std::string_view label_name, std::string_view source,
                           const ReadOptions& options) {
  const std::string quoted_name = quote_name(label_name);
  const auto fail_at = [&](TextLocation location, const std::string& message) {
    throw DataError(std::string(source), location.line, location.column, message);
  };
  if (seen.first_other) fail_more_than_two_classes(values, *seen.first_other, label_name, source);
  if (values.class_count() < 2) {
    fail_at(seen.first_label, std::string("only one class in label column ")
                                  .append(quoted_name)
                                  .append(" (found ")
                                  .append(quote_found(values.spelling(0)))
                                  .append(" in all ")
                                  .append(std::to_string(seen.rows))
                                  .append(seen.rows == 1 ? " row)" : " rows)"));
  }
  const std::array<std::string, 2> spellings = {values.spelling(0), values.spelling(1)};
  const auto chosen = choose_positive(spellings, options.positive);
  if (!chosen) {
    fail_at(seen.first_label, std::string("positive class ")
                                  .append(quote_found(options.positive.value_or("")))
                                  .append(" is not a value of label column ")
                                  .append(quoted_name)
                                  .append(" (found ")
                                  .append(values.list_values())
                                  .append(")"));
  }
  return *chosen;
}

void fail_more_than_two_classes(const LabelClasses& values, TextLocation first_other,
                                std::string_view label_name, std::string_view source) {
  throw DataError(std::string(source), first_other.line, first_other.column,
                  std::string("more than two classes in label column ")
                      .append(quote_name(label_name))
                      .append(" (found ")
                      .append(values.list_values())
                      .append(")"));
}

// ---- Classes across shares ---------------------------------------------------------------------

ShareClasses classes_of_share(const LabeledTable& share) {
  return ShareClasses{share.classes, share.class_counts, share.class_first_seen};
}

// Folds the shares' classes, in the order the file holds them, into the
// LabelClasses the whole-file parser fills row by row: each share's classes
// are in order of first appearance, so the file's first two classes, the
// spelling kept for each, and its first value beyond them come out the same.
std::array<std::string, 2> agree_classes(const std::vector<ShareClasses>& shares,
                                         std::string_view source, const ReadOptions& options,
                                         std::string_view label_name) {
  if (options.known_classes) return *options.known_classes;
  LabelClasses values(std::nullopt);
  LabelSightings seen;
  bool any = false;
  for (const ShareClasses& share : shares) {
    for (std::size_t index = 0; index < share.spellings.size(); ++index) {
      if (share.spellings[index].empty()) continue;
      const TextLocation where = share.first_seen[index].value_or(TextLocation{});
      if (!any) seen.first_label = where;
      any = true;
      if (values.classify(share.spellings[index]) == LabelClasses::not_a_class &&
          !seen.first_other) {
        seen.first_other = where;
      }
    }
    seen.rows += share.counts[0] + share.counts[1];
  }
  if (!any) throw std::invalid_argument("agree_classes: no share has a label class");
  const std::size_t positive = positive_class(values, seen, label_name, source, options);
  return {values.spelling(1 - positive), values.spelling(positive)};
}

void adopt_classes(LabeledTable& share, const std::array<std::string, 2>& classes) {
  if (share.label_name.empty()) return;
  // Where each of the share's classes goes among the agreed ones.
  std::array<std::size_t, 2> target = {0, 1};
  for (std::size_t index = 0; index < share.classes.size(); ++index) {
    if (share.classes[index].empty()) continue;
    const auto found = std::find_if(classes.begin(), classes.end(), [&](const std::string& agreed) {
      return same_label(share.classes[index], agreed);
    });
    if (found == classes.end()) {
      throw std::invalid_argument(std::string("adopt_classes: the share's class ")
                                      .append(quote_found(share.classes[index]))
                                      .append(" is none of the agreed classes"));
    }
    target[index] = static_cast<std::size_t>(found - classes.begin());
  }
  // With one class, the unused slot takes the other place.
  if (share.classes[1].empty()) target[1] = 1 - target[0];
  if (target[0] == 1) {
    share.labels = 1.0 - share.labels;
    std::swap(share.class_counts[0], share.class_counts[1]);
    std::swap(share.class_first_seen[0], share.class_first_seen[1]);
  }
  share.classes = classes;
}

}  // namespace adtrain::data
