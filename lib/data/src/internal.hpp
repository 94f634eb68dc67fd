// What the .cpp files of lib/data share besides the field scanner (and what
// tests/lib/data/table_reader_test.cpp drives directly): error text
// (error_text.cpp), the encoding check, the input file and the input buffer
// (table_reader.cpp), label classes and the positive class
// (label_classes.cpp), and the parser's entry points for read_labeled_table,
// for detect_layout and for a piece of a file read by processes or in chunks
// (table_parser.cpp, file_share.cpp, table_stream.cpp).
#pragma once

#include <sys/stat.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "adtrain/data.hpp"

namespace adtrain::data {

// ---- Error text --------------------------------------------------------------------------------

// Turns text taken from an input file into something safe to put inside a
// one-line error message.

// `text` in double quotes, escaped as above (plus \" and \\), cut after
// `max_characters` code points with a trailing "..." so that a huge field
// cannot flood the terminal.
std::string quote_found(std::string_view text, std::size_t max_characters = 40);

// The one character (code point) at `offset`, quoted like quote_found.
std::string quote_character_at(std::string_view text, std::size_t offset);

// A column name in single quotes, escaped and cut the same way.
std::string quote_name(std::string_view name);

// Who reads a file in pieces: several processes (file_share.cpp) or a stream
// of chunks (table_stream.cpp). Both refuse the same few files, each in its
// own words, since the user's way out differs.
enum class PieceReader : std::uint8_t { processes, stream };

// The end of such a refusal, for `what` ("a file like this", "a file with
// such fields"): "... cannot be split among processes: train it on one
// process", or "--stream cannot read ...: train it without --stream".
std::string cannot_read_in_pieces(PieceReader reader, std::string_view what);

// ---- Text encoding -----------------------------------------------------------------------------

// The byte-level checks a table gets before any parsing: a UTF-8 byte-order
// mark is dropped, and NUL bytes or invalid UTF-8 are refused up front so that
// the parser and every error message can rely on valid text.

inline constexpr std::string_view utf8_byte_order_mark = "\xEF\xBB\xBF";

std::string_view strip_byte_order_mark(std::string_view text);

std::optional<EncodingProblem> find_encoding_problem(std::string_view text);

// The same check done piece by piece as text comes in, so that a bad byte is
// found without waiting for the rest: checks text[from, end) and returns how
// far the text is valid, or the first problem. Unless the text is
// `complete`, a multi-byte sequence near its end that may be cut off is left
// unchecked (`checked` stops before it) for the next call, made from
// `checked` on. `at_text_start`: offset 0 is where the text starts, so that
// bytes 0xFF 0xFE or 0xFE 0xFF there are named as a UTF-16 byte-order mark;
// a share of a file that starts further in has no such mark.
struct EncodingCheck {
  std::size_t checked = 0;
  std::optional<EncodingProblem> problem;
};

EncodingCheck check_encoding(std::string_view text, std::size_t from, bool complete,
                             bool at_text_start = true);

// ---- Label classes -----------------------------------------------------------------------------

// The distinct values of the label column, kept as they are spelled in the
// file. Two spellings are one class when they are equal, or when both are
// numbers of equal value ("1", "1.0" and "+1").

class LabelClasses {
 public:
  static constexpr int not_a_class = -1;

  // With `known` (class 0 and class 1 of a trained model), values must be one
  // of those two; otherwise the first two distinct values become the classes.
  explicit LabelClasses(const std::optional<std::array<std::string, 2>>& known);

  // 0 or 1: the class of `value`, in order of first appearance (or as in
  // `known`); not_a_class for any further distinct value, which is remembered.
  int classify(std::string_view value) {
    for (std::size_t index = 0; index < class_count_; ++index) {
      if (value == classes_[index].spelling) return static_cast<int>(index);
    }
    return classify_new_spelling(value);
  }

  std::size_t class_count() const { return class_count_; }
  const std::string& spelling(std::size_t index) const { return classes_[index].spelling; }
  bool has_others() const { return !others_.empty(); }
  // The distinct values seen, first few only: "0", "1", "2", ...
  std::string list_values() const;

 private:
  struct Value {
    std::string spelling;
    std::optional<double> number;
  };
  static Value make_value(std::string_view spelling);
  int classify_new_spelling(std::string_view value);

