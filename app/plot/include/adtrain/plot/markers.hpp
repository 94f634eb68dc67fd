// Point markers: one shape per class, so that classes differ without colour.
#pragma once

#include <string_view>

#include "adtrain/plot/geometry.hpp"
#include "adtrain/plot/svg_writer.hpp"

namespace adtrain::plot {

enum class MarkerShape { circle, triangle };

// The shape of class 0 and class 1.
MarkerShape marker_for_class(int label);

// A marker centred on `centre` (pixels) whose area looks like that of a
// circle of `radius`. Fill and outline come from the enclosing group;
// `css_class` lets readers of the SVG count markers.
void draw_marker(SvgWriter& svg, MarkerShape shape, Point centre, double radius,
                 std::string_view css_class);

}  // namespace adtrain::plot
