#include "adtrain/plot/panel.hpp"

#include <algorithm>

#include "adtrain/plot/style.hpp"
#include "adtrain/plot/text_fit.hpp"

namespace adtrain::plot {

namespace {

constexpr double side_margin = 24.0;
constexpr double title_height = 34.0;
constexpr double gap = 10.0;
constexpr double bottom_axis_room = 52.0;  // tick labels and the title below the area
constexpr double caption_line_height = 19.0;
constexpr double bottom_margin = 14.0;

}  // namespace

double legend_width_in(const Rect& panel) {
  return panel.width - 2 * side_margin;
}

PanelLayout lay_out_panel(const Rect& panel, double legend_height,
                          const std::vector<std::string>& caption_sentences, double left_room,
                          double right_room) {
  PanelLayout layout;
  layout.panel = panel;
  layout.legend_left = panel.left + side_margin;
  layout.legend_top = panel.top + title_height;
  layout.legend_width = legend_width_in(panel);
  for (const std::string& sentence : caption_sentences) {
    for (std::string& line :
         wrap_to_width(sentence, style::caption_size, panel.width - 2 * side_margin)) {
      layout.caption_lines.push_back(std::move(line));
    }
  }
  const double caption_height =
      static_cast<double>(layout.caption_lines.size()) * caption_line_height;
  left_room = std::max(left_room, side_margin);
  right_room = std::max(right_room, side_margin);
  layout.plot.left = panel.left + left_room;
  layout.plot.top = layout.legend_top + legend_height + gap;
  layout.plot.width = panel.width - left_room - right_room;
  layout.plot.height =
      panel.bottom() - bottom_margin - caption_height - gap - bottom_axis_room - layout.plot.top;
  layout.caption_top = layout.plot.bottom() + bottom_axis_room + gap;
  return layout;
}

void draw_panel_title(SvgWriter& svg, const Rect& panel, const std::string& title) {
  svg.text("text",
           {{"x", pixels(panel.left + panel.width / 2)},
            {"y", pixels(panel.top + style::panel_title_size + 4)},
            {"font-size", pixels(style::panel_title_size)},
            {"font-weight", "bold"},
            {"text-anchor", "middle"},
            {"fill", std::string(style::text_colour)}},
           shorten_to_width(title, style::panel_title_size, panel.width - 2 * side_margin));
}

void open_panel(SvgWriter& svg, const std::string& kind, const PanelLayout& layout,
                const std::string& title, const std::vector<LegendEntry>& legend,
                const Attributes& area_data) {
  svg.open("g", {{"class", "panel " + kind}});
  draw_panel_title(svg, layout.panel, title);
  draw_legend(svg, legend, layout.legend_left, layout.legend_top, layout.legend_width);
  const Rect& area = layout.plot;
  Attributes rect{{"class", "plot-area"},
                  {"x", pixels(area.left)},
                  {"y", pixels(area.top)},
                  {"width", pixels(area.width)},
                  {"height", pixels(area.height)}};
  rect.insert(rect.end(), area_data.begin(), area_data.end());
  rect.push_back({"fill", std::string(style::background)});
  svg.empty("rect", rect);
}

void draw_caption(SvgWriter& svg, const PanelLayout& layout) {
  svg.open("g", {{"class", "caption"},
                 {"font-size", pixels(style::caption_size)},
                 {"fill", std::string(style::muted_text_colour)}});
  double baseline = layout.caption_top + style::caption_size;
  for (const std::string& line : layout.caption_lines) {
    svg.text("text", {{"x", pixels(layout.panel.left + side_margin)}, {"y", pixels(baseline)}},
             line);
    baseline += caption_line_height;
  }
  svg.close();
}

}  // namespace adtrain::plot
