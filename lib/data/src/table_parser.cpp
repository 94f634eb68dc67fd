// parse_labeled_table: the steps from raw text to a labelled matrix, each
// done by its own part (encoding check, delimiter sniffing, header and column
// choice, row reading, label classes), with every problem turned into a
// DataError that points at the spot.
#include <algorithm>
#include <armadillo>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "adtrain/data.hpp"
#include "field_scanner.hpp"
#include "internal.hpp"

namespace adtrain::data {
namespace {

// ---- Choosing the columns ----------------------------------------------------------------------

// Works out which column of the file is the label and which are the features,
// from the header (or the x1..xk / y names of a table without one) and the
// user's --label and --features.

enum class ColumnRole : std::uint8_t { unused, feature, label };

struct ColumnPlan {
  std::vector<ColumnRole> roles;           // one per column of the file
  std::vector<std::size_t> feature_slot;   // per column: its feature matrix column
  std::vector<std::string> names;          // per column, as the user calls it
  std::vector<std::string> feature_names;  // per feature matrix column
  std::optional<std::size_t> label_column;
  // Per column, the ReadOptions::text_columns entries (slots of
  // LabeledTable::texts) that keep its text; empty when none are asked for.
  std::vector<std::vector<std::size_t>> text_slots;
};

// A choice of columns that the file cannot satisfy. `column` is the file
// column to point at, when there is one.
class ColumnSelectionError : public std::runtime_error {
 public:
  ColumnSelectionError(std::optional<std::size_t> column, const std::string& message)
      : std::runtime_error(message), column_(column) {}
  std::optional<std::size_t> column() const { return column_; }

 private:
  std::optional<std::size_t> column_;
};

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

// `header` holds the header's names, or is empty for a table without one.
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
  if (!options.text_columns.empty()) plan.text_slots.resize(column_count);
  for (std::size_t slot = 0; slot < options.text_columns.size(); ++slot) {
    const std::string& wanted = options.text_columns[slot];
    const auto column = index.find(wanted);
    if (!column) {
      // Not a ColumnSelectionError: that one is the data's fault (65).
      throw UnknownColumnError(wanted, std::string("no column named ")
                                           .append(quote_name(wanted))
                                           .append(" (found columns ")
                                           .append(list_names(plan.names))
                                           .append(")"));
    }
    check_usable_name(plan.names, index, *column);
    plan.text_slots[*column].push_back(slot);
  }
  return plan;
}

// ---- Finding the header ------------------------------------------------------------------------

// Decides whether a table's first record is a header when the user did not say.

// A missing value (empty, NA, NaN, null) or a bad number (inf) makes no name:
// a first row holding one is no evidence of a header.
bool is_word(std::string_view field) {
  double ignored = 0.0;
  return parse_number(field, ignored) == NumberStatus::not_a_number;
}

// The first record is a header when one of its fields is not a number, except
// where the next record is not a number in the same column either: that is a
// column of string labels in a table without a header. `second` is empty when
// there is no second record.
bool looks_like_header(const std::vector<std::string_view>& first,
                       const std::vector<std::string_view>& second) {
  for (std::size_t column = 0; column < first.size(); ++column) {
    if (!is_word(first[column])) continue;
    const bool word_below_too = column < second.size() && is_word(second[column]);
    if (!word_below_too) return true;
  }
  return false;
}

// ---- Building the matrix -----------------------------------------------------------------------

// Writes parsed rows straight into the final column-major Armadillo matrix,
// sized up front from the counted records, so that rows are never gathered
// elsewhere and copied: the peak memory stays close to the result itself.

class TableBuilder {
 public:
  TableBuilder(std::size_t feature_count, bool with_labels, std::size_t expected_rows,
               std::size_t text_count = 0);

  // A row is written in place and only kept once committed, so a bad row
  // costs nothing to drop.
  void begin_row() {
    if (rows_ == capacity_) grow();
  }
  void set_feature(std::size_t slot, double value) {
    features_.memptr()[slot * capacity_ + rows_] = value;
  }
  void set_label(double value) { labels_.memptr()[rows_] = value; }
  void set_text(std::size_t slot, std::string_view text) { pending_texts_[slot].assign(text); }
  void commit_row() {
    for (std::size_t slot = 0; slot < texts_.size(); ++slot)
      texts_[slot].push_back(pending_texts_[slot]);
    ++rows_;
  }

  std::size_t rows() const { return rows_; }
  // Hands over the committed rows; the builder is empty afterwards.
  void finish(arma::mat& features, arma::vec& labels);
  std::vector<std::vector<std::string>> take_texts() { return std::move(texts_); }

