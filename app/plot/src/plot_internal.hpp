// The plot library's private parts, shared by its .cpp files and its unit
// tests; the commands use adtrain/plot.hpp only. Each section names the .cpp
// that defines it; helpers used by one .cpp alone live in that .cpp.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "adtrain/ml.hpp"
#include "adtrain/plot.hpp"

// ---------------------------------------------------------------------------
// The picture's look in one place: fonts, sizes and colours. Colours are
// from the Okabe-Ito palette, which stays distinguishable with the common
// forms of colour blindness; classes differ in marker shape as well, so the
// picture survives greyscale printing too.
namespace adtrain::plot::style {

inline constexpr std::string_view font_family = "DejaVu Sans, Helvetica, Arial, sans-serif";
inline constexpr double title_size = 20.0;
inline constexpr double panel_title_size = 17.0;
inline constexpr double axis_label_size = 15.0;
inline constexpr double tick_label_size = 13.0;
inline constexpr double legend_size = 14.0;
inline constexpr double caption_size = 13.5;

inline constexpr std::string_view text_colour = "#222222";
inline constexpr std::string_view muted_text_colour = "#555555";
inline constexpr std::string_view frame_colour = "#888888";
inline constexpr std::string_view grid_colour = "#e6e6e6";
inline constexpr std::string_view background = "#ffffff";

// Class 0 and class 1: blue circles and orange triangles.
inline constexpr std::array<std::string_view, 2> class_fill = {"#0072B2", "#E69F00"};
inline constexpr std::array<std::string_view, 2> class_outline = {"#00446b", "#8a5f00"};
inline constexpr double region_opacity = 0.09;
inline constexpr std::string_view boundary_colour = "#111111";

inline constexpr std::string_view loss_colour = "#D55E00";      // vermillion
inline constexpr std::string_view accuracy_colour = "#009E73";  // bluish green
inline constexpr std::string_view dash_pattern = "7 4";

}  // namespace adtrain::plot::style

namespace adtrain::plot {

// ---------------------------------------------------------------------------
// svg.cpp: writing an SVG document element by element, with every attribute
// value and text escaped, so that callers never assemble markup by hand.

// Escapes the five XML special characters, so that text from user files
// (feature names, class spellings, file names) can never open a tag or end
// an attribute. Anything XML 1.0 does not allow in a document (C0 control
// characters other than tab, line feed and carriage return; bytes that are
// not UTF-8) becomes U+FFFD, so the result always parses.
std::string escape_xml(std::string_view text);

struct Attribute {
  std::string_view name;  // a constant chosen by the caller, never user text
  std::string value;      // escaped when written
};
using Attributes = std::vector<Attribute>;

// A pixel coordinate or length: two decimals are finer than any screen and
// keep files with thousands of markers small.
std::string pixels(double value);
// The shortest text that reads back as the same double, for data-*
// attributes that tests and scripts read to recover exact data values.
std::string exact(double value);

class SvgWriter {
 public:
  // Starts the document: the XML declaration and the <svg> root of this size
  // in pixels (also its viewBox).
  SvgWriter(double width, double height);

  void open(std::string_view tag, const Attributes& attributes = {});
  // Closes the element opened last.
  void close();
  void empty(std::string_view tag, const Attributes& attributes);
  void text(std::string_view tag, const Attributes& attributes, std::string_view content);

  // Closes whatever is still open and returns the whole document.
  std::string finish();

 private:
  void start_tag(std::string_view tag, const Attributes& attributes);
  void indent();

  std::string out_;
  std::vector<std::string> open_tags_;
};

// ---------------------------------------------------------------------------
// axes.cpp: ticks, scales, and a plot area with its frame, grid, tick marks,
// tick labels and axis titles.

// Axis ticks at "nice" numbers: 1, 2 or 5 times a power of ten, the steps a
// person would choose, so that labels read 0.2, 0.4, ... and not 0.1873.
struct Ticks {
  std::vector<double> values;  // ascending, all inside [low, high]
  double step = 1.0;
  int decimals = 0;  // digits after the point that tell the ticks apart
};

// About `target` ticks inside [low, high]. Steps are never below
// `smallest_step` (1 for epoch numbers). An empty or reversed interval gets
// the single tick `low`; a non-finite one gets none.
Ticks nice_ticks(double low, double high, int target = 5, double smallest_step = 0.0);

// A tick label with the ticks' decimals: "0.2", "-1", "1e+06" for large or
// tiny magnitudes, never "-0".
std::string format_tick(double value, const Ticks& ticks);

struct Interval {
  double low = 0.0;
  double high = 1.0;
  double span() const { return high - low; }
};

// Linear map from a data interval onto a pixel interval; the pixel interval
// may run backwards (SVG's y grows downwards).
class LinearScale {
 public:
  LinearScale(Interval domain, double pixel_from, double pixel_to)
      : domain_(domain), from_(pixel_from), to_(pixel_to) {}
  double operator()(double value) const {
    return from_ + (value - domain_.low) / domain_.span() * (to_ - from_);
  }
  const Interval& domain() const { return domain_; }

