#include "adtrain/plot/svg_writer.hpp"

#include <fmt/core.h>

#include <cmath>

#include "adtrain/plot/xml_text.hpp"

namespace adtrain::plot {

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