 private:
  // Only when the count was off; keeps the rows already written.
  void grow();

  arma::mat features_;
  arma::vec labels_;
  std::size_t capacity_ = 0;
  std::size_t rows_ = 0;
  bool with_labels_ = false;
  // The kept texts of committed rows, per slot, and of the row being read.
  std::vector<std::vector<std::string>> texts_;
  std::vector<std::string> pending_texts_;
};

TableBuilder::TableBuilder(std::size_t feature_count, bool with_labels, std::size_t expected_rows,
                           std::size_t text_count)
    : features_(expected_rows, feature_count, arma::fill::none),
      labels_(with_labels ? expected_rows : 0, arma::fill::none),
      capacity_(expected_rows),
      with_labels_(with_labels),
      texts_(text_count),
      pending_texts_(text_count) {
  for (auto& column : texts_) column.reserve(expected_rows);
}

void TableBuilder::grow() {
  const std::size_t capacity = std::max<std::size_t>(16, capacity_ + capacity_ / 2);
  arma::mat features(capacity, features_.n_cols, arma::fill::none);
  for (arma::uword column = 0; column < features_.n_cols; ++column) {
    std::copy_n(features_.colptr(column), rows_, features.colptr(column));
  }
  features_ = std::move(features);
  if (with_labels_) {
    arma::vec labels(capacity, arma::fill::none);
    std::copy_n(labels_.memptr(), rows_, labels.memptr());
    labels_ = std::move(labels);
  }
  capacity_ = capacity;
}

void TableBuilder::finish(arma::mat& features, arma::vec& labels) {
  if (rows_ == capacity_) {
    features = std::move(features_);
    labels = std::move(labels_);
  } else if (rows_ == 0) {
    // A share whose rows were all skipped; Armadillo's head of 0 rows would
    // reach into an empty matrix.
    features.set_size(0, features_.n_cols);
    labels.reset();
  } else {
    // Skipped rows left unused space; trimming it costs one copy.
    features = features_.head_rows(rows_);
    labels = with_labels_ ? arma::vec(labels_.head(rows_)) : arma::vec();
  }
  features_.reset();
  labels_.reset();
  capacity_ = 0;
  rows_ = 0;
}

// ---- Reading rows ------------------------------------------------------------------------------

// Reads one data record into the table: numbers for the feature columns, a
// class for the label column, and a precise account of what is wrong when
// the record cannot be used.

// A spot in the text, kept cheap: line and column are worked out from it
// only when an error is reported.
struct TextPoint {
  LineAnchor anchor;
  std::size_t offset = 0;
};

struct RowProblem {
  std::size_t offset = 0;        // where in the record
  std::string message;           // "what is wrong (what was found)"
  bool fatal = false;            // the rest of the text cannot be read: no row can be skipped
  bool record_finished = false;  // the scanner already stands after the record
};

class RowReader {
 public:
  // `classes` may be null when the table has no label column.
  RowReader(const ColumnPlan& plan, TableBuilder& builder, LabelClasses* classes,
            bool classes_known);

  // Reads the record the scanner stands at; commits it to the builder when it
  // has no problem.
  std::optional<RowProblem> read(FieldScanner& scanner);

  // The first label cell read, and the first holding a value beyond the two
  // classes (a third class; an error reported once the whole column is known).
  // Located when they are read, as the text may be gone by the time they are
  // reported.
  const std::optional<TextLocation>& first_label() const { return first_label_; }
  const std::optional<TextLocation>& first_other_label() const { return first_other_label_; }
  // The first label of each class, by class index.
  const std::array<std::optional<TextLocation>, 2>& class_first_seen() const {
    return class_first_seen_;
  }

 private:
  // Files a good row's label under its class.
  std::optional<RowProblem> add_label(std::string_view value, const FieldScanner& scanner,
                                      std::size_t offset);
  RowProblem number_problem(NumberStatus status, const FieldScanner& scanner, const Field& field,
                            std::size_t column, bool last_field) const;
  RowProblem text_after_quote_problem(const FieldScanner& scanner) const;
  RowProblem field_count_problem(FieldScanner& scanner, const Field& field, std::size_t fields_read,
                                 bool last_field) const;

