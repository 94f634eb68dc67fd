// A legend laid out in rows of swatch + label, above a plot area so that it
// can never hide a point or a curve.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "adtrain/plot/markers.hpp"
#include "adtrain/plot/svg_writer.hpp"

namespace adtrain::plot {

enum class Swatch { circle, triangle, solid_line, dashed_line, shaded_box };

struct LegendEntry {
  Swatch swatch = Swatch::solid_line;
  std::string_view fill;     // markers and boxes; the line colour for lines
  std::string_view outline;  // markers only
  std::string label;
};

// Height the legend needs when laid out from `left` within `max_width`.
double legend_height(const std::vector<LegendEntry>& entries, double max_width);

// Draws the legend with its first row's top at `top`.
void draw_legend(SvgWriter& svg, const std::vector<LegendEntry>& entries, double left, double top,
                 double max_width);

}  // namespace adtrain::plot
