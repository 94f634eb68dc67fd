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
#include <cstdint>
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

// A place in a table's text: 1-based line, and column counted in characters
// (code points) of that line.
struct TextLocation {
  std::size_t line = 1;
  std::size_t column = 1;
};

struct LabeledTable {
  arma::mat features;  // rows x features
  arma::vec labels;    // 0 or 1 per row; empty without a label column
  std::vector<std::string> feature_names;
  std::string label_name;              // empty without a label column
  std::array<std::string, 2> classes;  // the file's spelling of class 0 and class 1
  std::array<std::size_t, 2> class_counts{};
  // Where the first label of each class is (of a known class that never
  // occurs: nothing), for the messages of agree_classes.
  std::array<std::optional<TextLocation>, 2> class_first_seen{};
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

// ---- One file read by several processes --------------------------------------------------------
//
// Each of K processes reads only its share of one regular file, and together
// they get the table read_labeled_table gives, row for row: the same
// features, labels, names, classes, counts and skipped rows, and the same
// errors at the same FILE:LINE:COLUMN. This library does no communication;
// the caller passes the few numbers and strings below between the processes,
// and gives every call the same `path` (as `source`) and `options`. On every
// process, with `part` its index (0 to K-1):
//
//   1. layout = detect_layout(path, options): from the file's head, the same
//      on every process.
//   2. text = read_range(path, record_range(path, part, K)).
//   3. lines_before = the sum of text.line_ends over the parts before this
//      one (an exclusive prefix sum).
//   4. share = parse_share(text, path, options, layout, lines_before).
//   5. If no share has rows: throw no_rows_error(...). Otherwise, from every
//      share's classes_of_share(share), in part order: classes =
//      agree_classes(...), then adopt_classes(share, classes).
//   6. Row i of the share is the file's data record share.record_numbers[i]
//      plus the records of the parts before (the sum of their
//      features.n_rows + skipped_rows).
//
// Errors. Steps 1 and 5 fail alike on every process; steps 2 and 4 fail for
// one share. A share reports the first thing wrong in its own bytes; when
// several fail, report the lowest part's error. It is the first in the
// file: a part that holds a record's start refuses what a later part,
// starting inside that record, may misread. read_labeled_table reports an
// encoding problem anywhere before any other problem: to do the same, report
// the parse_share error of the lowest part whose ShareText::encoding_problem
// is set, if any, before the other parts' errors (detect_layout, reading only
// the head, reports its own problems before an encoding problem past the
// head). What differs from reading the whole file:
// - A quoted field holding a line break is refused (a split point may fall
//   inside it): "quoted field spans lines (found no closing quote on its
//   line); a file with such fields cannot be split among processes: train it
//   on one process", under skip_bad_rows too. A header with such a field is
//   fine.
// - A share that holds more than two classes by itself is refused with the
//   classes and the row of that share: whole-file reading names the file's
//   first three classes and the row of its third. A bad row in any share is
//   reported before a third class that only agree_classes sees.
// - A file whose first records do not end within layout_head_limit bytes is
//   refused by detect_layout.

// Bytes [begin, end) of a file, and the size the file had when it was split.
struct ByteRange {
  std::uint64_t begin = 0;
  std::uint64_t end = 0;
  std::uint64_t file_size = 0;
};

// Part `part` of `parts` of a regular file: the records (lines) whose first
// byte lies in [size * part / parts, size * (part + 1) / parts), that is each
// of those nominal bounds moved forward to the next line start (the byte
// after a '\n'; 0 for part 0, the file's size for the end of the last part).
// The parts tile the file. A part that falls inside one long line is empty
// (begin == end), and so are parts beyond the lines of a small file. Lines
// are split at '\n' whatever the quotes say (see parse_share); LF and CRLF
// line ends alike, with or without a last line end; a byte-order mark stays
// with the first line. Reads only a few KiB at each bound, never the whole
// file.
// Throws std::invalid_argument unless part < parts <= 2^32, and InputError
// (exit 66) for a file that cannot be read or is no regular file: standard
// input ("-") and pipes cannot be split.
ByteRange record_range(const std::string& path, std::size_t part, std::size_t parts);

// What read_labeled_table decides from a file's first records, and what a
// share needs to read its rows in the same way.
struct TableLayout {
  Delimiter delimiter = Delimiter::comma;  // as detected or given, never automatic
  bool has_header = false;
  // Per column of the file: the header's fields, or without a header the
  // parser's names (x1, x2, ... and y for the label).
  std::vector<std::string> column_names;
  std::size_t columns = 0;
  // Where the data records start: past the header record, or past a
  // byte-order mark without a header.
  std::uint64_t data_offset = 0;
  // The line of the first record (the header, if there is one).
  std::size_t first_record_line = 1;
};

// The bytes of the file from which detect_layout decides at most; beyond,
// it refuses the file.
inline constexpr std::size_t layout_head_limit = std::size_t{64} << 20;

// The layout from the file's head only: reads the first records, the read
// growing until every decision is sure (at most layout_head_limit bytes),
// and decides by the very code read_labeled_table runs, so every process
// gets the same answer and it is the whole-file reader's. Throws what that
// reader throws for the head: InputError as record_range, DataError for an
// encoding problem there, an empty file, no records, a bad header, a label or
// feature column the options name but the file lacks, first records that do
// not end within layout_head_limit; std::invalid_argument for a bad comment
// character.
TableLayout detect_layout(const std::string& path, const ReadOptions& options);

// The first NUL byte or invalid UTF-8 in a text: the offset of its first bad
// byte, and "what is wrong (what was found)".
struct EncodingProblem {
  std::size_t offset = 0;
  std::string message;
};

// One process's share of the file, as read_range read it.
struct ShareText {
  ByteRange range;
  std::string bytes;          // the file's bytes in `range`; with an encoding problem, up to it
  std::size_t line_ends = 0;  // '\n' in `bytes`
  // The first NUL byte or invalid UTF-8 (offset into `bytes`): reading stops
  // there, and parse_share reports it once the line numbers are known.
  std::optional<EncodingProblem> encoding_problem;
};

// Reads `range` of the file, checking the encoding as it arrives (as
// read_labeled_table does). Throws InputError as record_range does, and
// when the file's size is not range.file_size any more or it changes while
// it is read; std::invalid_argument for a range that does not fit in the
// file it came from.
ShareText read_range(const std::string& path, const ByteRange& range);

// Parses a share's records with the layout's delimiter and columns, the
// label and features chosen by `options` (the options detect_layout got) as
// for the whole file. `source` names the file in errors; `lines_before` is
// the number of '\n' in the file before the share (step 3 above). The
// header, and blank and comment lines, are handled as in the whole file.
// Throws DataError at the true file line and column, worded as
// read_labeled_table words it, or as above for a quoted field that spans
// lines; skip_bad_rows works as for the whole file. An empty share, or one
// whose rows were all skipped, gives a table of 0 rows, without error.
// Differences from read_labeled_table's table:
// - record_numbers count from 1 in each share (step 6).
// - classes are the share's own, class 0 first seen first: with one class,
//   classes[1] is "" and class_counts[1] is 0; with none, both are "" (an
//   empty label is a missing value, never a class). Labels are 0 or 1 by
//   those classes until adopt_classes. With ReadOptions::known_classes they
//   are the known ones already.
LabeledTable parse_share(const ShareText& text, std::string_view source, const ReadOptions& options,
                         const TableLayout& layout, std::size_t lines_before);

// The DataError read_labeled_table throws for a file without data rows, for
// when no share has any: "no data rows (found only the header)", or with
// `skipped_rows` (their sum over the shares) "no data rows left after
// skipping N bad rows; the first: ..." at the first skipped row, given as
// the first skipped_row_errors entry of the lowest share that has one.
DataError no_rows_error(std::string_view source, const TableLayout& layout,
                        std::size_t skipped_rows, std::string_view first_skipped_error);

// A share's label classes, for agree_classes: its classes, class_counts and
// class_first_seen, as parse_share left them.
struct ShareClasses {
  std::array<std::string, 2> spellings;
  std::array<std::size_t, 2> counts{};
  std::array<std::optional<TextLocation>, 2> first_seen{};
};

ShareClasses classes_of_share(const LabeledTable& share);

// The data set's class 0 and class 1 from every share's classes, in part
// order, decided as read_labeled_table decides them for the whole file:
// spellings equal, or equal as numbers, are one class, spelled as first in
// the file; the positive class (class 1) is ReadOptions::positive, else 1,
// +1, true or yes, else the one that sorts last. Throws the whole-file
// reader's DataError, at the same place, for more than two classes, only one
// class, or a positive class that is not one of them. With
// ReadOptions::known_classes, returns them. Throws std::invalid_argument when
// no share has a class.
std::array<std::string, 2> agree_classes(const std::vector<ShareClasses>& shares,
                                         std::string_view source, const ReadOptions& options,
                                         std::string_view label_name);

// Rewrites a share's labels, classes, class_counts and class_first_seen to
// the agreed classes, so that its rows read as in read_labeled_table's table.
// Throws std::invalid_argument if a class of the share is not one of them.
void adopt_classes(LabeledTable& share, const std::array<std::string, 2>& classes);

}  // namespace adtrain::data
