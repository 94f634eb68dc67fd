// The layout every panel shares: fitting text into a width, caption wording,
// the legend, and the placing of a panel's title, legend, plot area and caption.
#include "plot_internal.hpp"

#include <algorithm>

namespace adtrain::plot {

// ---------------------------------------------------------------------------
// Fitting text into a width.

namespace {

// DejaVu Sans, the widest of the fonts the picture asks for, averages a
// little under 0.6 em per character in mixed text.
constexpr double em_per_character = 0.6;
constexpr std::string_view ellipsis = "\xE2\x80\xA6";

bool starts_character(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
}

}  // namespace

std::size_t character_count(std::string_view text) {
  std::size_t count = 0;
  for (char c : text) count += starts_character(c) ? 1 : 0;
  return count;
}

double estimated_width(std::string_view text, double font_size) {
  return static_cast<double>(character_count(text)) * em_per_character * font_size;
}

std::string shorten_to_width(std::string_view text, double font_size, double max_width) {
  if (estimated_width(text, font_size) <= max_width) return std::string(text);
  const double room = max_width / (em_per_character * font_size) - 1.0;  // ellipsis
  std::size_t kept_characters = room > 0 ? static_cast<std::size_t>(room) : 0;
  std::size_t end = 0;
  while (end < text.size()) {
    if (starts_character(text[end])) {
      if (kept_characters == 0) break;
      --kept_characters;
    }
    ++end;
  }
  return std::string(text.substr(0, end)) + std::string(ellipsis);
}

std::vector<std::string> wrap_to_width(std::string_view text, double font_size, double max_width) {
  std::vector<std::string> lines;
  std::string line;
  std::size_t at = 0;
  while (at < text.size()) {
    const std::size_t space = text.find(' ', at);
    const std::string_view word =
        text.substr(at, space == std::string_view::npos ? std::string_view::npos : space - at);
    at = space == std::string_view::npos ? text.size() : space + 1;
    if (word.empty()) continue;
    const std::string candidate = line.empty() ? std::string(word) : line + " " + std::string(word);
    if (estimated_width(candidate, font_size) <= max_width) {
      line = candidate;
      continue;
    }
    if (!line.empty()) lines.push_back(line);
    line = shorten_to_width(word, font_size, max_width);
  }
  if (!line.empty()) lines.push_back(line);
  return lines;
}

// ---------------------------------------------------------------------------
// Caption wording.

std::string group_thousands(std::size_t count) {
  const std::string digits = std::to_string(count);
  std::string grouped;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) grouped += ',';
    grouped += digits[i];
  }
  return grouped;
}

std::string list_names(const std::vector<std::string>& names, std::size_t shown) {
  if (names.empty()) return "";
  std::vector<std::string> items;
  for (std::size_t i = 0; i < names.size() && items.size() < shown; ++i) items.push_back(names[i]);
  if (names.size() > items.size()) {
    items.push_back(group_thousands(names.size() - items.size()) + " more");
  }
  std::string text = items.front();
  for (std::size_t i = 1; i < items.size(); ++i) {
    text += (i + 1 == items.size() ? " and " : ", ") + items[i];
  }
  return text;
}

// ---------------------------------------------------------------------------
// The legend.

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

// ---------------------------------------------------------------------------
// The panel layout.

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
