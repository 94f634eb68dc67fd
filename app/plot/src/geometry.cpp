#include "adtrain/plot/geometry.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include "adtrain/ml/model.hpp"

namespace adtrain::plot {

namespace {

bool within(double value, double low, double high, double slack) {
  return value >= low - slack && value <= high + slack;
}

double distance(const Point& p, const Point& q) {
  return std::hypot(p.x - q.x, p.y - q.y);
}

}  // namespace

std::optional<std::pair<Point, Point>> clip_line(const Line& line, const Box& box) {
  if (line.is_degenerate()) return std::nullopt;
  // A hair of slack admits the crossing exactly at a corner despite rounding.
  const double x_slack = (box.x_max - box.x_min) * 1e-12;
  const double y_slack = (box.y_max - box.y_min) * 1e-12;
  std::vector<Point> crossings;
  if (line.b != 0.0) {
    for (double x : {box.x_min, box.x_max}) {
      const double y = -(line.a * x + line.c) / line.b;
      if (within(y, box.y_min, box.y_max, y_slack)) crossings.push_back({x, y});
    }
  }
  if (line.a != 0.0) {
    for (double y : {box.y_min, box.y_max}) {
      const double x = -(line.b * y + line.c) / line.a;
      if (within(x, box.x_min, box.x_max, x_slack)) crossings.push_back({x, y});
    }
  }
  std::optional<std::pair<Point, Point>> farthest;
  double longest = 0.0;
  for (std::size_t i = 0; i < crossings.size(); ++i) {
    for (std::size_t j = i + 1; j < crossings.size(); ++j) {
      const double length = distance(crossings[i], crossings[j]);
      if (length > longest) {
        longest = length;
        farthest = std::pair{crossings[i], crossings[j]};
      }
    }
  }
  // Touching a corner is not a visible segment.
  const double diagonal = std::hypot(box.x_max - box.x_min, box.y_max - box.y_min);
  if (!farthest || longest <= diagonal * 1e-9) return std::nullopt;
  // Left to right (then bottom to top) so the output does not depend on the
  // order the edges were visited in.
  auto [p, q] = *farthest;
  if (q.x < p.x || (q.x == p.x && q.y < p.y)) std::swap(p, q);
  return std::pair{p, q};
}

std::vector<Point> box_side(const Box& box, const Line& line) {
  const std::array<Point, 4> corners{Point{box.x_min, box.y_min}, Point{box.x_max, box.y_min},
                                     Point{box.x_max, box.y_max}, Point{box.x_min, box.y_max}};
  std::vector<Point> polygon;
  for (std::size_t i = 0; i < corners.size(); ++i) {
    const Point& p = corners[i];
    const Point& q = corners[(i + 1) % corners.size()];
    const double fp = line.at(p), fq = line.at(q);
    // The side the model calls positive, by its own rule.
    if (ml::is_positive(fp)) polygon.push_back(p);
    if (ml::is_positive(fp) != ml::is_positive(fq)) {
      const double t = fp / (fp - fq);
      polygon.push_back({p.x + (q.x - p.x) * t, p.y + (q.y - p.y) * t});
    }
  }
  return polygon;
}

}  // namespace adtrain::plot
