#include "column_selection.hpp"

#include <algorithm>
#include <charconv>
#include <string_view>
#include <unordered_map>

#include "found_text.hpp"

namespace adtrain::data {
namespace {

constexpr std::size_t names_to_list = 8;

std::optional<std::size_t> parse_index(std::string_view text) {
  std::size_t index = 0;
  const char* const end = text.data() + text.size();
  const auto [stop, error] = std::from_chars(text.data(), end, index);
  if (text.empty() || error != std::errc() || stop != end) return std::nullopt;
  return index;
}

// Where each column name is, built once per table: looking a name up, or
// checking that it is unique, costs the same for the 100,000th column as for
// the first (a search of the header per column made wide files quadratic).
class NameIndex {
 public:
  explicit NameIndex(const std::vector<std::string>& names) {
    places_.reserve(names.size());
    for (std::size_t column = 0; column < names.size(); ++column) {
      const auto [place, inserted] = places_.try_emplace(names[column], Places{column, npos});
      if (!inserted && place->second.second == npos) place->second.second = column;
    }
  }
  // The first column of that name.
  std::optional<std::size_t> find(std::string_view name) const {
    const auto place = places_.find(name);
    if (place == places_.end()) return std::nullopt;
    return place->second.first;
  }
  // The second column of that name, if the name is not unique.
  std::optional<std::size_t> second(std::string_view name) const {
    const auto place = places_.find(name);
    if (place == places_.end() || place->second.second == npos) return std::nullopt;
    return place->second.second;
  }