  const ColumnPlan& plan_;
  TableBuilder& builder_;
  LabelClasses* classes_;
  bool classes_known_;
  std::vector<std::string> quoted_names_;  // per column, ready for messages
  std::string unescaped_;                  // reused, so labels with "" cost no allocation
  std::string kept_text_;                  // the same for kept texts
  std::optional<TextLocation> first_label_;
  std::optional<TextLocation> first_other_label_;
  std::array<std::optional<TextLocation>, 2> class_first_seen_;
};

std::string column_problem(std::string_view what, const std::string& quoted_name,
                           std::string_view found) {
  return std::string(what)
      .append(" in column ")
      .append(quoted_name)
      .append(" (found ")
      .append(found)
      .append(")");
}

RowReader::RowReader(const ColumnPlan& plan, TableBuilder& builder, LabelClasses* classes,
                     bool classes_known)
    : plan_(plan), builder_(builder), classes_(classes), classes_known_(classes_known) {
  for (const std::string& name : plan.names) quoted_names_.push_back(quote_name(name));
}

std::optional<RowProblem> RowReader::read(FieldScanner& scanner) {
  builder_.begin_row();
  const std::size_t column_count = plan_.roles.size();
  Field field;
  std::string_view label;
  std::size_t label_start = 0;
  for (std::size_t column = 0; column < column_count; ++column) {
    const ColumnRole role = plan_.roles[column];
    FieldOutcome outcome = FieldOutcome::more_fields;
    double value = 0.0;
    // A kept column's text is needed too, so it takes the general path.
    const bool kept = !plan_.text_slots.empty() && !plan_.text_slots[column].empty();
    if (role == ColumnRole::feature && !kept && scanner.next_plain_number(field, value, outcome))
        [[likely]] {
      builder_.set_feature(plan_.feature_slot[column], value);
    } else {
      outcome = scanner.next_field(field);
      if (outcome == FieldOutcome::unterminated_quote) [[unlikely]] {
        return RowProblem{field.start, "unterminated quoted field (found no closing quote)", true,
                          true};
      }
      if (outcome == FieldOutcome::text_after_quote) [[unlikely]] {
        return text_after_quote_problem(scanner);
      }
      const bool last_field = outcome == FieldOutcome::record_end;
      if (kept) [[unlikely]] {
        const std::string_view text = scanner.value(field, kept_text_);
        for (std::size_t slot : plan_.text_slots[column]) builder_.set_text(slot, text);
      }
      if (role == ColumnRole::feature) {
        // Quoted numbers end up here, and everything that is not a number.
        const NumberStatus status = parse_number(scanner.content(field), value);
        if (status != NumberStatus::ok)
          return number_problem(status, scanner, field, column, last_field);
        builder_.set_feature(plan_.feature_slot[column], value);
      } else if (role == ColumnRole::label) {
        label = scanner.value(field, unescaped_);
        label_start = field.start;
        if (is_missing_spelling(label)) [[unlikely]] {
          return RowProblem{field.start,
                            std::string("missing value in label column ")
                                .append(quoted_names_[column])
                                .append(" (found ")
                                .append(trim_blanks(label).empty() ? std::string("an empty field")
                                                                   : quote_found(label))
                                .append(")"),
                            false, last_field};
        }
      }
    }
    const bool last_field = outcome == FieldOutcome::record_end;
    const bool fields_left_over = !last_field && column + 1 == column_count;
    if ((last_field && column + 1 < column_count) || fields_left_over) [[unlikely]] {
      return field_count_problem(scanner, field, column + 1, last_field);
    }
  }
  // Only a row that is good in every field may bring in a new class.
  if (classes_ != nullptr) {
    if (auto problem = add_label(label, scanner, label_start)) {
      return problem;
    }
  }
  builder_.commit_row();
  return std::nullopt;
}

std::optional<RowProblem> RowReader::add_label(std::string_view value, const FieldScanner& scanner,
                                               std::size_t offset) {
  const auto here = [&] { return locate(scanner.text(), scanner.record_anchor(), offset); };
  if (!first_label_) [[unlikely]]
    first_label_ = here();
  const int label_class = classes_->classify(value);
  if (label_class != LabelClasses::not_a_class) {
    builder_.set_label(static_cast<double>(label_class));
    auto& first_seen = class_first_seen_[static_cast<std::size_t>(label_class)];
    if (!first_seen) [[unlikely]]
      first_seen = here();
    return std::nullopt;
  }
  if (classes_known_) {
    return RowProblem{offset,
                      std::string("label is neither ")
                          .append(quote_found(classes_->spelling(0)))
                          .append(" nor ")
                          .append(quote_found(classes_->spelling(1)))
                          .append(" in column ")
                          .append(quoted_names_[*plan_.label_column])
                          .append(" (found ")
                          .append(quote_found(value))
                          .append(")"),
                      false, true};
  }
  if (!first_other_label_) first_other_label_ = here();
  builder_.set_label(0.0);
  return std::nullopt;
}

RowProblem RowReader::number_problem(NumberStatus status, const FieldScanner& scanner,
                                     const Field& field, std::size_t column,
                                     bool last_field) const {
  const std::string& name = quoted_names_[column];
  const std::string found = quote_found(scanner.content(field));
  std::string message;
  switch (status) {
    case NumberStatus::empty:
      message = column_problem("missing value", name, "an empty field");
      break;
    case NumberStatus::missing:
      message = column_problem("missing value", name, found);
      break;
    case NumberStatus::not_finite:
      message = column_problem("non-finite value", name, found);
      break;
    case NumberStatus::out_of_range:
      message = column_problem("number out of float64 range", name, found);
      break;
    case NumberStatus::not_a_number:
    case NumberStatus::ok:
      message = column_problem("non-numeric value", name, found);
      break;
  }
  return RowProblem{field.start, message, false, last_field};
}

RowProblem RowReader::text_after_quote_problem(const FieldScanner& scanner) const {
  const std::size_t offset = scanner.position();
  return RowProblem{offset,
                    std::string("unexpected text after a closing quote (found ")
                        .append(quote_character_at(scanner.text(), offset))
                        .append(")"),
                    false, false};
}

RowProblem RowReader::field_count_problem(FieldScanner& scanner, const Field& field,
                                          std::size_t fields_read, bool last_field) const {
  const std::size_t expected = plan_.roles.size();
  if (last_field) {
    return RowProblem{field.stop,
                      std::string("too few fields: expected ")
                          .append(std::to_string(expected))
                          .append(" (found ")
                          .append(std::to_string(fields_read))
                          .append(")"),
                      false, true};
  }
  const std::size_t offset = scanner.position();
  const std::size_t found = fields_read + scanner.count_rest_of_record();
  return RowProblem{offset,
                    std::string("too many fields: expected ")
                        .append(std::to_string(expected))
                        .append(" (found ")
                        .append(std::to_string(found))
                        .append(")"),
                    false, true};
}

// ---- Parsing -----------------------------------------------------------------------------------

constexpr std::size_t skipped_rows_to_describe = 5;
// How much parsed text may stay in memory before its pages are let go. The
// matrix grows by fewer bytes than the text it comes from (a float64 takes
// 8 bytes, its text usually more), so letting parsed text go keeps the peak
// near the file's size.
constexpr std::size_t consumed_text_step = std::size_t{8} << 20;

// A piece of a file (a share, a chunk) cannot tell a line break inside
// quotes from a record's end at its bounds, so it refuses the field instead
// of misreading the records around it.
std::string quoted_line_break(PieceReader reader) {
  return std::string("quoted field spans lines (found no closing quote on its line); ")
      .append(cannot_read_in_pieces(reader, "a file with such fields"));
}

void check_comment_option(const ReadOptions& options) {
  if (options.comment) {
    const char comment = *options.comment;
    if (comment < '!' || comment > '~' || comment == '"') {
      throw std::invalid_argument(
          "the comment character must be printable ASCII other than a quote or a blank");
    }
  }
}

// What the parser decides from a table's first records, and a scanner
// standing at the first data record.
struct TableHead {
  Delimiter delimiter;
  bool has_header;
  LineAnchor first_anchor;  // of the first record: the header, if there is one
  ColumnPlan columns;
  FieldScanner rows;
};

// Reads a whole table (parse), decides a table's layout from its head
// (layout), or reads a share's rows by a layout (parse_share): one parser,
// so that all three decide and report alike.
class Parser {
 public:
  Parser(std::string_view text, std::string_view source, const ReadOptions& options,
         const TextConsumed& on_consumed, bool encoding_checked)
      : text_(text),
        source_(source),
        options_(options),
        on_consumed_(on_consumed),
        encoding_checked_(encoding_checked) {}

