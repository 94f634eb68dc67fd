#include "found_text.hpp"

namespace adtrain::data {
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

}  // namespace

std::string escape_control_characters(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char character : text) append_escaped(out, character, false);
  return out;
}

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

}  // namespace adtrain::data
