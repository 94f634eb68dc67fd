// The scatter panel: the data points, a marker shape per class, the predicted
// regions and the decision line, with the geometry and row sampling they need.
#include "plot_internal.hpp"

#include <fmt/core.h>

#include <array>
#include <cmath>
#include <numbers>
#include <optional>
#include <string>
#include <utility>

namespace adtrain::plot {

// ---------------------------------------------------------------------------
// Clipping the boundary to the visible box, and the sides of it.

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

// ---------------------------------------------------------------------------
// The decision line in the plane of two features.

Line boundary_in_plane(const ml::AffineLogit& logit, std::size_t x_feature, std::size_t y_feature,
                       const std::vector<double>& held_at) {
  Line line{logit.coefficients.at(x_feature), logit.coefficients.at(y_feature), logit.intercept};
  for (std::size_t j = 0; j < logit.coefficients.size(); ++j) {
    if (j != x_feature && j != y_feature) line.c += logit.coefficients[j] * held_at.at(j);
  }
  return line;
}

// ---------------------------------------------------------------------------
// Point markers.

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

// ---------------------------------------------------------------------------
// Row sampling.

std::vector<std::size_t> evenly_spaced_indices(std::size_t total, std::size_t limit) {
  std::vector<std::size_t> indices;
  if (total <= limit) {
    for (std::size_t i = 0; i < total; ++i) indices.push_back(i);
    return indices;
  }
  if (limit == 0) return indices;
  if (limit == 1) return {0};
  // i * (total - 1) / (limit - 1), split into quotient and remainder so that
  // the product cannot overflow. total > limit, so consecutive indices differ
  // by at least 1: all distinct.
  const std::size_t whole = (total - 1) / (limit - 1);
  const std::size_t rest = (total - 1) % (limit - 1);
  for (std::size_t i = 0; i < limit; ++i) {
    indices.push_back(i * whole + i * rest / (limit - 1));
  }
  return indices;
}

// ---------------------------------------------------------------------------
// The scatter panel.

namespace {

// Of the whole box around the points: 5% room keeps extreme points off the frame.
constexpr double margin_fraction = 0.05;

Interval extent(double low, double high, std::size_t rows) {
  if (rows == 0) return {0.0, 1.0};
  return padded_interval(low, high, margin_fraction);
}

// Smaller markers as points crowd, so that dense clouds stay readable.
double marker_radius(std::size_t drawn) {
  if (drawn <= 150) return 5.5;
  if (drawn <= 600) return 4.5;
  if (drawn <= 2000) return 3.5;
  return 2.6;
}

// More see-through as points crowd, so that where the classes overlap the
// class drawn first still shows through.
double marker_opacity(std::size_t drawn) {
  if (drawn <= 600) return 0.9;
  if (drawn <= 2000) return 0.75;
  return 0.55;
}

std::string pixel_path(const std::vector<Point>& polygon, const LinearScale& x,
                       const LinearScale& y) {
  std::string path;
  for (const Point& p : polygon) {
    path += path.empty() ? 'M' : 'L';
    path += pixels(x(p.x));
    path += ' ';
    path += pixels(y(p.y));
  }
  return path + "Z";
}

struct BoundaryView {
  std::optional<std::pair<Point, Point>> segment;
  int predicted_everywhere = 0;  // when there is no segment
};

BoundaryView view_boundary(const Line& boundary, const Box& box) {
  BoundaryView view;
  view.segment = clip_line(boundary, box);
  const Point centre{(box.x_min + box.x_max) / 2, (box.y_min + box.y_max) / 2};
  view.predicted_everywhere = ml::is_positive(boundary.at(centre)) ? 1 : 0;
  return view;
}

std::string boundary_sentence(const ScatterPanel& scatter, const BoundaryView& view) {
  if (view.segment) {
    return "The line is the decision boundary (p = 0.5); the shading shows the class the model "
           "predicts.";
  }
  const std::string everywhere =
      "the model predicts " + scatter.class_names[view.predicted_everywhere] + " everywhere shown.";
  if (scatter.boundary.is_degenerate()) {
    return "No decision boundary in this plane (the model's weights for " + scatter.x_name +
           " and " + scatter.y_name + " are 0): " + everywhere;
  }
  return "The decision boundary lies outside the plotted area: " + everywhere;
}

void draw_regions(SvgWriter& svg, const Box& box, const Line& boundary, const BoundaryView& view,
                  const LinearScale& x, const LinearScale& y) {
  svg.open("g", {{"class", "predicted-regions"},
                 {"fill-opacity", pixels(style::region_opacity)},
                 {"stroke", "none"}});
  std::vector<Point> sides[2];
  if (view.segment) {
    sides[0] = box_side(box, Line{-boundary.a, -boundary.b, -boundary.c});
    sides[1] = box_side(box, boundary);
  } else {
    // One class everywhere; a logit of exactly 0 everywhere would otherwise
    // tint the box in both colours.
    sides[view.predicted_everywhere] = box_side(box, Line{0.0, 0.0, 1.0});
  }
  for (int label : {0, 1}) {
    if (sides[label].size() < 3) continue;
    svg.empty("path", {{"d", pixel_path(sides[label], x, y)},
                       {"fill", std::string(style::class_fill[label])}});
  }
  svg.close();
}

void draw_points(SvgWriter& svg, const ScatterPoints& points, const LinearScale& x,
                 const LinearScale& y) {
  const std::size_t drawn = points.x.size();
  const double radius = marker_radius(drawn);
  for (int label : {0, 1}) {
    svg.open("g", {{"class", "points class-" + std::to_string(label)},
                   {"fill", std::string(style::class_fill[label])},
                   {"fill-opacity", pixels(marker_opacity(drawn))},
                   {"stroke", std::string(style::class_outline[label])},
                   {"stroke-opacity", pixels(marker_opacity(drawn))},
                   {"stroke-width", radius > 3.0 ? "1" : "0.6"}});
    const std::string css_class = "marker-" + std::to_string(label);
    for (std::size_t i = 0; i < drawn; ++i) {
      if (static_cast<int>(points.labels[i]) != label) continue;
      draw_marker(svg, marker_for_class(label), {x(points.x[i]), y(points.y[i])}, radius,
                  css_class);
    }
    svg.close();
  }
}

void draw_boundary(SvgWriter& svg, const std::pair<Point, Point>& segment, const LinearScale& x,
                   const LinearScale& y) {
  const auto& [from, to] = segment;
  // data-* carry the exact endpoints in data units, for tests and scripts.
  svg.empty("line", {{"class", "decision-boundary"},
                     {"x1", pixels(x(from.x))},
                     {"y1", pixels(y(from.y))},
                     {"x2", pixels(x(to.x))},
                     {"y2", pixels(y(to.y))},
                     {"data-x1", exact(from.x)},
                     {"data-y1", exact(from.y)},
                     {"data-x2", exact(to.x)},
                     {"data-y2", exact(to.y)},
                     {"stroke", std::string(style::boundary_colour)},
                     {"stroke-width", "2.5"},
                     {"stroke-linecap", "round"}});
}

}  // namespace

void draw_scatter_panel(SvgWriter& svg, const Rect& panel, const ScatterPanel& scatter) {
  const ScatterPoints& points = scatter.points;
  const Interval x_domain = extent(points.x_min, points.x_max, points.rows);
  const Interval y_domain = extent(points.y_min, points.y_max, points.rows);
  const Box box{x_domain.low, x_domain.high, y_domain.low, y_domain.high};
  const BoundaryView boundary = view_boundary(scatter.boundary, box);

  const std::array<std::size_t, 2>& counts = points.class_counts;
  std::vector<LegendEntry> legend;
  for (int label : {0, 1}) {
    legend.push_back({label == 0 ? Swatch::circle : Swatch::triangle, style::class_fill[label],
                      style::class_outline[label],
                      scatter.class_names[label] + " (" + group_thousands(counts[label]) + ")"});
  }
  if (boundary.segment) {
    legend.push_back(
        {Swatch::solid_line, style::boundary_colour, "", "decision boundary (p = 0.5)"});
  }

  std::vector<std::string> caption = scatter.leading_sentences;
  if (points.x.size() < points.rows) {
    caption.push_back("Showing " + group_thousands(points.x.size()) + " of " +
                      group_thousands(points.rows) + " points, sampled evenly.");
  }
  caption.push_back(boundary_sentence(scatter, boundary));
  caption.insert(caption.end(), scatter.trailing_sentences.begin(),
                 scatter.trailing_sentences.end());

  const Ticks y_ticks = nice_ticks(y_domain.low, y_domain.high);
  const PanelLayout layout = lay_out_panel(panel, legend_height(legend, legend_width_in(panel)),
                                           caption, vertical_axis_room(y_ticks), 0.0);
  const Rect& area = layout.plot;
  const LinearScale x(x_domain, area.left, area.right());
  const LinearScale y(y_domain, area.bottom(), area.top);
  const Axis x_axis{AxisSide::bottom, &x, nice_ticks(x_domain.low, x_domain.high), scatter.x_name,
                    style::text_colour};
  const Axis y_axis{AxisSide::left, &y, y_ticks, scatter.y_name, style::text_colour};

  // data-* give the visible box in data units, so that pixels can be mapped back.
  open_panel(svg, "scatter", layout, "Data and decision boundary", legend,
             {{"data-x-min", exact(box.x_min)},
              {"data-x-max", exact(box.x_max)},
              {"data-y-min", exact(box.y_min)},
              {"data-y-max", exact(box.y_max)}});
  draw_grid(svg, area, x_axis, y_axis);
  draw_regions(svg, box, scatter.boundary, boundary, x, y);
  draw_points(svg, points, x, y);
  if (boundary.segment) draw_boundary(svg, *boundary.segment, x, y);
  draw_frame(svg, area);
  draw_axis(svg, area, x_axis);
  draw_axis(svg, area, y_axis);
  draw_caption(svg, layout);
  svg.close();
}

}  // namespace adtrain::plot