  LabeledTable parse();
  HeadLayout layout(bool complete);
  LabeledTable parse_share(std::string_view bytes, const ByteRange& range,
                           const std::optional<EncodingProblem>& encoding_problem,
                           const TableLayout& layout, std::size_t lines_before, PieceReader reader,
                           CarriedClasses* carried);

 private:
  // A location in text_ as a location in the file.
  TextLocation in_file(TextLocation location) const {
    location.line += line_offset_;
    return location;
  }
  DataError error_at(TextPoint point, const std::string& message) const {
    const TextLocation location = in_file(locate(text_, point.anchor, point.offset));
    return DataError(source_, location.line, location.column, message);
  }
  [[noreturn]] void fail(TextPoint point, const std::string& message) const {
    throw error_at(point, message);
  }
  [[noreturn]] void fail_at(TextLocation location, const std::string& message) const {
    location = in_file(location);
    throw DataError(source_, location.line, location.column, message);
  }

  // Each returns nothing only when the text is not `complete` and more of it
  // could change a decision, with unfinished_ set.
  std::optional<TableHead> read_head(bool complete);
  std::optional<std::vector<Field>> read_first_record(FieldScanner& scanner, bool complete);
  std::optional<bool> first_record_is_header(const FieldScanner& scanner,
                                             const std::vector<Field>& first, bool complete);
  ColumnPlan plan(const std::vector<Field>& first, LineAnchor anchor, bool has_header,
                  const FieldScanner& scanner) const;
  void read_rows(FieldScanner& scanner, RowReader& reader, LabeledTable& table);
  std::optional<RowProblem> share_problem(FieldScanner& scanner, LineAnchor anchor,
                                          std::optional<RowProblem> problem) const;
  std::size_t quoted_line_break_at(LineAnchor anchor) const;
  std::array<std::optional<TextLocation>, 2> class_first_seen(const RowReader& reader) const;
  void finish_labels(const RowReader& reader, const LabelClasses& classes, const std::string& name,
                     LabeledTable& table) const;
  void finish_share_labels(const RowReader& reader, const LabelClasses& classes,
                           LabeledTable& table) const;

