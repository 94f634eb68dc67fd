// Reading labelled tables (CSV and whitespace-separated text) into a float64
// feature matrix and 0/1 labels, with errors that point at the exact spot.
//
// The rules, in short (tests/lib/data/ shows each one):
// - Text: UTF-8 (a byte-order mark is dropped); a NUL byte or invalid UTF-8 is
//   an error. LF or CRLF line ends; blank lines are skipped, and so are
//   comment lines, but only when ReadOptions::comment names the character
//   that starts them (none by default: "#1" may be a value). RFC 4180
//   quoting, in every delimiter mode.
// - Delimiter auto: the tab, semicolon or comma that appears equally often in
//   most of the first 20 records; else whitespace runs if values are
//   separated by blanks; else comma.
// - Missing values: an empty field, or NA, NaN or null in any case (na, NAN,
//   Null...), blanks around ignored, quoted or not. ("-nan" is a non-finite
//   number; "N/A", "None" are text.) They are errors ("missing value") in
//   feature and label columns, never a class, and never make a header.
// - Header auto: the first record is a header when one of its fields is a
//   word (neither a number nor a missing value), unless the next record has
//   no number in that column either (string labels in a file without a
//   header).
// - Numbers: what std::from_chars reads as a double, plus a leading '+';
//   blanks around are ignored. Missing values, inf and out-of-range numbers
//   are errors in feature columns; other columns are not parsed.
// - Labels: spellings are one class when equal, or equal as numbers ("1",
//   "1.0", "+1").
#pragma once

#include <armadillo>
#include <array>
#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace adtrain::data {

enum class Delimiter { automatic, comma, semicolon, tab, whitespace };
enum class HeaderMode { automatic, present, absent };

// "auto", ",", ";", "tab", "space"; and back. from_string returns nullopt for
// anything else.
std::string_view to_string(Delimiter delimiter);
std::optional<Delimiter> delimiter_from_string(std::string_view text);
std::string_view to_string(HeaderMode header);
std::optional<HeaderMode> header_mode_from_string(std::string_view text);

// Every member has a default, so designated initializers may name any subset.
struct ReadOptions {
  Delimiter delimiter = Delimiter::automatic;
  HeaderMode header = HeaderMode::automatic;
  // When set, a line whose first character other than spaces and tabs is this
  // one is a comment and skipped, wherever it is (before the header too); a
  // quoted field that starts with it is no comment. None by default: every
  // line that is not blank is data. Must be printable ASCII other than '"'
  // (parsing throws std::invalid_argument otherwise).
  std::optional<char> comment{};
  // Label column by name or 0-based index; default: the last column.
  std::optional<std::string> label{};
  // When set, a file without that label column is accepted (used by predict);
  // labels then come back empty. Without a header, where `label` can only be
  // "y" or an index, the last column is taken for the label only if the file
  // has more columns than the highest xK among `features`.
  bool label_optional = false;
  // Feature columns by name; empty: every column but the label.
  std::vector<std::string> features{};
  // Spelling of the positive class; default: 1, +1, true or yes, else the
  // value that sorts last.
  std::optional<std::string> positive{};
  // Drop malformed rows (counted in skipped_rows) instead of failing.
  bool skip_bad_rows = false;
  // The spellings of class 0 and class 1 of a trained model (used by
  // predict): labels must be one of them, a file may hold only one of them,
  // and `positive` is ignored.
  std::optional<std::array<std::string, 2>> known_classes{};
};

struct LabeledTable {
  arma::mat features;  // rows x features
  arma::vec labels;    // 0 or 1 per row; empty without a label column
  std::vector<std::string> feature_names;
  std::string label_name;              // empty without a label column
  std::array<std::string, 2> classes;  // the file's spelling of class 0 and class 1
  std::array<std::size_t, 2> class_counts{};
  Delimiter delimiter = Delimiter::comma;  // as detected or given, never automatic
  bool has_header = false;
  std::size_t skipped_rows = 0;
  // what() of the first few skipped rows' errors, for the user to see why.
  std::vector<std::string> skipped_row_errors;
  // Per row of `features`: its 1-based number among the file's data records,
  // counting the rows skipped by skip_bad_rows, not counting the header,
  // blank lines or comment lines. Without skipped rows it is 1, 2, 3...; with
  // them it is the row number the row would have had, which joins a result
  // back to its input (pandas' read_csv index is this minus 1).
  std::vector<std::size_t> record_numbers;
};

// Something wrong inside the data (exit status 65). what() is
// "SOURCE:LINE:COLUMN: what is wrong (what was found)"; line and column are
// 1-based, the column counted in characters of that line.
class DataError : public std::runtime_error {
 public:
  DataError(std::string source, std::size_t line, std::size_t column, const std::string& message);
  const std::string& source() const { return source_; }
  std::size_t line() const { return line_; }
  std::size_t column() const { return column_; }

 private:
  std::string source_;
  std::size_t line_;
  std::size_t column_;
};

// The input cannot be read at all: missing, a directory, no permission
// (exit status 66). what() is "SOURCE: reason".
class InputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Parses a table held in memory; `source` names it in errors.
LabeledTable parse_labeled_table(std::string_view text, std::string_view source,
                                 const ReadOptions& options);

// Reads a file, or standard input for "-" (named "<stdin>" in errors), then
// parses it. Never modifies it.
LabeledTable read_labeled_table(const std::string& path, const ReadOptions& options);

}  // namespace adtrain::data
