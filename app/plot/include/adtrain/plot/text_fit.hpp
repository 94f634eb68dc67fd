// Fitting text into a width without a font engine: widths are estimated
// from the number of characters, generously, so that text never overflows.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace adtrain::plot {

// Characters (UTF-8 code points) in `text`.
std::size_t character_count(std::string_view text);

// An upper estimate of the rendered width in pixels.
double estimated_width(std::string_view text, double font_size);

// `text` itself when it fits `max_width`, else as many leading characters as
// fit, followed by an ellipsis. Never splits a UTF-8 sequence.
std::string shorten_to_width(std::string_view text, double font_size, double max_width);

// Splits `text` at spaces into lines that fit `max_width`; a word wider than
// a line is shortened.
std::vector<std::string> wrap_to_width(std::string_view text, double font_size, double max_width);

}  // namespace adtrain::plot
