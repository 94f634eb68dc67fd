// Writing an SVG document element by element, with every attribute value and
// text escaped, so that callers never assemble markup by hand.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace adtrain::plot {

struct Attribute {
  std::string_view name;  // a constant chosen by the caller, never user text
  std::string value;      // escaped when written
};
using Attributes = std::vector<Attribute>;

// A pixel coordinate or length: two decimals are finer than any screen and
// keep files with thousands of markers small.
std::string pixels(double value);
// The shortest text that reads back as the same double, for data-*
// attributes that tests and scripts read to recover exact data values.
std::string exact(double value);

class SvgWriter {
 public:
  // Starts the document: the XML declaration and the <svg> root of this size
  // in pixels (also its viewBox).
  SvgWriter(double width, double height);

  void open(std::string_view tag, const Attributes& attributes = {});
  // Closes the element opened last.
  void close();
  void empty(std::string_view tag, const Attributes& attributes);
  void text(std::string_view tag, const Attributes& attributes, std::string_view content);

  // Closes whatever is still open and returns the whole document.
  std::string finish();

 private:
  void start_tag(std::string_view tag, const Attributes& attributes);
  void indent();

  std::string out_;
  std::vector<std::string> open_tags_;
};

}  // namespace adtrain::plot
