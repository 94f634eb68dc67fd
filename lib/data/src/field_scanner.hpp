// The field scanner: how the text of a table splits into records and fields,
// shared by the .cpp files of lib/data. Numbers as tables spell them, line and
// column of an offset, the scanner itself (its hot part inline, because it
// runs once per cell), and the two whole-text scans made before parsing:
// counting the records and guessing the delimiter. The rest of the scanner
// is in field_scanner.cpp.
#pragma once

#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>

#include "adtrain/data.hpp"

namespace adtrain::data {

// ---- Numbers -----------------------------------------------------------------------------------

// Numbers as the tables spell them: what std::from_chars accepts for a double,
// plus a leading '+', with blanks around it ignored. Inline because it runs
// once per cell.

// `missing`: one of the spellings of a missing value other than the empty
// field (see is_missing_spelling).
enum class NumberStatus { ok, empty, missing, not_a_number, not_finite, out_of_range };

inline bool is_blank(char character) {
  return character == ' ' || character == '\t';
}

inline std::string_view trim_blanks(std::string_view text) {
  while (!text.empty() && is_blank(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_blank(text.back())) text.remove_suffix(1);
  return text;
}

inline bool equal_ignoring_ascii_case(std::string_view text, std::string_view lower) {
  if (text.size() != lower.size()) return false;
  for (std::size_t index = 0; index < text.size(); ++index) {
    char character = text[index];
    if (character >= 'A' && character <= 'Z') character = static_cast<char>(character - 'A' + 'a');
    if (character != lower[index]) return false;
  }
  return true;
}

// A missing value, as tables spell it: an empty field, or NA, NaN or null in
// any case (na, NAN, Null...), with blanks around ignored and quoted or not.
// A sign makes "-nan" a (non-finite) number instead, "N/A" or "None" are text.
inline bool is_missing_spelling(std::string_view text) {
  text = trim_blanks(text);
  return text.empty() || equal_ignoring_ascii_case(text, "na") ||
         equal_ignoring_ascii_case(text, "nan") || equal_ignoring_ascii_case(text, "null");
}

// On `ok` and `not_finite`, `value` holds the number; otherwise it is unchanged.
inline NumberStatus parse_number(std::string_view text, double& value) {
  text = trim_blanks(text);
  if (text.empty()) return NumberStatus::empty;
  if (is_missing_spelling(text)) return NumberStatus::missing;
  // from_chars refuses a '+', but "+-1" must stay invalid.
  if (text.front() == '+' && text.size() > 1 && text[1] != '-') text.remove_prefix(1);
  const char* const end = text.data() + text.size();
  double parsed = 0.0;
  const auto [stop, error] = std::from_chars(text.data(), end, parsed);
  if (error == std::errc::result_out_of_range && stop == end) return NumberStatus::out_of_range;
  if (error != std::errc() || stop != end) return NumberStatus::not_a_number;
  value = parsed;
  return std::isfinite(parsed) ? NumberStatus::ok : NumberStatus::not_finite;
}

// The value of `text` if it is a finite number.
inline std::optional<double> number_value(std::string_view text) {
  double value = 0.0;
  if (parse_number(text, value) != NumberStatus::ok) return std::nullopt;
  return value;
}

// ---- Locations ---------------------------------------------------------------------------------

// Line and column of a byte offset (a TextLocation, table_reader.hpp), worked
// out only when an error needs them so that the parser itself tracks no more
// than where each record starts.

// A known line start: `line` is its 1-based number, `offset` its first byte.
struct LineAnchor {
  std::size_t line = 1;
  std::size_t offset = 0;
};

// `offset` must not come before `anchor.offset`; the text must be valid UTF-8.
// Defined in error_text.cpp, with the messages that need it.
TextLocation locate(std::string_view text, LineAnchor anchor, std::size_t offset);

// ---- Fields and records ------------------------------------------------------------------------

// Splits a table's text into records and fields: RFC 4180 quoting (quoted
// fields, "" for a quote, delimiters and line ends inside quotes), LF or CRLF
// line ends, blank lines and comment lines (when asked for) skipped, or runs of blanks as the
// delimiter. Fields come back as offsets into the text, never copied; the hot
// part is inline because it runs once per cell.

struct Field {
  std::size_t start = 0;  // the opening quote, or the first non-blank character
  std::size_t begin = 0;  // content: inside the quotes, or trimmed of blanks
  std::size_t end = 0;
  std::size_t stop = 0;  // where the field ended: delimiter, line end or end of text
  bool quoted = false;
  bool has_doubled_quotes = false;  // the content holds "" standing for "
};

enum class FieldOutcome {
  more_fields,         // a delimiter followed; the scanner is at the next field
  record_end,          // the record ended; the scanner is at the next line
  unterminated_quote,  // a quoted field runs to the end of the text
  text_after_quote,    // a closing quote is followed by something else than a delimiter
};

class FieldScanner {
 public:
  // `delimiter` must not be automatic. With `comment`, lines starting with it
  // (after blanks) are skipped like blank lines.
  FieldScanner(std::string_view text, Delimiter delimiter, std::optional<char> comment);

  // Moves to the next record, past blank lines and comment lines; false at the
  // end of the text. Call only at a line start: first, or after a record ended.
  bool next_record();
  FieldOutcome next_field(Field& field);
  // The common case, read without scanning the field twice: a field that is
  // just a finite number (blanks around and a leading '+' allowed). Returns
  // false, having moved nothing, for anything else, which next_field then
  // reads so that the caller can say what is wrong with it.
  bool next_plain_number(Field& field, double& value, FieldOutcome& outcome);
  // After a problem inside a record, skips what is left of it.
  void skip_rest_of_record() { count_rest_of_record(); }
  // Skips what is left of the record; returns how many fields that was.
  std::size_t count_rest_of_record();

  std::string_view content(const Field& field) const {
    return text_.substr(field.begin, field.end - field.begin);
  }
  // The field's value: its content with each "" read as one quote, written to
  // `scratch` only when there is such a pair.
  std::string_view value(const Field& field, std::string& scratch) const {
    return field.has_doubled_quotes ? unescape(content(field), scratch) : content(field);
  }
  std::string_view text() const { return text_; }
  std::size_t position() const { return position_; }
  // Where the current record's first line starts.
  LineAnchor record_anchor() const { return record_anchor_; }
  // The line the scanner stands on: one past the record's first line once a
  // record has ended, further when a quoted field in it held line breaks.
  std::size_t line() const { return line_.line; }
  // A quoted field ran to the end of the text (unterminated_quote), however
  // it was read: a share of a file must know, as the field goes on in the
  // next share.
  bool ran_into_open_quote() const { return ran_into_open_quote_; }

 private:
  bool is_line_end(std::size_t offset) const {
    if (offset >= text_.size()) return true;
    const char character = text_[offset];
    if (character == '\n') return true;
    return character == '\r' && (offset + 1 == text_.size() || text_[offset + 1] == '\n');
  }
  // Blanks around a field; a tab is a delimiter in tab-separated text instead.
  bool is_padding(char character) const {
    return character == ' ' || (character == '\t' && delimiter_ != '\t');
  }
  static std::string_view unescape(std::string_view content, std::string& scratch);
  void consume_line_end(std::size_t offset);
  void count_lines(std::size_t from, std::size_t to);
  FieldOutcome scan_unquoted(std::size_t offset, Field& field);
  FieldOutcome scan_quoted(std::size_t offset, Field& field);
  FieldOutcome finish_field(std::size_t offset, Field& field);

  std::string_view text_;
  char delimiter_;  // '\0' for runs of blanks
  bool has_comment_;
  char comment_;
  std::size_t position_ = 0;
  LineAnchor line_;  // the line that holds position_
  LineAnchor record_anchor_;
  bool ran_into_open_quote_ = false;
};

inline void FieldScanner::consume_line_end(std::size_t offset) {
  if (offset < text_.size() && text_[offset] == '\r') ++offset;
  if (offset < text_.size() && text_[offset] == '\n') ++offset;
  position_ = offset;
  ++line_.line;
  line_.offset = offset;
}

inline bool FieldScanner::next_record() {
  const std::size_t size = text_.size();
  while (position_ < size) {
    std::size_t offset = position_;
    while (offset < size && is_blank(text_[offset])) ++offset;
    if (is_line_end(offset)) {
      consume_line_end(offset);
      continue;
    }
    if (has_comment_ && text_[offset] == comment_) {
      const void* newline = std::memchr(text_.data() + offset, '\n', size - offset);
      offset = newline == nullptr
                   ? size
                   : static_cast<std::size_t>(static_cast<const char*>(newline) - text_.data());
      consume_line_end(offset);
      continue;
    }
    record_anchor_ = line_;
    if (delimiter_ == '\0') position_ = offset;
    return true;
  }
  return false;
}

inline FieldOutcome FieldScanner::next_field(Field& field) {
  std::size_t offset = position_;
  while (offset < text_.size() && is_padding(text_[offset])) ++offset;
  field.start = offset;
  if (offset < text_.size() && text_[offset] == '"') return scan_quoted(offset, field);
  return scan_unquoted(offset, field);
}

inline bool FieldScanner::next_plain_number(Field& field, double& value, FieldOutcome& outcome) {
  const std::size_t size = text_.size();
  const char* const text = text_.data();
  std::size_t offset = position_;
  while (offset < size && is_padding(text[offset])) ++offset;
  const std::size_t start = offset;
  if (offset + 1 < size && text[offset] == '+' && text[offset + 1] != '-') ++offset;
  double parsed = 0.0;
  // from_chars stops at the first character that cannot continue the number,
  // which must then be the end of the field.
  const auto [stop, error] = std::from_chars(text + offset, text + size, parsed);
  if (error != std::errc() || !std::isfinite(parsed)) return false;
  const auto end = static_cast<std::size_t>(stop - text);
  std::size_t after = end;
  while (after < size && is_padding(text[after])) ++after;
  const bool field_ends =
      is_line_end(after) || (delimiter_ == '\0' ? after > end : text[after] == delimiter_);
  if (!field_ends) return false;
  field.start = start;
  field.begin = start;
  field.end = end;
  field.quoted = false;
  field.has_doubled_quotes = false;
  value = parsed;
  outcome = finish_field(end, field);
  return true;
}

inline FieldOutcome FieldScanner::scan_unquoted(std::size_t offset, Field& field) {
  field.quoted = false;
  field.has_doubled_quotes = false;
  field.begin = offset;
  const std::size_t size = text_.size();
  const char* const text = text_.data();
  if (delimiter_ == '\0') {
    while (offset < size && !is_blank(text[offset]) && !is_line_end(offset)) ++offset;
    field.end = offset;
  } else {
    while (offset < size) {
      const char character = text[offset];
      if (character == delimiter_ || character == '\n') break;
      if (character == '\r' && is_line_end(offset)) break;
      ++offset;
    }
    std::size_t end = offset;
    while (end > field.begin && is_padding(text[end - 1])) --end;
    field.end = end;
  }
  return finish_field(offset, field);
}

inline FieldOutcome FieldScanner::finish_field(std::size_t offset, Field& field) {
  const std::size_t content_stop = offset;
  while (offset < text_.size() && is_padding(text_[offset])) ++offset;
  field.stop = offset;
  if (is_line_end(offset)) {
    consume_line_end(offset);
    return FieldOutcome::record_end;
  }
  position_ = offset;
  if (delimiter_ == '\0') {
    return offset == content_stop ? FieldOutcome::text_after_quote : FieldOutcome::more_fields;
  }
  if (text_[offset] != delimiter_) return FieldOutcome::text_after_quote;
  position_ = offset + 1;
  return FieldOutcome::more_fields;
}

// ---- Counting records --------------------------------------------------------------------------

// Counts the records ahead so that the matrix can be allocated once at its
// final size instead of growing (which would double the peak memory).

// Records in `text` from `offset` (a line start) on, counted as FieldScanner
// would see them; `delimiter` must not be automatic.
std::size_t count_records(std::string_view text, std::size_t offset, Delimiter delimiter,
                          std::optional<char> comment);

// ---- Guessing the delimiter --------------------------------------------------------------------

// Guesses the delimiter of a table from its first records.

// Never returns Delimiter::automatic. A tab, semicolon or comma wins when it
// appears the same number of times in most of the first records (ties go to
// tab, then semicolon: a semicolon file often has decimal commas). Without any,
// blanks between values mean whitespace-separated; otherwise comma. Blank
// lines, and comment lines when `comment` is set, are not records.
Delimiter sniff_delimiter(std::string_view text, std::optional<char> comment);

// The same guess from the head of a longer text, which ends at a line end:
// nullopt when the rest could change it, that is when the head ends before
// the records it samples do, with `unfinished` set to where the record that
// runs past the head starts (the head's end when it ran out of records).
std::optional<Delimiter> sniff_delimiter_of_head(std::string_view head, std::optional<char> comment,
                                                 std::size_t& unfinished);

}  // namespace adtrain::data
