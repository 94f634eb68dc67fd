// Axes: "nice" ticks and their labels, scales from data to pixels, and the
// grid, frame and axes of a plot area.
#include "plot_internal.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>

namespace adtrain::plot {

// ---------------------------------------------------------------------------
// Nice ticks and their labels.

namespace {

double nice_step(double raw_step) {
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw_step)));
  const double fraction = raw_step / magnitude;
  if (fraction < 1.5) return magnitude;
  if (fraction < 3.0) return 2.0 * magnitude;
  if (fraction < 7.0) return 5.0 * magnitude;
  return 10.0 * magnitude;
}

int decimals_for(double step) {
  return std::max(0, static_cast<int>(-std::floor(std::log10(step) + 1e-9)));
}

}  // namespace

Ticks nice_ticks(double low, double high, int target, double smallest_step) {
  Ticks ticks;
  if (!std::isfinite(low) || !std::isfinite(high)) return ticks;
  if (!(high > low)) {
    ticks.values = {low};
    ticks.step = std::max(1.0, smallest_step);
    ticks.decimals = 0;
    return ticks;
  }
  target = std::max(target, 1);
  const double width = high - low;  // overflows for a range wider than DBL_MAX
  double raw_step = std::isfinite(width) ? width / target : high / target - low / target;
  // Finer than about 2^-50 of the values' magnitude, neighbouring ticks would
  // be the same double, and k * step below would stop advancing (k past 2^53).
  const double magnitude = std::max(std::abs(low), std::abs(high));
  raw_step = std::max({raw_step, magnitude * 0x1p-50, 1e-300});
  double step = std::max(nice_step(raw_step), smallest_step);
  if (!std::isfinite(step)) step = raw_step;  // a nice step past DBL_MAX
  ticks.step = step;
  ticks.decimals = decimals_for(step);
  // Multiplying integers by the step, rather than adding the step up, keeps
  // 0 exactly 0 and stops errors from accumulating. |first| <= 2^51 here, so
  // first + i is exact; the count is bounded by construction, and capped
  // against rounding all the same.
  const double first = std::ceil(low / step - 1e-9);
  const double last = std::floor(high / step + 1e-9);
  constexpr double max_ticks = 1000;
  for (double i = 0; first + i <= last && i < max_ticks; i += 1.0) {
    const double value = (first + i) * step;
    if (!std::isfinite(value) || value < low - step * 1e-9 || value > high + step * 1e-9) continue;
    if (ticks.values.empty() || value > ticks.values.back()) ticks.values.push_back(value);
  }
  if (ticks.values.empty()) ticks.values = {low};
  return ticks;
}

std::string format_tick(double value, const Ticks& ticks) {
  if (std::abs(value) < ticks.step * 1e-6) value = 0.0;
  const double largest = std::max(std::abs(ticks.values.empty() ? value : ticks.values.front()),
                                  std::abs(ticks.values.empty() ? value : ticks.values.back()));
  if (largest >= 1e6 || (ticks.step < 1e-4 && largest != 0.0)) {
    // Enough significant digits to reach the step, so that neighbours differ.
    const double magnitudes = std::floor(std::log10(largest)) - std::floor(std::log10(ticks.step));
    const int digits = std::max(1, static_cast<int>(magnitudes) + 1);
    return fmt::format("{:.{}g}", value, digits);
  }
  return fmt::format("{:.{}f}", value, ticks.decimals);
}

// ---------------------------------------------------------------------------
// Scales.

Interval padded_interval(double min, double max, double fraction) {
  double pad = (max - min) * fraction;
  if (!(max > min)) pad = std::max(std::abs(min) * 0.1, 0.5);
  const Interval result{min - pad, max + pad};
  if (!std::isfinite(result.low) || !std::isfinite(result.high) || !std::isfinite(result.span()) ||
      !(result.span() > 0.0)) {
    throw PlotError(fmt::format("values from {:g} to {:g} are too large to plot", min, max));
  }
  return result;
}

// ---------------------------------------------------------------------------
// Grid, frame and axes.

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