  std::string_view text_;
  std::string source_;
  const ReadOptions& options_;
  const TextConsumed& on_consumed_;
  bool encoding_checked_;
  // Located when found: the text may be gone when it is reported.
  std::optional<TextLocation> first_skipped_;
  std::string first_skipped_message_;
  std::size_t unfinished_ = 0;
  // A share's text starts further into the file.
  bool share_ = false;
  bool share_ends_file_ = true;
  Delimiter share_delimiter_ = Delimiter::comma;
  PieceReader share_reader_ = PieceReader::processes;
  CarriedClasses* carried_ = nullptr;  // a piece's classes come from the pieces before
  std::size_t line_offset_ = 0;        // lines of the file before text_
};

std::vector<std::string_view> contents(const FieldScanner& scanner,
                                       const std::vector<Field>& fields) {
  std::vector<std::string_view> views;
  for (const Field& field : fields) views.push_back(scanner.content(field));
  return views;
}

std::optional<std::vector<Field>> Parser::read_first_record(FieldScanner& scanner, bool complete) {
  std::vector<Field> fields;
  Field field;
  while (true) {
    const FieldOutcome outcome = scanner.next_field(field);
    const TextPoint here{scanner.record_anchor(), field.start};
    if (outcome == FieldOutcome::unterminated_quote) {
      // The quote may close past the head.
      if (!complete) {
        unfinished_ = scanner.record_anchor().offset;
        return std::nullopt;
      }
      fail(here, "unterminated quoted field (found no closing quote)");
    }
    if (outcome == FieldOutcome::text_after_quote) {
      fail({scanner.record_anchor(), scanner.position()},
           std::string("unexpected text after a closing quote (found ")
               .append(quote_character_at(text_, scanner.position()))
               .append(")"));
    }
    fields.push_back(field);
    if (outcome == FieldOutcome::record_end) return fields;
  }
}

std::optional<bool> Parser::first_record_is_header(const FieldScanner& scanner,
                                                   const std::vector<Field>& first, bool complete) {
  if (options_.header != HeaderMode::automatic) return options_.header == HeaderMode::present;
  FieldScanner lookahead = scanner;
  std::vector<Field> second;
  if (lookahead.next_record()) {
    Field field;
    FieldOutcome outcome = FieldOutcome::more_fields;
    while (outcome == FieldOutcome::more_fields) {
      outcome = lookahead.next_field(field);
      second.push_back(field);
    }
    if (outcome == FieldOutcome::unterminated_quote && !complete) {
      unfinished_ = lookahead.record_anchor().offset;
      return std::nullopt;
    }
  } else if (!complete) {
    unfinished_ = text_.size();
    return std::nullopt;
  }
  return looks_like_header(contents(scanner, first), contents(lookahead, second));
}

ColumnPlan Parser::plan(const std::vector<Field>& first, LineAnchor anchor, bool has_header,
                        const FieldScanner& scanner) const {
  std::vector<std::string> header;
  if (has_header) {
    std::string scratch;
    for (const Field& field : first) header.emplace_back(scanner.value(field, scratch));
  }
  try {
    return plan_columns(header, first.size(), options_);
  } catch (const ColumnSelectionError& error) {
    const std::size_t offset = error.column() && *error.column() < first.size()
                                   ? first[*error.column()].start
                                   : anchor.offset;
    fail({anchor, offset}, error.what());
  }
}

std::optional<TableHead> Parser::read_head(bool complete) {
  if (text_.empty()) {
    if (!complete) {
      unfinished_ = 0;
      return std::nullopt;
    }
    fail({}, "no data (found an empty file)");
  }
  Delimiter delimiter = options_.delimiter;
  if (delimiter == Delimiter::automatic) {
    if (complete) {
      delimiter = sniff_delimiter(text_, options_.comment);
    } else {
      const auto sniffed = sniff_delimiter_of_head(text_, options_.comment, unfinished_);
      if (!sniffed) return std::nullopt;
      delimiter = *sniffed;
    }
  }
  FieldScanner scanner(text_, delimiter, options_.comment);
  if (!scanner.next_record()) {
    if (!complete) {
      unfinished_ = text_.size();
      return std::nullopt;
    }
    fail({}, options_.comment ? "no data (found only blank lines and comments)"
                              : "no data (found only blank lines)");
  }
  const LineAnchor first_anchor = scanner.record_anchor();
  const std::optional<std::vector<Field>> first = read_first_record(scanner, complete);
  if (!first) return std::nullopt;
  const std::optional<bool> has_header = first_record_is_header(scanner, *first, complete);
  if (!has_header) return std::nullopt;
  ColumnPlan columns = plan(*first, first_anchor, *has_header, scanner);
  if (!*has_header) scanner = FieldScanner(text_, delimiter, options_.comment);
  return TableHead{delimiter, *has_header, first_anchor, std::move(columns), scanner};
}

void Parser::read_rows(FieldScanner& scanner, RowReader& reader, LabeledTable& table) {
  std::size_t reported = scanner.position();
  std::size_t record_number = 0;
  while (scanner.next_record()) {
    ++record_number;
    const LineAnchor anchor = scanner.record_anchor();
    // Nothing before the record's first line is read again.
    if (on_consumed_ && anchor.offset - reported >= consumed_text_step) [[unlikely]] {
      reported = anchor.offset;
      on_consumed_(text_.data() + reported);
    }
    std::optional<RowProblem> problem = reader.read(scanner);
    if (share_) [[unlikely]]
      problem = share_problem(scanner, anchor, std::move(problem));
    if (!problem) [[likely]] {
      table.record_numbers.push_back(record_number);
      continue;
    }
    const TextPoint where{anchor, problem->offset};
    if (problem->fatal || !options_.skip_bad_rows) {
      // A third class seen earlier is the first thing wrong with the file.
      if (reader.first_other_label() || (carried_ != nullptr && carried_->first_other)) {
        if (carried_ != nullptr) carried_->stopped = true;
        return;
      }
      fail(where, problem->message);
    }
    if (!problem->record_finished) scanner.skip_rest_of_record();
    if (!first_skipped_) {
      first_skipped_ = locate(text_, where.anchor, where.offset);
      first_skipped_message_ = problem->message;
    }
    if (table.skipped_rows < skipped_rows_to_describe) {
      table.skipped_row_errors.push_back(error_at(where, problem->message).what());
    }
    ++table.skipped_rows;
  }
}

// The record at `anchor` as a share must take it: refused when a quoted
// field in it holds a line break. A problem the whole file would report
// first is left as it is; a row that skip_bad_rows would drop is read to its
// end first, to see whether it spans lines.
std::optional<RowProblem> Parser::share_problem(FieldScanner& scanner, LineAnchor anchor,
                                                std::optional<RowProblem> problem) const {
  const auto spans_lines = [&] {
    return RowProblem{quoted_line_break_at(anchor), quoted_line_break(share_reader_), true, true};
  };
  // An open quote at the end of a share that does not end the file goes on
  // past the share's last line break: the next share holds the rest, and
  // whatever this record was found to be (an unterminated field, too many
  // fields counted up to here) is only what this share sees of it.
  if (scanner.ran_into_open_quote() && !share_ends_file_) return spans_lines();
  if (!problem) {
    if (scanner.line() > anchor.line + 1) return spans_lines();
    return std::nullopt;
  }
  if (problem->fatal || !options_.skip_bad_rows) return problem;
  if (!problem->record_finished) {
    scanner.skip_rest_of_record();
    problem->record_finished = true;
  }
  if (scanner.ran_into_open_quote()) {
    if (!share_ends_file_) return spans_lines();
    // At the end of the file the whole-file reader skips such a row too.
    return problem;
  }
  if (scanner.line() > anchor.line + 1) return spans_lines();
  return problem;
}

// Where the first quoted field that holds a line break starts, in the
// record at `anchor`: read again, as this happens once per refused file.
std::size_t Parser::quoted_line_break_at(LineAnchor anchor) const {
  FieldScanner record(text_.substr(anchor.offset), share_delimiter_, options_.comment);
  if (record.next_record()) {
    Field field;
    FieldOutcome outcome = FieldOutcome::more_fields;
    while (outcome == FieldOutcome::more_fields || outcome == FieldOutcome::text_after_quote) {
      outcome = record.next_field(field);
      if (field.quoted && record.content(field).find('\n') != std::string_view::npos) {
        return anchor.offset + field.start;
      }
    }
  }
  return anchor.offset;
}

std::array<std::optional<TextLocation>, 2> Parser::class_first_seen(const RowReader& reader) const {
  std::array<std::optional<TextLocation>, 2> seen = reader.class_first_seen();
  for (std::optional<TextLocation>& location : seen) {
    if (location) location = in_file(*location);
  }
  return seen;
}

void Parser::finish_labels(const RowReader& reader, const LabelClasses& classes,
                           const std::string& name, LabeledTable& table) const {
  std::size_t positive = 1;
  if (options_.known_classes) {
    table.classes = *options_.known_classes;
  } else {
    const LabelSightings seen{in_file(reader.first_label().value_or(TextLocation{})),
                              reader.first_other_label()
                                  ? std::optional(in_file(*reader.first_other_label()))
                                  : std::nullopt,
                              table.labels.n_elem};
    positive = positive_class(classes, seen, name, source_, options_);
    table.classes = {classes.spelling(1 - positive), classes.spelling(positive)};
  }
  table.class_first_seen = class_first_seen(reader);
  // Rows were labelled by order of first appearance; class 1 must be the positive one.
  if (positive == 0) {
    table.labels = 1.0 - table.labels;
    std::swap(table.class_first_seen[0], table.class_first_seen[1]);
  }
  const auto ones = static_cast<std::size_t>(arma::accu(table.labels));
  table.class_counts = {table.labels.n_elem - ones, ones};
}

// A share keeps its own classes, in order of first appearance, until
// agree_classes has seen every share's; a piece with carried classes has the
// file's so far, and leaves a third class for its reader to report.
void Parser::finish_share_labels(const RowReader& reader, const LabelClasses& classes,
                                 LabeledTable& table) const {
  if (options_.known_classes) {
    table.classes = *options_.known_classes;
  } else {
    if (reader.first_other_label()) {
      const TextLocation first_other = in_file(*reader.first_other_label());
      if (carried_ == nullptr) {
        fail_more_than_two_classes(classes, first_other, table.label_name, source_);
      }
      if (!carried_->first_other) carried_->first_other = first_other;
    }
    for (std::size_t index = 0; index < classes.class_count(); ++index) {
      table.classes[index] = classes.spelling(index);
    }
  }
  table.class_first_seen = class_first_seen(reader);
  const auto ones = static_cast<std::size_t>(arma::accu(table.labels));
  table.class_counts = {table.labels.n_elem - ones, ones};
}

LabeledTable Parser::parse() {
  check_comment_option(options_);
  text_ = strip_byte_order_mark(text_);
  if (!encoding_checked_) {
    if (const auto problem = find_encoding_problem(text_)) {
      fail({LineAnchor{}, problem->offset}, problem->message);
    }
  }
  TableHead head = *read_head(true);
  LabeledTable table;
  table.delimiter = head.delimiter;
  table.has_header = head.has_header;
  FieldScanner& scanner = head.rows;
  const ColumnPlan& columns = head.columns;
  const LineAnchor first_anchor = head.first_anchor;

  const std::size_t expected_rows =
      count_records(text_, scanner.position(), table.delimiter, options_.comment);
  TableBuilder builder(columns.feature_names.size(), columns.label_column.has_value(),
                       expected_rows, options_.text_columns.size());
  LabelClasses classes(options_.known_classes);
  RowReader reader(columns, builder, columns.label_column ? &classes : nullptr,
                   options_.known_classes.has_value());
  table.record_numbers.reserve(expected_rows);
  read_rows(scanner, reader, table);

  if (builder.rows() == 0 && !reader.first_other_label()) {
    if (first_skipped_) {
      fail_at(*first_skipped_, std::string("no data rows left after skipping ")
                                   .append(std::to_string(table.skipped_rows))
                                   .append(table.skipped_rows == 1 ? " bad row; " : " bad rows; ")
                                   .append("the first: ")
                                   .append(first_skipped_message_));
    }
    fail({first_anchor, first_anchor.offset}, "no data rows (found only the header)");
  }
  table.texts = builder.take_texts();
  builder.finish(table.features, table.labels);
  table.feature_names = columns.feature_names;
  if (columns.label_column) {
    table.label_name = columns.names[*columns.label_column];
    finish_labels(reader, classes, table.label_name, table);
  }
  return table;
}

HeadLayout Parser::layout(bool complete) {
  check_comment_option(options_);
  HeadLayout result;
  const std::optional<TableHead> head = read_head(complete);
  if (!head) {
    result.unfinished = unfinished_;
    return result;
  }
  result.layout = TableLayout{.delimiter = head->delimiter,
                              .has_header = head->has_header,
                              .column_names = head->columns.names,
                              .columns = head->columns.roles.size(),
                              .data_offset = head->rows.position(),
                              .first_record_line = head->first_anchor.line};
  return result;
}

LabeledTable Parser::parse_share(std::string_view bytes, const ByteRange& range,
                                 const std::optional<EncodingProblem>& encoding_problem,
                                 const TableLayout& layout, std::size_t lines_before,
                                 PieceReader piece_reader, CarriedClasses* carried) {
  check_comment_option(options_);
  if (layout.delimiter == Delimiter::automatic || layout.columns == 0 ||
      (layout.has_header && layout.column_names.size() != layout.columns)) {
    throw std::invalid_argument("parse_share: the layout does not come from detect_layout");
  }
  if (encoding_problem) {
    throw piece_encoding_error(bytes, range.begin, *encoding_problem, source_, lines_before);
  }
  // The part of the share before the data (the header, a byte-order mark)
  // was read by detect_layout.
  std::size_t skip = 0;
  if (layout.data_offset > range.begin) {
    skip = static_cast<std::size_t>(
        std::min<std::uint64_t>(layout.data_offset - range.begin, bytes.size()));
  }
  text_ = bytes.substr(skip);
  line_offset_ =
      lines_before + static_cast<std::size_t>(std::count(
                         bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(skip), '\n'));
  share_ = true;
  share_ends_file_ = range.end >= range.file_size;
  share_delimiter_ = layout.delimiter;
  share_reader_ = piece_reader;
  carried_ = carried;

  LabeledTable table;
  table.delimiter = layout.delimiter;
  table.has_header = layout.has_header;
  ColumnPlan columns;
  try {
    columns = plan_columns(layout.has_header ? layout.column_names : std::vector<std::string>{},
                           layout.columns, options_);
  } catch (const ColumnSelectionError& error) {
    // detect_layout, given the same options, has refused them already.
    throw DataError(source_, layout.first_record_line, 1, error.what());
  }
  FieldScanner scanner(text_, layout.delimiter, options_.comment);
  const std::size_t expected_rows = count_records(text_, 0, layout.delimiter, options_.comment);
  TableBuilder builder(columns.feature_names.size(), columns.label_column.has_value(),
                       expected_rows, options_.text_columns.size());
  LabelClasses own_classes(options_.known_classes);
  LabelClasses& classes = carried_ != nullptr ? carried_->values : own_classes;
  RowReader reader(columns, builder, columns.label_column ? &classes : nullptr,
                   options_.known_classes.has_value());
  table.record_numbers.reserve(expected_rows);
  read_rows(scanner, reader, table);

  table.texts = builder.take_texts();
  builder.finish(table.features, table.labels);
  table.feature_names = columns.feature_names;
  if (columns.label_column) {
    table.label_name = columns.names[*columns.label_column];
    finish_share_labels(reader, classes, table);
  }
  return table;
}

}  // namespace

