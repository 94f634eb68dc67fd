#include "field_scanner.hpp"

namespace adtrain::data {
namespace {

char delimiter_character(Delimiter delimiter) {
  switch (delimiter) {
    case Delimiter::comma:
      return ',';
    case Delimiter::semicolon:
      return ';';
    case Delimiter::tab:
      return '\t';
    case Delimiter::whitespace:
    case Delimiter::automatic:
      break;
  }
  return '\0';
}

}  // namespace

FieldScanner::FieldScanner(std::string_view text, Delimiter delimiter, std::optional<char> comment)
    : text_(text),
      delimiter_(delimiter_character(delimiter)),
      has_comment_(comment.has_value()),
      comment_(comment.value_or('\0')) {
}

std::string_view FieldScanner::unescape(std::string_view content, std::string& scratch) {
  scratch.clear();
  for (std::size_t index = 0; index < content.size(); ++index) {
    scratch += content[index];
    if (content[index] == '"') ++index;  // skips the second quote of a pair
  }
  return scratch;
}

void FieldScanner::count_lines(std::size_t from, std::size_t to) {
  const char* const text = text_.data();
  while (from < to) {
    const void* newline = std::memchr(text + from, '\n', to - from);
    if (newline == nullptr) return;
    from = static_cast<std::size_t>(static_cast<const char*>(newline) - text) + 1;
    ++line_.line;
    line_.offset = from;
  }
}

// Quoted fields are rare next to plain numbers, so this part need not be inline.
FieldOutcome FieldScanner::scan_quoted(std::size_t offset, Field& field) {
  field.quoted = true;
  field.has_doubled_quotes = false;
  field.begin = offset + 1;
  const std::size_t size = text_.size();
  std::size_t from = field.begin;
  while (true) {
    const void* found = std::memchr(text_.data() + from, '"', size - from);
    if (found == nullptr) {
      count_lines(from, size);
      field.end = size;
      field.stop = size;
      position_ = size;
      return FieldOutcome::unterminated_quote;
    }
    const auto quote = static_cast<std::size_t>(static_cast<const char*>(found) - text_.data());
    count_lines(from, quote);
    if (quote + 1 < size && text_[quote + 1] == '"') {
      field.has_doubled_quotes = true;
      from = quote + 2;
      continue;
    }
    field.end = quote;
    return finish_field(quote + 1, field);
  }
}

std::size_t FieldScanner::count_rest_of_record() {
  std::size_t fields = 0;
  Field field;
  FieldOutcome outcome = next_field(field);
  while (true) {
    if (outcome == FieldOutcome::more_fields || outcome == FieldOutcome::text_after_quote) {
      // Text after a closing quote continues the same field, as most readers take it.
      if (outcome == FieldOutcome::text_after_quote) {
        outcome = scan_unquoted(position_, field);
        continue;
      }
      ++fields;
      outcome = next_field(field);
      continue;
    }
    return fields + 1;
  }
}

}  // namespace adtrain::data
