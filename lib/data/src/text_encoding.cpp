#include "text_encoding.hpp"

#include <cstdint>
#include <cstring>

namespace adtrain::data {
namespace {

constexpr std::string_view byte_order_mark = "\xEF\xBB\xBF";

// Most tables are plain ASCII: checking eight bytes at a time keeps the
// validation far cheaper than the parse that follows it.
bool is_ascii_without_nul(std::uint64_t word) {
  constexpr std::uint64_t low_bits = 0x0101010101010101ULL;
  constexpr std::uint64_t high_bits = 0x8080808080808080ULL;
  const bool has_high_bit = (word & high_bits) != 0;
  const bool has_zero_byte = ((word - low_bits) & ~word & high_bits) != 0;
  return !has_high_bit && !has_zero_byte;
}

// Length of the valid UTF-8 sequence starting at `offset`, or 0 if invalid.
// Overlong forms, surrogates and code points above U+10FFFF are invalid.
std::size_t valid_sequence_length(std::string_view text, std::size_t offset) {
  const auto byte_at = [&](std::size_t index) {
    return static_cast<unsigned char>(text[offset + index]);
  };
  const unsigned lead = byte_at(0);
  std::size_t length = 0;
  unsigned second_min = 0x80;
  unsigned second_max = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) second_min = 0xA0;
    if (lead == 0xED) second_max = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) second_min = 0x90;
    if (lead == 0xF4) second_max = 0x8F;
  } else {
    return 0;
  }
  if (offset + length > text.size()) return 0;
  if (byte_at(1) < second_min || byte_at(1) > second_max) return 0;
  for (std::size_t index = 2; index < length; ++index) {
    if (byte_at(index) < 0x80 || byte_at(index) > 0xBF) return 0;
  }
  return length;
}

std::string hex_bytes(std::string_view bytes) {
  constexpr std::string_view digits = "0123456789ABCDEF";
  std::string out;
  for (char character : bytes) {
    const auto byte = static_cast<unsigned char>(character);
    if (!out.empty()) out += ' ';
    out += "0x";
    out += digits[byte >> 4U];
    out += digits[byte & 0x0FU];
  }
  return out;
}

EncodingProblem invalid_utf8_at(std::string_view text, std::size_t offset) {
  if (offset == 0 && text.starts_with("\xFF\xFE")) {
    return {offset, "not UTF-8 (found bytes 0xFF 0xFE, a UTF-16 byte-order mark)"};
  }
  if (offset == 0 && text.starts_with("\xFE\xFF")) {
    return {offset, "not UTF-8 (found bytes 0xFE 0xFF, a UTF-16 byte-order mark)"};
  }
  // Show the lead byte and what follows it, as far as a sequence could reach.
  std::size_t shown = 1;
  while (shown < 4 && offset + shown < text.size() &&
         (static_cast<unsigned char>(text[offset + shown]) & 0xC0U) == 0x80U) {
    ++shown;
  }
  const std::string_view bytes = text.substr(offset, shown);
  return {offset, std::string("invalid UTF-8 (found ")
                      .append(shown == 1 ? "byte " : "bytes ")
                      .append(hex_bytes(bytes))
                      .append(")")};
}

}  // namespace

std::string_view strip_byte_order_mark(std::string_view text) {
  if (text.starts_with(byte_order_mark)) text.remove_prefix(byte_order_mark.size());
  return text;
}

std::optional<EncodingProblem> find_encoding_problem(std::string_view text) {
  return check_encoding(text, 0, true).problem;
}

EncodingCheck check_encoding(std::string_view text, std::size_t from, bool complete) {
  // The longest UTF-8 sequence: one that starts this close to the end of
  // incomplete text may be cut off, and waits for the next call.
  constexpr std::size_t longest_sequence = 4;
  std::size_t offset = from;
  while (offset < text.size()) {
    if (offset + sizeof(std::uint64_t) <= text.size()) {
      std::uint64_t word = 0;
      std::memcpy(&word, text.data() + offset, sizeof word);
      if (is_ascii_without_nul(word)) {
        offset += sizeof word;
        continue;
      }
    }
    const auto byte = static_cast<unsigned char>(text[offset]);
    if (byte == 0) {
      return {offset, EncodingProblem{offset,
                                      "unexpected NUL byte (found byte 0x00; is this a "
                                      "binary or UTF-16 file?)"}};
    }
    if (byte < 0x80) {
      ++offset;
      continue;
    }
    if (!complete && text.size() - offset < longest_sequence) break;
    const std::size_t length = valid_sequence_length(text, offset);
    if (length == 0) return {offset, invalid_utf8_at(text, offset)};
    offset += length;
  }
  return {offset, std::nullopt};
}

}  // namespace adtrain::data
