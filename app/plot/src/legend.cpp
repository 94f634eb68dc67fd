#include "adtrain/plot/legend.hpp"

#include "adtrain/plot/style.hpp"
#include "adtrain/plot/text_fit.hpp"

namespace adtrain::plot {

namespace {

constexpr double swatch_width = 26.0;
constexpr double swatch_gap = 6.0;
constexpr double entry_gap = 22.0;
constexpr double row_height = 22.0;

struct Placement {
  double x = 0.0;
  double row_top = 0.0;
  std::string label;
};

double entry_width(const std::string& label) {
  return swatch_width + swatch_gap + estimated_width(label, style::legend_size);
}

// Fills rows left to right; an entry that does not fit starts a new row.
std::vector<Placement> lay_out(const std::vector<LegendEntry>& entries, double max_width) {
  std::vector<Placement> placements;
  double x = 0.0, row_top = 0.0;
  for (const LegendEntry& entry : entries) {
    const std::string label =
        shorten_to_width(entry.label, style::legend_size, max_width - swatch_width - swatch_gap);
    const double width = entry_width(label);
    if (x > 0.0 && x + width > max_width) {
      x = 0.0;
      row_top += row_height;
    }
    placements.push_back({x, row_top, label});
    x += width + entry_gap;
  }
  return placements;
}

void draw_swatch(SvgWriter& svg, const LegendEntry& entry, double x, double middle) {
  switch (entry.swatch) {
    case Swatch::circle:
    case Swatch::triangle:
      svg.open("g", {{"fill", std::string(entry.fill)},
                     {"stroke", std::string(entry.outline)},
                     {"stroke-width", "1"}});
      draw_marker(svg, entry.swatch == Swatch::circle ? MarkerShape::circle : MarkerShape::triangle,
                  {x + swatch_width / 2, middle}, 5.5, "legend-marker");
      svg.close();
      return;
    case Swatch::shaded_box:
      svg.empty("rect", {{"x", pixels(x + 3)},
                         {"y", pixels(middle - 7)},
                         {"width", pixels(swatch_width - 6)},
                         {"height", "14"},
                         {"fill", std::string(entry.fill)},
                         {"fill-opacity", "0.35"},
                         {"stroke", std::string(style::frame_colour)},
                         {"stroke-width", "0.5"}});
      return;
    case Swatch::solid_line:
    case Swatch::dashed_line: {
      Attributes line{{"x1", pixels(x)},
                      {"y1", pixels(middle)},
                      {"x2", pixels(x + swatch_width)},
                      {"y2", pixels(middle)},
                      {"stroke", std::string(entry.fill)},
                      {"stroke-width", "2.5"}};
      if (entry.swatch == Swatch::dashed_line)
        line.push_back({"stroke-dasharray", std::string(style::dash_pattern)});
      svg.empty("line", line);
      return;
    }
  }
}

}  // namespace

double legend_height(const std::vector<LegendEntry>& entries, double max_width) {
  if (entries.empty()) return 0.0;
  return lay_out(entries, max_width).back().row_top + row_height;
}

void draw_legend(SvgWriter& svg, const std::vector<LegendEntry>& entries, double left, double top,
                 double max_width) {
  const std::vector<Placement> placements = lay_out(entries, max_width);
  svg.open("g", {{"class", "legend"}});
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const Placement& place = placements[i];
    const double middle = top + place.row_top + row_height / 2;
    draw_swatch(svg, entries[i], left + place.x, middle);
    svg.text("text",
             {{"x", pixels(left + place.x + swatch_width + swatch_gap)},
              {"y", pixels(middle + 0.35 * style::legend_size)},
              {"font-size", pixels(style::legend_size)},
              {"fill", std::string(style::text_colour)}},
             place.label);
  }
  svg.close();
}

}  // namespace adtrain::plot
