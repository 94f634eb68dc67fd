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
#include <memory>
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
  // Columns, by name as `features` names them (any column: a feature, the
  // label or one that is neither), whose text each row keeps in
  // LabeledTable::texts, unquoted and unescaped: what predict copies to its
  // output. A name the table lacks throws UnknownColumnError.
  std::vector<std::string> text_columns{};
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
  // Per entry of ReadOptions::text_columns, in that order: the column's text
  // in each row of `features`.
  std::vector<std::vector<std::string>> texts;
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

// A column ReadOptions::text_columns names that the table does not have:
// the caller's choice, not the data, is wrong (predict's usage error).
// what() is "no column named 'NAME' (found columns ...)".
class UnknownColumnError : public std::invalid_argument {
 public:
  UnknownColumnError(std::string column, const std::string& message)
      : std::invalid_argument(message), column_(std::move(column)) {}
  const std::string& column() const { return column_; }

 private:
  std::string column_;
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

// ---- Reading a table pass after pass, in chunks ------------------------------------------------
//
// For a file larger than memory: TableStream reads it chunk by chunk, each
// chunk a few whole lines parsed as parse_share parses a share, so that
// memory holds about one chunk at a time however large the file is; and
// rewind() starts another pass (one per epoch), refusing a file that changed
// in between. Put together as the shares above are (steps 5 and 6, a chunk
// for a share, in chunk order: no_rows_error when no chunk has rows,
// classes = agree_classes over every chunk's classes_of_share, adopt_classes
// on each chunk; or, in a single pass with no first pass to find the
// classes, RunningClasses), the chunks of a pass are read_labeled_table's
// table, row for row, and a pass fails with read_labeled_table's error, at
// the same FILE:LINE:COLUMN. For that, as the whole-file reader:
// - a problem in the data is reported only once the rest of the input has
//   been read and found free of encoding problems (a NUL byte, invalid
//   UTF-8), which come first; it costs one more read of the file, on the
//   way to an error only;
// - a third label class is reported by next() itself, once the rest of the
//   input has been read for the values it lists (or up to a bad row after
//   it, which the whole-file reader stops at too): a chunk's labels are
//   classified by the classes of the chunks before it.
// What differs from reading the whole file:
// - A quoted field holding a line break is refused (a chunk ends at a line
//   end): "quoted field spans lines (found no closing quote on its line);
//   --stream cannot read a file with such fields: train it without
//   --stream", under skip_bad_rows too; a header with such a field is fine.
// - A line longer than layout_head_limit bytes (and than a chunk) is
//   refused at its start: "line longer than 64 MiB (found no line end within
//   that); --stream cannot read a file like this: train it without
//   --stream"; so is a file whose first records do not end within
//   layout_head_limit, as detect_layout refuses it, worded for --stream.

// One chunk of a streamed table.
struct StreamChunk {
  // As parse_share parses a share: record_numbers from 1 within the chunk,
  // and until adopt_classes, labels 0 or 1 by `classes`, which are the
  // classes of the file so far in order of first appearance (the chunk may
  // hold one of them only, or none; with ReadOptions::known_classes, those).
  LabeledTable rows;
  // Data records (rows and skipped rows) of the file before this chunk: a
  // row's record number in the file is records_before + rows.record_numbers[i].
  std::size_t records_before = 0;
  // Bytes of the file read in this pass so far, this chunk included: where
  // the chunk ends in the file (the last chunk's is the file's size).
  std::uint64_t bytes_read = 0;
};

class TableStream {
 public:
  // Opens `path`, or standard input for "-" (named "<stdin>" in errors), and
  // decides the layout as detect_layout decides it, from the first bytes
  // read, which are kept and parsed as part of the first chunks (standard
  // input cannot be read twice). `chunk_bytes` (at least 1; the app passes a
  // few MiB) is how much text a chunk holds at most: the whole lines that
  // fit, or one line longer than that, up to layout_head_limit, beyond which
  // the line is refused with a DataError at its start. Memory holds about
  // one chunk of text (at least 64 KiB, read at a time; more while the first
  // records or one long line need it) and the rows parsed from it. Throws
  // what read_labeled_table throws for the file's head: InputError when it
  // cannot be read (missing, a directory, no permission), DataError; and
  // std::invalid_argument for chunk_bytes 0 or a bad comment character.
  TableStream(std::string path, ReadOptions options, std::size_t chunk_bytes);
  ~TableStream();
  TableStream(TableStream&&) noexcept;
  TableStream& operator=(TableStream&&) noexcept;

