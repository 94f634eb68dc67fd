// Lines and boxes in data units: clipping the decision boundary to the
// visible area, and the part of the area on each side of it.
#pragma once

#include <optional>
#include <utility>
#include <vector>

namespace adtrain::plot {

struct Point {
  double x = 0.0;
  double y = 0.0;
};

struct Box {
  double x_min = 0.0, x_max = 1.0;
  double y_min = 0.0, y_max = 1.0;
};

// The points where a x + b y + c = 0.
struct Line {
  double a = 0.0, b = 0.0, c = 0.0;
  double at(const Point& p) const { return a * p.x + b * p.y + c; }
  bool is_degenerate() const { return a == 0.0 && b == 0.0; }
};

// The segment of `line` inside `box`, or nothing when the line misses the
// box, only touches a corner, or is degenerate. Each endpoint is computed
// from the line's own equation, so it lies on the line to rounding.
std::optional<std::pair<Point, Point>> clip_line(const Line& line, const Box& box);

// The polygon of `box` where line.at(p) >= 0 (possibly empty, or the whole
// box), corners in order.
std::vector<Point> box_side(const Box& box, const Line& line);

}  // namespace adtrain::plot
