#include "adtrain/plot/scatter_panel.hpp"

#include <algorithm>
#include <optional>

#include "adtrain/ml/model.hpp"
#include "adtrain/plot/legend.hpp"
#include "adtrain/plot/markers.hpp"
#include "adtrain/plot/panel.hpp"
#include "adtrain/plot/sampling.hpp"
#include "adtrain/plot/scale.hpp"
#include "adtrain/plot/style.hpp"
#include "adtrain/plot/ticks.hpp"
#include "adtrain/plot/wording.hpp"

namespace adtrain::plot {

namespace {

// Of the whole box around the points: 5% room keeps extreme points off the frame.
constexpr double margin_fraction = 0.05;

Interval extent(std::span<const double> values) {
  if (values.empty()) return {0.0, 1.0};
  const auto [low, high] = std::minmax_element(values.begin(), values.end());
  return padded_interval(*low, *high, margin_fraction);
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

void draw_points(SvgWriter& svg, const ScatterPanel& scatter, const std::vector<std::size_t>& drawn,
                 const LinearScale& x, const LinearScale& y) {
  const double radius = marker_radius(drawn.size());
  for (int label : {0, 1}) {
    svg.open("g", {{"class", "points class-" + std::to_string(label)},
                   {"fill", std::string(style::class_fill[label])},
                   {"fill-opacity", pixels(marker_opacity(drawn.size()))},
                   {"stroke", std::string(style::class_outline[label])},
                   {"stroke-opacity", pixels(marker_opacity(drawn.size()))},
                   {"stroke-width", radius > 3.0 ? "1" : "0.6"}});
    const std::string css_class = "marker-" + std::to_string(label);
    for (std::size_t row : drawn) {
      if (static_cast<int>(scatter.labels[row]) != label) continue;
      draw_marker(svg, marker_for_class(label), {x(scatter.x[row]), y(scatter.y[row])}, radius,
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
  const Interval x_domain = extent(scatter.x);
  const Interval y_domain = extent(scatter.y);
  const Box box{x_domain.low, x_domain.high, y_domain.low, y_domain.high};
  const BoundaryView boundary = view_boundary(scatter.boundary, box);
  const std::vector<std::size_t> drawn =
      evenly_spaced_indices(scatter.x.size(), scatter.point_limit);

  std::array<std::size_t, 2> counts{};
  for (double label : scatter.labels) ++counts[label == 0.0 ? 0 : 1];
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
  if (drawn.size() < scatter.x.size()) {
    caption.push_back("Showing " + group_thousands(drawn.size()) + " of " +
                      group_thousands(scatter.x.size()) + " points, sampled evenly.");
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
  draw_points(svg, scatter, drawn, x, y);
  if (boundary.segment) draw_boundary(svg, *boundary.segment, x, y);
  draw_frame(svg, area);
  draw_axis(svg, area, x_axis);
  draw_axis(svg, area, y_axis);
  draw_caption(svg, layout);
  svg.close();
}

}  // namespace adtrain::plot
