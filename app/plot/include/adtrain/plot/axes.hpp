// A plot area with its frame, grid, tick marks, tick labels and axis titles.
#pragma once

#include <string>
#include <string_view>

#include "adtrain/plot/scale.hpp"
#include "adtrain/plot/svg_writer.hpp"
#include "adtrain/plot/ticks.hpp"

namespace adtrain::plot {

struct Rect {
  double left = 0.0, top = 0.0, width = 0.0, height = 0.0;
  double right() const { return left + width; }
  double bottom() const { return top + height; }
};

enum class AxisSide { bottom, left, right };

struct Axis {
  AxisSide side = AxisSide::bottom;
  const LinearScale* scale = nullptr;
  Ticks ticks;
  std::string title;
  std::string_view colour;  // of the tick labels and title
};

// Light grid lines at the ticks of a horizontal and a vertical axis, drawn
// first so that everything else lies on top.
void draw_grid(SvgWriter& svg, const Rect& area, const Axis& horizontal, const Axis& vertical);

// The frame around `area`.
void draw_frame(SvgWriter& svg, const Rect& area);

// The width a vertical axis needs beside the plot area: tick marks, the
// widest tick label and the rotated title.
double vertical_axis_room(const Ticks& ticks);

// Tick marks, tick labels and the axis title on one side of `area`. Titles
// too long for the side are shortened with an ellipsis.
void draw_axis(SvgWriter& svg, const Rect& area, const Axis& axis);

}  // namespace adtrain::plot