  const TableLayout& layout() const;
  const std::string& source() const;  // the path, or "<stdin>"
  // Whether rewind() can start another pass: a regular file; not standard
  // input, a pipe or a FIFO.
  bool rewindable() const;
  std::uint64_t file_size() const;  // as opened; 0 when not a regular file

  // The next chunk of this pass; nullopt at the end of the input. A chunk may
  // have no rows (the header, blank lines, skipped rows only). Throws
  // DataError for a problem in the data; InputError when reading fails or
  // the file changes while it is read (it grows, shrinks, or is written
  // to); std::logic_error once a pass ended by an error, until rewind().
  std::optional<StreamChunk> next();
  // Starts a new pass at the file's start, with the same layout and the same
  // options, or `options` (e.g. with known_classes set after the first pass;
  // the layout stays as decided). Throws InputError "PATH: the file changed
  // since it was first read (...)" when the file at `path` is another file,
  // or its size or modification time differ from when it was opened;
  // std::logic_error when !rewindable().
  void rewind();
  void rewind(ReadOptions options);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// Classes of a table read once, in order, with no first pass to find them
// (standard input): class 1 is ReadOptions::positive (spelled as in the file
// once seen: equal, equal as numbers, or equal ignoring case), class 0 the
// first other spelling seen; spellings equal, or equal as numbers, are one
// class, as for the whole file. With ReadOptions::known_classes, those.
// Unlike the whole-file reader, it cannot look ahead: an error it throws
// comes before an encoding problem further on, and with two spellings that
// both match --positive, differing only in case, the first seen is class 1
// (the whole-file reader prefers the one spelled exactly so).
class RunningClasses {
 public:
  // Throws std::invalid_argument without ReadOptions::positive (or
  // known_classes), or with an empty one.
  RunningClasses(std::string source, const ReadOptions& options, std::string label_name);

  // Rewrites the chunk's labels, classes, class_counts and class_first_seen
  // to these classes (see adopt_classes), chunk after chunk in file order.
  // Throws the whole-file reader's DataError for more than two classes, at
  // the first row of a third class, listing the values seen so far
  // (TableStream reports a third class itself, as the whole file does: this
  // is for chunks from elsewhere); or, at a second class other than the
  // positive one while that has not been seen, that the positive class is
  // no value of the column, as the whole-file reader does when the column
  // holds those two only.
  void adopt(StreamChunk& chunk);
  // After the last chunk: throws the whole-file reader's DataError when the
  // column held only one class. Nothing to check when no label was seen.
  void finish() const;

  // Class 0 is "" until seen; class 1 is spelled as ReadOptions::positive
  // until seen.
  const std::array<std::string, 2>& classes() const { return classes_; }
  std::array<std::size_t, 2> counts() const { return counts_; }

 private:
  std::string source_;
  std::optional<std::string> positive_;
  bool known_ = false;
  std::string label_name_;
  std::array<std::string, 2> classes_;
  std::array<std::size_t, 2> counts_{};
  bool positive_seen_ = false;
  // The distinct spellings seen, in file order, and the first label.
  std::vector<std::string> seen_;
  std::optional<TextLocation> first_label_;
};

// An estimate of the number of data records of a regular file: its data
// part (from layout.data_offset) divided by the mean record length in up to
// its first 1 MiB (exact when that is all of it), for the app's "this file
// will not fit in memory" check before reading. Blank lines do not count;
// comment lines do (the layout does not say what starts them). 0 for an
// empty data part. Throws InputError as detect_layout does, and for
// standard input or anything but a regular file.
std::uint64_t estimate_records(const std::string& path, const TableLayout& layout);

}  // namespace adtrain::data
