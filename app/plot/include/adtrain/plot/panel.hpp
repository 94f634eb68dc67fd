// The layout every panel shares, top to bottom: title, legend, plot area
// with its axes, caption.
#pragma once

#include <string>
#include <vector>

#include "adtrain/plot/axes.hpp"
#include "adtrain/plot/legend.hpp"
#include "adtrain/plot/svg_writer.hpp"

namespace adtrain::plot {

struct PanelLayout {
  Rect panel;
  double legend_left = 0.0, legend_top = 0.0, legend_width = 0.0;
  Rect plot;
  double caption_top = 0.0;
  std::vector<std::string> caption_lines;
};

// Places the parts of a panel. Each caption sentence starts a new line and
// wraps to the panel's width; the rooms are what the vertical axes need
// beside the plot area (0 where there is no axis).
PanelLayout lay_out_panel(const Rect& panel, double legend_height,
                          const std::vector<std::string>& caption_sentences, double left_room,
                          double right_room);

// The width a legend may take in a panel, for legend_height().
double legend_width_in(const Rect& panel);

void draw_panel_title(SvgWriter& svg, const Rect& panel, const std::string& title);
void draw_caption(SvgWriter& svg, const PanelLayout& layout);

// Opens the panel's group ("panel <kind>") and draws what every panel starts
// with: its title, its legend and the plot area's background rectangle, which
// also carries `area_data` (data-* attributes for readers of the SVG). The
// caller draws the rest and closes the group.
void open_panel(SvgWriter& svg, const std::string& kind, const PanelLayout& layout,
                const std::string& title, const std::vector<LegendEntry>& legend,
                const Attributes& area_data = {});

}  // namespace adtrain::plot
