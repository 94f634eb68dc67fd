// Error and location text: text from the file made safe for a one-line
// message, DataError's "SOURCE:LINE:COLUMN: message", and the line and column
// of an offset.
#include <algorithm>
#include <string>
#include <utility>

#include "field_scanner.hpp"
#include "internal.hpp"

namespace adtrain::data {

// ---- Found text --------------------------------------------------------------------------------

namespace {

bool is_continuation_byte(char byte) {
  return (static_cast<unsigned char>(byte) & 0xC0U) == 0x80U;
}

void append_escaped(std::string& out, char character, bool escape_quotes) {
  const auto byte = static_cast<unsigned char>(character);
  switch (character) {
    case '\n':
      out += "\\n";
      return;
    case '\r':
      out += "\\r";
      return;
    case '\t':
      out += "\\t";
      return;
    case '"':
    case '\\':
      if (escape_quotes) out += '\\';
      out += character;
      return;
    default:
      break;
  }
  if (byte < 0x20U || byte == 0x7FU) {
    constexpr std::string_view hex_digits = "0123456789abcdef";
    out += "\\x";
    out += hex_digits[byte >> 4U];
    out += hex_digits[byte & 0x0FU];
    return;
  }
  out += character;
}

// Control characters become \n, \t, \xNN... so that a message stays on one
// line whatever the file holds.
std::string escape_control_characters(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char character : text) append_escaped(out, character, false);
  return out;
}

}  // namespace

std::string quote_found(std::string_view text, std::size_t max_characters) {
  std::string out = "\"";
  std::size_t characters = 0;
  std::size_t index = 0;
  for (; index < text.size(); ++index) {
    if (!is_continuation_byte(text[index])) {
      if (characters == max_characters) break;
      ++characters;
    }
    append_escaped(out, text[index], true);
  }
  out += '"';
  if (index < text.size()) out += "...";
  return out;
}

std::string quote_name(std::string_view name) {
  std::string quoted = quote_found(name);
  quoted.front() = '\'';
  quoted[quoted.rfind('"')] = '\'';
  return quoted;
}

std::string quote_character_at(std::string_view text, std::size_t offset) {
  std::size_t length = 1;
  while (offset + length < text.size() && is_continuation_byte(text[offset + length])) ++length;
  return quote_found(text.substr(offset, length));
}

std::string cannot_read_in_pieces(PieceReader reader, std::string_view what) {
  if (reader == PieceReader::stream) {
    return std::string("--stream cannot read ").append(what).append(": train it without --stream");
  }
  return std::string(what).append(" cannot be split among processes: train it on one process");
}

// ---- DataError ---------------------------------------------------------------------------------

namespace {

std::string located_message(const std::string& source, std::size_t line, std::size_t column,
                            const std::string& message) {
  // A file name may hold a newline too; the message must stay one line.
  std::string text = escape_control_characters(source);
  text.append(":").append(std::to_string(line)).append(":").append(std::to_string(column));
  text.append(": ").append(escape_control_characters(message));
  return text;
}

}  // namespace

DataError::DataError(std::string source, std::size_t line, std::size_t column,
                     const std::string& message)
    : std::runtime_error(located_message(source, line, column, message)),
      source_(std::move(source)),
      line_(line),
      column_(column) {
}

// ---- Locations ---------------------------------------------------------------------------------

TextLocation locate(std::string_view text, LineAnchor anchor, std::size_t offset) {
  offset = std::min(offset, text.size());
  TextLocation location{anchor.line, 1};
  std::size_t line_start = std::min(anchor.offset, offset);
  for (std::size_t index = line_start; index < offset; ++index) {
    if (text[index] == '\n') {
      ++location.line;
      line_start = index + 1;
    }
  }
  for (std::size_t index = line_start; index < offset; ++index) {
    const bool continuation = (static_cast<unsigned char>(text[index]) & 0xC0U) == 0x80U;
    if (!continuation) ++location.column;
  }
  return location;
}

DataError piece_encoding_error(std::string_view bytes, std::uint64_t begin,
                               const EncodingProblem& problem, std::string_view source,
                               std::size_t lines_before) {
  const std::size_t start = begin == 0 ? bytes.size() - strip_byte_order_mark(bytes).size() : 0;
  const TextLocation location = locate(bytes, LineAnchor{1, start}, problem.offset);
  return DataError(std::string(source), lines_before + location.line, location.column,
                   problem.message);
}

}  // namespace adtrain::data
