// The SVG writer: escaping text for XML, numbers as pixels or exact values,
// and the writer that emits elements one by one.
#include "plot_internal.hpp"

#include <fmt/core.h>

#include <cmath>
#include <cstddef>

namespace adtrain::plot {

// ---------------------------------------------------------------------------
// Escaping text for XML.

namespace {

constexpr std::string_view replacement_character = "\xEF\xBF\xBD";

bool is_continuation(unsigned char byte) {
  return (byte & 0xC0) == 0x80;
}

// Length of the well-formed UTF-8 sequence at text[at], or 0 when it is not
// one (overlong forms, surrogates and code points past U+10FFFF included).
std::size_t utf8_sequence_length(std::string_view text, std::size_t at) {
  const auto lead = static_cast<unsigned char>(text[at]);
  std::size_t length = 0;
  char32_t code_point = 0;
  if (lead < 0x80) return 1;
  if ((lead & 0xE0) == 0xC0) {
    length = 2;
    code_point = lead & 0x1F;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3;
    code_point = lead & 0x0F;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4;
    code_point = lead & 0x07;
  } else {
    return 0;
  }
  if (at + length > text.size()) return 0;
  for (std::size_t i = 1; i < length; ++i) {
    const auto byte = static_cast<unsigned char>(text[at + i]);
    if (!is_continuation(byte)) return 0;
    code_point = (code_point << 6) | (byte & 0x3F);
  }
  constexpr char32_t smallest[] = {0, 0, 0x80, 0x800, 0x10000};
  if (code_point < smallest[length]) return 0;
  if (code_point >= 0xD800 && code_point <= 0xDFFF) return 0;
  if (code_point > 0x10FFFF) return 0;
  // U+FFFE and U+FFFF are not XML characters either.
  if (code_point == 0xFFFE || code_point == 0xFFFF) return 0;
  return length;
}

}  // namespace

std::string escape_xml(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t at = 0;
  while (at < text.size()) {
    const char c = text[at];
    switch (c) {
      case '&':
        out += "&amp;";
        ++at;
        continue;
      case '<':
        out += "&lt;";
        ++at;
        continue;
      case '>':
        out += "&gt;";
        ++at;
        continue;
      case '"':
        out += "&quot;";
        ++at;
        continue;
      case '\'':
        out += "&apos;";
        ++at;
        continue;
      default:
        break;
    }
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 && c != '\t' && c != '\n' && c != '\r') {
      out += replacement_character;
      ++at;
      continue;
    }
    const std::size_t length = utf8_sequence_length(text, at);
    if (length == 0) {
      out += replacement_character;
      ++at;
      continue;
    }
    out.append(text.substr(at, length));
    at += length;
  }
  return out;
}

// ---------------------------------------------------------------------------
// The writer.

std::string pixels(double value) {
  // A rounded -0.001 would print as "-0.00"; keep the text tidy.
  const double rounded = std::round(value * 100.0) / 100.0;
  std::string text = fmt::format("{:.2f}", rounded == 0.0 ? 0.0 : rounded);
  while (text.back() == '0') text.pop_back();
  if (text.back() == '.') text.pop_back();
  return text;
}

std::string exact(double value) {
  return fmt::format("{}", value);
}

SvgWriter::SvgWriter(double width, double height) {
  out_ = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  open("svg", {{"xmlns", "http://www.w3.org/2000/svg"},
               {"width", pixels(width)},
               {"height", pixels(height)},
               {"viewBox", "0 0 " + pixels(width) + " " + pixels(height)}});
}

void SvgWriter::indent() {
  out_.append(2 * open_tags_.size(), ' ');
}

void SvgWriter::start_tag(std::string_view tag, const Attributes& attributes) {
  indent();
  out_ += '<';
  out_ += tag;
  for (const Attribute& attribute : attributes) {
    out_ += ' ';
    out_ += attribute.name;
    out_ += "=\"";
    out_ += escape_xml(attribute.value);
    out_ += '"';
  }
}

void SvgWriter::open(std::string_view tag, const Attributes& attributes) {
  start_tag(tag, attributes);
  out_ += ">\n";
  open_tags_.emplace_back(tag);
}

void SvgWriter::close() {
  if (open_tags_.empty()) return;
  const std::string tag = std::move(open_tags_.back());
  open_tags_.pop_back();
  indent();
  out_ += "</" + tag + ">\n";
}

void SvgWriter::empty(std::string_view tag, const Attributes& attributes) {
  start_tag(tag, attributes);
  out_ += "/>\n";
}

void SvgWriter::text(std::string_view tag, const Attributes& attributes, std::string_view content) {
  start_tag(tag, attributes);
  out_ += '>';
  out_ += escape_xml(content);
  out_ += "</";
  out_ += tag;
  out_ += ">\n";
}

std::string SvgWriter::finish() {
  while (!open_tags_.empty()) close();
  return std::move(out_);
}

}  // namespace adtrain::plot