 private:
  Interval domain_;
  double from_;
  double to_;
};

// [min, max] widened by `fraction` of its span on both sides, so that points
// on the extremes do not sit on the frame. A single value gets a span around
// it. Throws PlotError when the result is not finite (values near the
// largest double).
Interval padded_interval(double min, double max, double fraction);

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

// ---------------------------------------------------------------------------
// layout.cpp: fitting text, caption wording, the legend and the layout every
// panel shares.

// Fitting text into a width without a font engine: widths are estimated
// from the number of characters, generously, so that text never overflows.

// Characters (UTF-8 code points) in `text`.
std::size_t character_count(std::string_view text);

// An upper estimate of the rendered width in pixels.
double estimated_width(std::string_view text, double font_size);

// `text` itself when it fits `max_width`, else as many leading characters as
// fit, followed by an ellipsis. Never splits a UTF-8 sequence.
std::string shorten_to_width(std::string_view text, double font_size, double max_width);

// Splits `text` at spaces into lines that fit `max_width`; a word wider than
// a line is shortened.
std::vector<std::string> wrap_to_width(std::string_view text, double font_size, double max_width);

// 12345 -> "12,345".
std::string group_thousands(std::size_t count);

// "x3", "x3 and x4", "x3, x4 and x5", "x3, x4, x5 and 7 more" (the first
// `shown` names, then a count).
std::string list_names(const std::vector<std::string>& names, std::size_t shown = 3);

// A legend laid out in rows of swatch + label, above a plot area so that it
// can never hide a point or a curve.
enum class Swatch { circle, triangle, solid_line, dashed_line, shaded_box };

struct LegendEntry {
  Swatch swatch = Swatch::solid_line;
  std::string_view fill;     // markers and boxes; the line colour for lines
  std::string_view outline;  // markers only
  std::string label;
};

// Height the legend needs when laid out from `left` within `max_width`.
double legend_height(const std::vector<LegendEntry>& entries, double max_width);

// Draws the legend with its first row's top at `top`.
void draw_legend(SvgWriter& svg, const std::vector<LegendEntry>& entries, double left, double top,
                 double max_width);

// The layout every panel shares, top to bottom: title, legend, plot area
// with its axes, caption.
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

// ---------------------------------------------------------------------------
// scatter_panel.cpp: the left panel, the data points in the plane of two
// features, one marker shape and colour per class, the predicted regions
// lightly shaded, and the decision boundary clipped to the visible area;
// with the geometry, markers and row sampling it needs.

// Lines and boxes in data units.
struct Point {
  double x = 0.0;
  double y = 0.0;
};

struct Box {
  double x_min = 0.0, x_max = 1.0;
  double y_min = 0.0, y_max = 1.0;
};

// The points where a x + b y + c = 0.
struct Line {
  double a = 0.0, b = 0.0, c = 0.0;
  double at(const Point& p) const { return a * p.x + b * p.y + c; }
  bool is_degenerate() const { return a == 0.0 && b == 0.0; }
};

// The segment of `line` inside `box`, or nothing when the line misses the
// box, only touches a corner, or is degenerate. Each endpoint is computed
// from the line's own equation, so it lies on the line to rounding.
std::optional<std::pair<Point, Point>> clip_line(const Line& line, const Box& box);

// The polygon of `box` where line.at(p) >= 0 (possibly empty, or the whole
// box), corners in order.
std::vector<Point> box_side(const Box& box, const Line& line);

// Where a trained model's decision boundary lies, in the original units of
// the data: the boundary logit = 0 restricted to the plane of data features
// `x_feature` and `y_feature`, every other feature j held at held_at[j].
Line boundary_in_plane(const ml::AffineLogit& logit, std::size_t x_feature, std::size_t y_feature,
                       const std::vector<double>& held_at);

// Point markers: one shape per class, so that classes differ without colour.
enum class MarkerShape { circle, triangle };

// The shape of class 0 and class 1.
MarkerShape marker_for_class(int label);

// A marker centred on `centre` (pixels) whose area looks like that of a
// circle of `radius`. Fill and outline come from the enclosing group;
// `css_class` lets readers of the SVG count markers.
void draw_marker(SvgWriter& svg, MarkerShape shape, Point centre, double radius,
                 std::string_view css_class);

// Choosing which of many rows to draw: all of 0 .. total-1 when total <=
// limit; otherwise `limit` indices spread evenly from the first to the last,
// ascending. Even spacing keeps the picture's density honest where random
// sampling would add noise.
std::vector<std::size_t> evenly_spaced_indices(std::size_t total, std::size_t limit);

struct ScatterPanel {
  ScatterPoints points;  // the rows drawn (already sampled) and what all rows span
  std::string x_name, y_name;
  std::array<std::string, 2> class_names;       // legend text, e.g. "y = 0"
  Line boundary;                                // logit = 0 in this plane, data units
  std::vector<std::string> leading_sentences;   // caption before the panel's own
  std::vector<std::string> trailing_sentences;  // caption after it
};

// Draws the panel into `panel`. Throws PlotError when the coordinates are
// too large to place on an axis.
void draw_scatter_panel(SvgWriter& svg, const Rect& panel, const ScatterPanel& scatter);

// ---------------------------------------------------------------------------
// curves_panel.cpp: the right panel, loss per epoch on the left axis and
// accuracy per epoch on a second, right axis; validation curves dashed when
// there are any.

struct CurvesPanel {
  std::span<const ml::EpochRecord> epochs;
  std::size_t point_limit = 2000;              // epochs drawn per curve, spread evenly beyond it
  std::vector<std::string> leading_sentences;  // caption before the panel's own
};

void draw_curves_panel(SvgWriter& svg, const Rect& panel, const CurvesPanel& curves);

// picture.cpp draws the whole picture and chooses the plane, scatter_points.cpp
// makes the scatter panel's ScatterPoints (both declared in adtrain/plot.hpp).

}  // namespace adtrain::plot