LabeledTable parse_table_text(std::string_view text, std::string_view source,
                              const ReadOptions& options, const TextConsumed& on_consumed,
                              bool encoding_checked) {
  return Parser(text, source, options, on_consumed, encoding_checked).parse();
}

LabeledTable parse_labeled_table(std::string_view text, std::string_view source,
                                 const ReadOptions& options) {
  return parse_table_text(text, source, options, {}, false);
}

HeadLayout layout_of_head(std::string_view head, std::string_view source,
                          const ReadOptions& options, bool complete) {
  return Parser(head, source, options, {}, true).layout(complete);
}

LabeledTable parse_piece(std::string_view bytes, const ByteRange& range,
                         const std::optional<EncodingProblem>& encoding_problem,
                         std::string_view source, const ReadOptions& options,
                         const TableLayout& layout, std::size_t lines_before, PieceReader reader,
                         CarriedClasses* carried) {
  return Parser({}, source, options, {}, true)
      .parse_share(bytes, range, encoding_problem, layout, lines_before, reader, carried);
}

LabeledTable parse_share(const ShareText& text, std::string_view source, const ReadOptions& options,
                         const TableLayout& layout, std::size_t lines_before) {
  return parse_piece(text.bytes, text.range, text.encoding_problem, source, options, layout,
                     lines_before, PieceReader::processes, nullptr);
}

}  // namespace adtrain::data
