#include "adtrain/plot/text_fit.hpp"

namespace adtrain::plot {

namespace {

// DejaVu Sans, the widest of the fonts the picture asks for, averages a
// little under 0.6 em per character in mixed text.
constexpr double em_per_character = 0.6;
constexpr std::string_view ellipsis = "\xE2\x80\xA6";

bool starts_character(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
}

}  // namespace

std::size_t character_count(std::string_view text) {
  std::size_t count = 0;
  for (char c : text) count += starts_character(c) ? 1 : 0;
  return count;
}

double estimated_width(std::string_view text, double font_size) {
  return static_cast<double>(character_count(text)) * em_per_character * font_size;
}

std::string shorten_to_width(std::string_view text, double font_size, double max_width) {
  if (estimated_width(text, font_size) <= max_width) return std::string(text);
  const double room = max_width / (em_per_character * font_size) - 1.0;  // ellipsis
  std::size_t kept_characters = room > 0 ? static_cast<std::size_t>(room) : 0;
  std::size_t end = 0;
  while (end < text.size()) {
    if (starts_character(text[end])) {
      if (kept_characters == 0) break;
      --kept_characters;
    }
    ++end;
  }
  return std::string(text.substr(0, end)) + std::string(ellipsis);
}

std::vector<std::string> wrap_to_width(std::string_view text, double font_size, double max_width) {
  std::vector<std::string> lines;
  std::string line;
  std::size_t at = 0;
  while (at < text.size()) {
    const std::size_t space = text.find(' ', at);
    const std::string_view word =
        text.substr(at, space == std::string_view::npos ? std::string_view::npos : space - at);
    at = space == std::string_view::npos ? text.size() : space + 1;
    if (word.empty()) continue;
    const std::string candidate = line.empty() ? std::string(word) : line + " " + std::string(word);
    if (estimated_width(candidate, font_size) <= max_width) {
      line = candidate;
      continue;
    }
    if (!line.empty()) lines.push_back(line);
    line = shorten_to_width(word, font_size, max_width);
  }
  if (!line.empty()) lines.push_back(line);
  return lines;
}

}  // namespace adtrain::plot