  std::array<Value, 2> classes_;
  std::size_t class_count_ = 0;
  bool known_ = false;
  std::vector<Value> others_;  // distinct values beyond the classes, first few
  bool more_others_ = false;
};

// ---- The positive class ------------------------------------------------------------------------

// Which of a label column's two classes counts as positive (label 1).

// The index (0 or 1) of the positive class among `spellings`. With
// `requested`, the class spelled like it (or equal as a number, or equal
// ignoring case); nullopt if neither is. Otherwise 1, +1, true or yes (any
// case), else the class that sorts last (by value when both are numbers).
std::optional<std::size_t> choose_positive(const std::array<std::string, 2>& spellings,
                                           const std::optional<std::string>& requested);

// Where a label column's values were seen, for the errors of
// positive_class: the first label, the first value beyond two classes, and
// how many rows have a label.
struct LabelSightings {
  TextLocation first_label;
  std::optional<TextLocation> first_other;
  std::size_t rows = 0;
};

// The index (0 or 1) of the positive class among the two classes of
// `values`, all of a label column's values, chosen by choose_positive.
// Throws DataError at `seen`'s places, worded for `label_name`, when the
// column holds more than two classes, only one, or no class spelled like
// ReadOptions::positive. The whole-file parser and agree_classes both decide
// through it, so that both give the same classes and the same errors.
std::size_t positive_class(const LabelClasses& values, const LabelSightings& seen,
                           std::string_view label_name, std::string_view source,
                           const ReadOptions& options);

// The "more than two classes" error alone, for a share that holds more
// than two by itself.
[[noreturn]] void fail_more_than_two_classes(const LabelClasses& values, TextLocation first_other,
                                             std::string_view label_name, std::string_view source);

// ---- Input -------------------------------------------------------------------------------------

// A file opened for reading and closed with this object: how InputBuffer and
// the share reader (file_share.cpp) open their input, so that both refuse
// what cannot be read, or what changes while it is read, in the same words.
class InputFile {
 public:
  // Only a regular file, opened without blocking (a FIFO would wait for a
  // writer): what a file read in shares must be. `refusal` says why anything
  // else is refused: "SOURCE: REFUSAL (found no regular file)".
  struct RegularOnly {
    std::string_view refusal = "cannot be split among processes";
  };

  // `path` "-" is standard input, which is never closed. Throws InputError
  // "SOURCE: reason" when it cannot be opened or is a directory.
  explicit InputFile(const std::string& path);
  // Also refuses "-" and anything but a regular file.
  InputFile(const std::string& path, RegularOnly only);
  InputFile(const InputFile&) = delete;
  InputFile& operator=(const InputFile&) = delete;

  int descriptor() const { return descriptor_.value; }
  // The path, or "<stdin>".
  const std::string& source() const { return source_; }
  bool regular() const;
  // Its size when it was opened.
  std::uint64_t size() const;
  // Up to `size` bytes from `offset`, fewer only at the end of the file.
  // Throws InputError when reading fails.
  std::size_t read_at(std::uint64_t offset, char* out, std::size_t size) const;
  // Up to `size` bytes from where the last read ended, with one read(2), as
  // standard input and pipes are read: fewer when fewer have arrived, none
  // at the end of the input. Throws InputError when reading fails.
  std::size_t read_next(char* out, std::size_t size) const;
  // What fstat(2) said when the file was opened.
  const struct stat& status() const { return opened_; }
  // Throws InputError when a regular file's size or modification time is not
  // what it was when it was opened: a file written to while it was read gives
  // a table that never existed.
  void check_unchanged() const;
  [[noreturn]] void fail(const std::string& why) const;

 private:
  // Closed when the file is, and when a constructor throws after opening
  // it (a directory): a member is destroyed then, the object is not.
  struct Descriptor {
    int value = -1;
    ~Descriptor();
  };

  std::string source_;
  Descriptor descriptor_;
  struct stat opened_ {};
};

// Whether two fstat(2) or stat(2) results give the same modification time.
bool same_modification_time(const struct stat& first, const struct stat& second);

// The bytes of an input, read with read(2) into memory this reader owns:
// regular files, pipes, terminals and standard input alike. A file is never
// memory-mapped, because a mapped file that shrinks under the reader kills it
// with SIGBUS at the first page past the new end; a copy cannot change.
// Reading checks the encoding of each piece as it arrives, so a binary file
// is refused after its first megabyte, not after all of it.

class InputBuffer {
 public:
  // `path` "-" is standard input. Throws InputError when it cannot be read
  // or a regular file changes while it is read (its size or modification
  // time), and DataError at the first NUL byte or invalid UTF-8, with the
  // location the parser would give it. `after_each_read`, for tests, is
  // called after every read(2) that brought bytes.
  explicit InputBuffer(const std::string& path, const std::function<void()>& after_each_read = {});
  ~InputBuffer();
  InputBuffer(const InputBuffer&) = delete;
  InputBuffer& operator=(const InputBuffer&) = delete;