 private:
  static constexpr std::size_t npos = static_cast<std::size_t>(-1);
  struct Places {
    std::size_t first;
    std::size_t second;
  };
  std::unordered_map<std::string_view, Places> places_;
};

std::string list_names(const std::vector<std::string>& names) {
  std::string list;
  for (std::size_t index = 0; index < names.size() && index < names_to_list; ++index) {
    if (index > 0) list += ", ";
    list += quote_name(names[index]);
  }
  if (names.size() > names_to_list) list += ", ...";
  return list;
}

std::string synthetic_feature_name(std::size_t number) {
  return std::string("x").append(std::to_string(number));
}

// "x3" -> 3, as a table without a header names its features.
std::optional<std::size_t> synthetic_feature_number(std::string_view name) {
  if (!name.starts_with('x')) return std::nullopt;
  const auto number = parse_index(name.substr(1));
  if (!number || *number == 0 || name[1] == '0') return std::nullopt;
  return number;
}

// With label_optional, a table without a header has a label column only if it
// has more columns than the highest feature xK asked for: the same features
// are numbered the same whether a label follows them or not.
std::optional<std::size_t> optional_headerless_label(std::size_t column_count,
                                                     const ReadOptions& options) {
  std::size_t highest = 0;
  for (const std::string& feature : options.features) {
    highest = std::max(highest, synthetic_feature_number(feature).value_or(0));
  }
  if (column_count > highest && column_count > 1) return column_count - 1;
  return std::nullopt;
}

std::optional<std::size_t> resolve_label(const std::vector<std::string>& header,
                                         std::size_t column_count, const ReadOptions& options) {
  const bool has_header = !header.empty();
  if (!options.label) {
    if (!has_header && options.label_optional) {
      return optional_headerless_label(column_count, options);
    }
    return column_count - 1;
  }
  const std::string& wanted = *options.label;
  if (has_header) {
    if (const auto column = NameIndex(header).find(wanted)) return column;
  }
  if (const auto index = parse_index(wanted)) {
    if (*index < column_count) return index;
    if (options.label_optional) return std::nullopt;
    const std::string found = column_count == 1 ? std::string("found 1 column")
                                                : std::string("found ")
                                                      .append(std::to_string(column_count))
                                                      .append(" columns, indices 0 to ")
                                                      .append(std::to_string(column_count - 1));
    throw ColumnSelectionError(std::nullopt, std::string("label column index ")
                                                 .append(wanted)
                                                 .append(" is out of range (")
                                                 .append(found)
                                                 .append(")"));
  }
  if (!has_header) {
    if (wanted == "y" || options.label_optional) {
      return options.label_optional ? optional_headerless_label(column_count, options)
                                    : std::optional<std::size_t>(column_count - 1);
    }
    throw ColumnSelectionError(std::nullopt,
                               std::string("no label column named ")
                                   .append(quote_name(wanted))
                                   .append(" (found no header; give the label's 0-based index)"));
  }
  if (options.label_optional) return std::nullopt;
  throw ColumnSelectionError(std::nullopt, std::string("no label column named ")
                                               .append(quote_name(wanted))
                                               .append(" (found columns ")
                                               .append(list_names(header))
                                               .append(")"));
}

std::vector<std::string> column_names(const std::vector<std::string>& header,
                                      std::size_t column_count,
                                      std::optional<std::size_t> label_column) {
  if (!header.empty()) return header;
  std::vector<std::string> names;
  std::size_t feature_number = 0;
  for (std::size_t column = 0; column < column_count; ++column) {
    names.push_back(column == label_column ? std::string("y")
                                           : synthetic_feature_name(++feature_number));
  }
  return names;
}

std::vector<std::size_t> resolve_features(const std::vector<std::string>& names,
                                          const NameIndex& index,
                                          std::optional<std::size_t> label_column,
                                          const ReadOptions& options) {
  std::vector<std::size_t> columns;
  if (options.features.empty()) {
    for (std::size_t column = 0; column < names.size(); ++column) {
      if (column != label_column) columns.push_back(column);
    }
    return columns;
  }
  std::vector<bool> chosen(names.size(), false);
  for (const std::string& wanted : options.features) {
    const auto column = index.find(wanted);
    if (!column || column == label_column) {
      if (column) {
        throw ColumnSelectionError(column, std::string("column ")
                                               .append(quote_name(wanted))
                                               .append(" is the label and cannot be a feature ")
                                               .append("(found it in the feature list)"));
      }
      throw ColumnSelectionError(std::nullopt, std::string("no feature column named ")
                                                   .append(quote_name(wanted))
                                                   .append(" (found columns ")
                                                   .append(list_names(names))
                                                   .append(")"));
    }
    if (chosen[*column]) {
      throw ColumnSelectionError(column, std::string("feature ")
                                             .append(quote_name(wanted))
                                             .append(" is asked for twice (found it twice in the ")
                                             .append("feature list)"));
    }
    chosen[*column] = true;
    columns.push_back(*column);
  }
  return columns;
}

// Models refer to columns by name, so a name that is empty or not unique
// cannot be used.
void check_usable_name(const std::vector<std::string>& names, const NameIndex& index,
                       std::size_t column) {
  const std::string& name = names[column];
  if (name.empty()) {
    throw ColumnSelectionError(column, "empty column name in the header (found an empty field)");
  }
  if (const auto second = index.second(name)) {
    throw ColumnSelectionError(*second, std::string("duplicate column name ")
                                            .append(quote_name(name))
                                            .append(" (found it more than once in the header)"));
  }
}

}  // namespace

ColumnPlan plan_columns(const std::vector<std::string>& header, std::size_t column_count,
                        const ReadOptions& options) {
  ColumnPlan plan;
  plan.label_column = resolve_label(header, column_count, options);
  plan.names = column_names(header, column_count, plan.label_column);
  const NameIndex index(plan.names);
  const std::vector<std::size_t> features =
      resolve_features(plan.names, index, plan.label_column, options);
  if (features.empty()) {
    throw ColumnSelectionError(std::nullopt,
                               std::string("no feature columns (found only the label column ")
                                   .append(quote_name(plan.names[*plan.label_column]))
                                   .append(")"));
  }
  plan.feature_names.reserve(features.size());
  plan.roles.assign(column_count, ColumnRole::unused);
  plan.feature_slot.assign(column_count, 0);
  if (plan.label_column) {
    check_usable_name(plan.names, index, *plan.label_column);
    plan.roles[*plan.label_column] = ColumnRole::label;
  }
  for (std::size_t slot = 0; slot < features.size(); ++slot) {
    check_usable_name(plan.names, index, features[slot]);
    plan.roles[features[slot]] = ColumnRole::feature;
    plan.feature_slot[features[slot]] = slot;
    plan.feature_names.push_back(plan.names[features[slot]]);
  }
  return plan;
}

}  // namespace adtrain::data
