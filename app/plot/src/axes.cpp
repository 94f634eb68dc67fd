#include "adtrain/plot/axes.hpp"

#include <fmt/core.h>

#include "adtrain/plot/style.hpp"
#include "adtrain/plot/text_fit.hpp"

namespace adtrain::plot {

namespace {

constexpr double tick_length = 5.0;
constexpr double label_gap = 4.0;
// Of a rotated title, in ems: its baseline sits past the tick labels by its
// descent, and its ascent reaches further out.
constexpr double title_offset = 0.3;
constexpr double title_reach = 1.05;
constexpr double outer_margin = 6.0;

Attributes text_attributes(double x, double y, double size, std::string_view anchor,
                           std::string_view colour) {
  return {{"x", pixels(x)},
          {"y", pixels(y)},
          {"font-size", pixels(size)},
          {"text-anchor", std::string(anchor)},
          {"fill", std::string(colour)},
          {"stroke", "none"}};
}

// The widest tick label, to place the title of a vertical axis beyond it.
double widest_label(const Ticks& ticks) {
  double widest = 0.0;
  for (double value : ticks.values) {
    const double width = estimated_width(format_tick(value, ticks), style::tick_label_size);
    if (width > widest) widest = width;
  }
  return widest;
}

void draw_bottom_axis(SvgWriter& svg, const Rect& area, const Axis& axis) {
  const LinearScale& scale = *axis.scale;
  for (double value : axis.ticks.values) {
    const double x = scale(value);
    svg.empty("line", {{"x1", pixels(x)},
                       {"y1", pixels(area.bottom())},
                       {"x2", pixels(x)},
                       {"y2", pixels(area.bottom() + tick_length)}});
    svg.text("text",
             text_attributes(x, area.bottom() + tick_length + label_gap + style::tick_label_size,
                             style::tick_label_size, "middle", axis.colour),
             format_tick(value, axis.ticks));
  }
  const double title_y =
      area.bottom() + tick_length + 2 * label_gap + style::tick_label_size + style::axis_label_size;
  svg.text("text",
           text_attributes(area.left + area.width / 2, title_y, style::axis_label_size, "middle",
                           axis.colour),
           shorten_to_width(axis.title, style::axis_label_size, area.width));
}

void draw_vertical_axis(SvgWriter& svg, const Rect& area, const Axis& axis) {
  const LinearScale& scale = *axis.scale;
  const bool left = axis.side == AxisSide::left;
  const double edge = left ? area.left : area.right();
  const double outward = left ? -1.0 : 1.0;
  for (double value : axis.ticks.values) {
    const double y = scale(value);
    svg.empty("line", {{"x1", pixels(edge)},
                       {"y1", pixels(y)},
                       {"x2", pixels(edge + outward * tick_length)},
                       {"y2", pixels(y)}});
    // 0.35 em below the tick centres digits on it.
    svg.text("text",
             text_attributes(edge + outward * (tick_length + label_gap),
                             y + 0.35 * style::tick_label_size, style::tick_label_size,
                             left ? "end" : "start", axis.colour),
             format_tick(value, axis.ticks));
  }
  const double title_x = edge + outward * (tick_length + 2 * label_gap + widest_label(axis.ticks) +
                                           title_offset * style::axis_label_size);
  const double title_y = area.top + area.height / 2;
  Attributes attributes =
      text_attributes(title_x, title_y, style::axis_label_size, "middle", axis.colour);
  attributes.push_back({"transform", fmt::format("rotate({} {} {})", left ? -90 : 90,
                                                 pixels(title_x), pixels(title_y))});
  svg.text("text", attributes, shorten_to_width(axis.title, style::axis_label_size, area.height));
}

}  // namespace

double vertical_axis_room(const Ticks& ticks) {
  return tick_length + 2 * label_gap + widest_label(ticks) + title_reach * style::axis_label_size +
         outer_margin;
}

void draw_grid(SvgWriter& svg, const Rect& area, const Axis& horizontal, const Axis& vertical) {
  svg.open("g",
           {{"class", "grid"}, {"stroke", std::string(style::grid_colour)}, {"stroke-width", "1"}});
  for (double value : horizontal.ticks.values) {
    const double x = (*horizontal.scale)(value);
    svg.empty("line", {{"x1", pixels(x)},
                       {"y1", pixels(area.top)},
                       {"x2", pixels(x)},
                       {"y2", pixels(area.bottom())}});
  }
  for (double value : vertical.ticks.values) {
    const double y = (*vertical.scale)(value);
    svg.empty("line", {{"x1", pixels(area.left)},
                       {"y1", pixels(y)},
                       {"x2", pixels(area.right())},
                       {"y2", pixels(y)}});
  }
  svg.close();
}

void draw_frame(SvgWriter& svg, const Rect& area) {
  svg.empty("rect", {{"class", "frame"},
                     {"x", pixels(area.left)},
                     {"y", pixels(area.top)},
                     {"width", pixels(area.width)},
                     {"height", pixels(area.height)},
                     {"fill", "none"},
                     {"stroke", std::string(style::frame_colour)},
                     {"stroke-width", "1"}});
}

void draw_axis(SvgWriter& svg, const Rect& area, const Axis& axis) {
  svg.open(
      "g",
      {{"class", "axis"}, {"stroke", std::string(style::frame_colour)}, {"stroke-width", "1"}});
  if (axis.side == AxisSide::bottom) {
    draw_bottom_axis(svg, area, axis);
  } else {
    draw_vertical_axis(svg, area, axis);
  }
  svg.close();
}

}  // namespace adtrain::plot
