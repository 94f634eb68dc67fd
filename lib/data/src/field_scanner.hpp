// Splits a table's text into records and fields: RFC 4180 quoting (quoted
// fields, "" for a quote, delimiters and line ends inside quotes), LF or CRLF
// line ends, blank lines and comment lines (when asked for) skipped, or runs of blanks as the
// delimiter. Fields come back as offsets into the text, never copied; the hot
// part is inline because it runs once per cell.
#pragma once

#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

#include "adtrain/data/table_reader.hpp"
#include "number_parsing.hpp"
#include "text_location.hpp"

namespace adtrain::data {

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

}  // namespace adtrain::data
