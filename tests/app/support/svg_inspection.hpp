// Reading adtrain's SVG pictures in end-to-end tests: elements by class,
// their attributes, and the external tools that check and render them.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace adtrain::testing {

// Occurrences of `needle` in `text`.
std::size_t count_of(const std::string& text, const std::string& needle);

// The start tags (from '<' to '>') of the elements whose class attribute is
// exactly `css_class`.
std::vector<std::string> elements_with_class(const std::string& svg, const std::string& css_class);

// The unescaped value of attribute `name` in a start tag, if present.
std::optional<std::string> attribute(const std::string& start_tag, const std::string& name);
double number_attribute(const std::string& start_tag, const std::string& name);

// The captions' text, unescaped, with the wrapped lines joined by spaces
// again, so that whole sentences can be searched for.
std::string caption_text(const std::string& svg);

// Runs a command line through the shell; returns its exit status.
int run_tool(const std::string& command_line);

// xmllint --noout accepts the file.
bool is_well_formed_xml(const std::string& path);

// Renders with rsvg-convert; returns the PNG's width and height, or nullopt
// when rendering failed or the output is not a PNG.
std::optional<std::pair<unsigned, unsigned>> render_png(const std::string& svg_path,
                                                        const std::string& png_path);

}  // namespace adtrain::testing
