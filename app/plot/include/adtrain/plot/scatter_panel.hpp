// The left panel: the data points in the plane of two features, one marker
// shape and colour per class, the predicted regions lightly shaded, and the
// decision boundary clipped to the visible area.
#pragma once

#include <array>
#include <span>
#include <string>
#include <vector>

#include "adtrain/plot/axes.hpp"
#include "adtrain/plot/geometry.hpp"
#include "adtrain/plot/svg_writer.hpp"

namespace adtrain::plot {

struct ScatterPanel {
  std::span<const double> x, y;    // every point, in data units
  std::span<const double> labels;  // 0 or 1 per point
  std::string x_name, y_name;
  std::array<std::string, 2> class_names;       // legend text, e.g. "y = 0"
  Line boundary;                                // logit = 0 in this plane, data units
  std::size_t point_limit = 5000;               // beyond it, points are sampled evenly
  std::vector<std::string> leading_sentences;   // caption before the panel's own
  std::vector<std::string> trailing_sentences;  // caption after it
};

// Draws the panel into `panel`. Throws PlotError when the coordinates are
// too large to place on an axis.
void draw_scatter_panel(SvgWriter& svg, const Rect& panel, const ScatterPanel& scatter);

}  // namespace adtrain::plot
