#include "adtrain/plot/markers.hpp"

#include <fmt/core.h>

#include <cmath>
#include <numbers>
#include <string>

namespace adtrain::plot {

MarkerShape marker_for_class(int label) {
  return label == 0 ? MarkerShape::circle : MarkerShape::triangle;
}

void draw_marker(SvgWriter& svg, MarkerShape shape, Point centre, double radius,
                 std::string_view css_class) {
  if (shape == MarkerShape::circle) {
    svg.empty("circle", {{"class", std::string(css_class)},
                         {"cx", pixels(centre.x)},
                         {"cy", pixels(centre.y)},
                         {"r", pixels(radius)}});
    return;
  }
  // An equilateral triangle pointing up, its centroid on the centre; sides
  // chosen so that it covers about the circle's area.
  const double side = radius * std::sqrt(4.0 * std::numbers::pi / std::sqrt(3.0));
  const double height = side * std::sqrt(3.0) / 2.0;
  const Point apex{centre.x, centre.y - 2.0 * height / 3.0};
  const double base_y = centre.y + height / 3.0;
  const std::string path = fmt::format("M{} {}L{} {}L{} {}Z", pixels(apex.x), pixels(apex.y),
                                       pixels(centre.x + side / 2), pixels(base_y),
                                       pixels(centre.x - side / 2), pixels(base_y));
  svg.empty("path", {{"class", std::string(css_class)}, {"d", path}});
}

}  // namespace adtrain::plot