  // Everything read, a UTF-8 byte-order mark included; valid UTF-8 without
  // NUL bytes after it.
  std::string_view text() const { return {buffer_, size_}; }
  // Gives the memory of the whole pages before `end` (a pointer into text())
  // back to the system. Those bytes are gone: they read as zeros afterwards,
  // so the caller must never look at them again.
  void release_before(const char* end);

  // The path, or "<stdin>".
  const std::string& source() const { return source_; }

 private:
  void read_all(int descriptor, std::size_t size_hint,
                const std::function<void()>& after_each_read);
  bool try_reserve(std::size_t capacity);
  void reserve(std::size_t capacity);  // throws InputError when it cannot
  void check_new_bytes(bool complete);

  std::string source_;
  char* buffer_ = nullptr;  // an anonymous mapping of capacity_ bytes
  std::size_t capacity_ = 0;
  std::size_t size_ = 0;
  std::size_t released_ = 0;  // bytes at the front given back
  // Where the text proper starts (past a byte-order mark) once known, and
  // how far it has been checked.
  std::size_t text_start_ = 0;
  bool text_start_known_ = false;
  std::size_t checked_ = 0;
};

// ---- Parsing -----------------------------------------------------------------------------------

// parse_labeled_table with more for read_labeled_table: a way to let the
// memory of text go once it has been parsed, so that a big file never sits in
// memory whole next to the matrix made from it, and a way to say that the
// encoding was checked already (as the text was read).

// Called with a pointer into the text: the parser never reads the bytes
// before it again, so their memory may be given back (even as zeros).
using TextConsumed = std::function<void(const char* consumed_end)>;

// `encoding_checked`: the text past any byte-order mark is known to be valid
// UTF-8 without NUL bytes (find_encoding_problem found nothing).
LabeledTable parse_table_text(std::string_view text, std::string_view source,
                              const ReadOptions& options, const TextConsumed& on_consumed,
                              bool encoding_checked);

// For detect_layout, which has only the head of a file: what
// parse_table_text decides from the first records, by the same code. `head`
// is the start of the text past any byte-order mark, valid UTF-8 without NUL
// bytes, and ends at a line end unless it is `complete` (the whole text).
// Without `layout`, more text could change a decision; `unfinished` is then
// where the record that runs past the head starts (the head's end when it
// ran out of records). data_offset counts from the head's start.
struct HeadLayout {
  std::optional<TableLayout> layout;
  std::size_t unfinished = 0;
};

HeadLayout layout_of_head(std::string_view head, std::string_view source,
                          const ReadOptions& options, bool complete);

// detect_layout's decision for any input, from its head: `head` holds the
// input's first bytes, and read_to(wanted) makes it hold `wanted` of them,
// or fewer when the input ends before, and says whether it holds the whole
// input. Reads on, doubling, until the decisions are sure; throws as
// detect_layout does, a refusal worded for `reader`.
TableLayout layout_of_input(std::string& head, const std::string& source,
                            const ReadOptions& options, PieceReader reader,
                            const std::function<bool(std::size_t wanted)>& read_to);

// The label classes of a file read piece after piece in file order (the
// stream), carried from each piece to the next so that every piece's labels
// are classified as the whole-file reader classifies them: by the file's
// classes in order of first appearance, with the first value beyond two of
// them found at its row. The whole-file reader reports such a value once it
// has read on to the end, or to a row it stops at, for the values listed in
// its message: so do the pieces after it.
struct CarriedClasses {
  explicit CarriedClasses(const std::optional<std::array<std::string, 2>>& known) : values(known) {}
  LabelClasses values;
  std::optional<TextLocation> first_other;  // in the file
  // A row came, after the value beyond two classes, at which the whole-file
  // reader stops reading.
  bool stopped = false;
};

// parse_share for a piece of a file held anywhere: `bytes` are the bytes of
// `range` (up to the encoding problem, if there is one), and a refusal is
// worded for `reader`. With `carried`, its labels are classified by (and
// added to) the classes of the pieces before, as described there, and they
// are the piece's classes; a third class is not refused but left in
// `carried` for the caller.
LabeledTable parse_piece(std::string_view bytes, const ByteRange& range,
                         const std::optional<EncodingProblem>& encoding_problem,
                         std::string_view source, const ReadOptions& options,
                         const TableLayout& layout, std::size_t lines_before, PieceReader reader,
                         CarriedClasses* carried);

// The DataError for an encoding problem in a piece of a file that starts at
// file offset `begin` with `lines_before` line ends before it; `bytes` hold
// the piece up to the problem at least. Columns on the file's first line
// count from past a byte-order mark.
DataError piece_encoding_error(std::string_view bytes, std::uint64_t begin,
                               const EncodingProblem& problem, std::string_view source,
                               std::size_t lines_before);

}  // namespace adtrain::data
