// The curves panel: loss and accuracy per epoch, validation curves dashed.
#include "plot_internal.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <optional>

namespace adtrain::plot {

namespace {

// Curves with few epochs get a dot per epoch, so that one epoch is visible
// and short runs show where the measurements are.
constexpr std::size_t dotted_up_to = 40;

using Measure = std::function<std::optional<double>(const ml::EpochRecord&)>;

struct Curve {
  std::string_view name;
  Measure measure;
  std::string_view colour;
  bool dashed = false;
  bool on_accuracy_axis = false;
};

std::vector<Curve> curves_present(std::span<const ml::EpochRecord> epochs) {
  std::vector<Curve> curves{
      {"loss", [](const ml::EpochRecord& r) { return std::optional(r.loss); }, style::loss_colour,
       false, false},
      {"accuracy", [](const ml::EpochRecord& r) { return std::optional(r.accuracy); },
       style::accuracy_colour, false, true}};
  const bool validated = std::any_of(epochs.begin(), epochs.end(), [](const ml::EpochRecord& r) {
    return r.validation_loss.has_value() || r.validation_accuracy.has_value();
  });
  if (validated) {
    curves.insert(curves.begin() + 1,
                  {"validation loss", [](const ml::EpochRecord& r) { return r.validation_loss; },
                   style::loss_colour, true, false});
    curves.push_back({"validation accuracy",
                      [](const ml::EpochRecord& r) { return r.validation_accuracy; },
                      style::accuracy_colour, true, true});
  }
  return curves;
}

// 0 to a little above the largest finite loss: losses are never negative,
// and starting at 0 keeps their decrease in proportion.
Interval loss_domain(std::span<const ml::EpochRecord> epochs, const std::vector<Curve>& curves) {
  double largest = 0.0;
  for (const Curve& curve : curves) {
    if (curve.on_accuracy_axis) continue;
    for (const ml::EpochRecord& r : epochs) {
      const std::optional<double> value = curve.measure(r);
      if (value && std::isfinite(*value)) largest = std::max(largest, *value);
    }
  }
  if (!(largest > 0.0)) return {0.0, 1.0};
  return padded_interval(0.0, largest, 0.04);
}

Interval epoch_domain(std::span<const ml::EpochRecord> epochs) {
  if (epochs.empty()) return {0.5, 1.5};
  const double first = static_cast<double>(epochs.front().epoch);
  const double last = static_cast<double>(epochs.back().epoch);
  if (!(last > first)) return {first - 0.5, first + 0.5};
  return {first, last};
}

// The curve through the drawn epochs, broken where a value is missing or not
// finite (a diverged loss), as one path of subpaths.
std::string curve_path(const Curve& curve, std::span<const ml::EpochRecord> epochs,
                       const std::vector<std::size_t>& drawn, const LinearScale& x,
                       const LinearScale& y) {
  std::string path;
  bool pen_down = false;
  for (std::size_t index : drawn) {
    const ml::EpochRecord& record = epochs[index];
    const std::optional<double> value = curve.measure(record);
    if (!value || !std::isfinite(*value)) {
      pen_down = false;
      continue;
    }
    path += pen_down ? 'L' : 'M';
    path += pixels(x(static_cast<double>(record.epoch)));
    path += ' ';
    path += pixels(y(*value));
    pen_down = true;
  }
  return path;
}

void draw_curve(SvgWriter& svg, const Curve& curve, std::span<const ml::EpochRecord> epochs,
                const std::vector<std::size_t>& drawn, const LinearScale& x, const LinearScale& y) {
  const std::string path = curve_path(curve, epochs, drawn, x, y);
  if (path.empty()) return;
  Attributes attributes{{"class", "curve"},
                        {"data-curve", std::string(curve.name)},
                        {"d", path},
                        {"fill", "none"},
                        {"stroke", std::string(curve.colour)},
                        {"stroke-width", "2.5"},
                        {"stroke-linejoin", "round"},
                        {"stroke-linecap", "round"}};
  if (curve.dashed) attributes.push_back({"stroke-dasharray", std::string(style::dash_pattern)});
  svg.empty("path", attributes);
  if (epochs.size() > dotted_up_to) return;
  svg.open("g",
           {{"fill", curve.dashed ? std::string(style::background) : std::string(curve.colour)},
            {"stroke", std::string(curve.colour)},
            {"stroke-width", "1.5"}});
  for (std::size_t index : drawn) {
    const std::optional<double> value = curve.measure(epochs[index]);
    if (!value || !std::isfinite(*value)) continue;
    svg.empty("circle", {{"cx", pixels(x(static_cast<double>(epochs[index].epoch)))},
                         {"cy", pixels(y(*value))},
                         {"r", "3.5"}});
  }
  svg.close();
}

std::optional<std::size_t> first_non_finite_loss(std::span<const ml::EpochRecord> epochs) {
  for (const ml::EpochRecord& r : epochs) {
    if (!std::isfinite(r.loss)) return r.epoch;
  }
  return std::nullopt;
}

std::vector<std::string> caption_for(const CurvesPanel& curves, bool validated, std::size_t drawn) {
  std::vector<std::string> caption = curves.leading_sentences;
  if (curves.epochs.empty()) {
    caption.push_back("No epochs were recorded.");
    return caption;
  }
  caption.push_back(std::string("Loss on the left axis, accuracy on the right") +
                    (validated ? "; dashed: validation data." : "."));
  if (drawn < curves.epochs.size()) {
    caption.push_back("Curves drawn through " + group_thousands(drawn) + " of " +
                      group_thousands(curves.epochs.size()) + " epochs, spaced evenly.");
  }
  if (const auto epoch = first_non_finite_loss(curves.epochs)) {
    caption.push_back("The loss is not finite from epoch " + group_thousands(*epoch) +
                      " (training diverged); such points are left out.");
  }
  return caption;
}

}  // namespace

void draw_curves_panel(SvgWriter& svg, const Rect& panel, const CurvesPanel& curves) {
  const std::vector<Curve> present = curves_present(curves.epochs);
  const bool validated = present.size() > 2;
  const std::vector<std::size_t> drawn =
      evenly_spaced_indices(curves.epochs.size(), curves.point_limit);

  std::vector<LegendEntry> legend;
  for (const Curve& curve : present) {
    legend.push_back({curve.dashed ? Swatch::dashed_line : Swatch::solid_line, curve.colour, "",
                      std::string(curve.name)});
  }
  const Interval epochs = epoch_domain(curves.epochs);
  const Interval losses = loss_domain(curves.epochs, present);
  const Interval accuracies{0.0, 1.05};
  const Ticks loss_ticks = nice_ticks(losses.low, losses.high);
  const Ticks accuracy_ticks = nice_ticks(0.0, 1.0);
  const PanelLayout layout =
      lay_out_panel(panel, legend_height(legend, legend_width_in(panel)),
                    caption_for(curves, validated, drawn.size()), vertical_axis_room(loss_ticks),
                    vertical_axis_room(accuracy_ticks));
  const Rect& area = layout.plot;

  const LinearScale x(epochs, area.left, area.right());
  const LinearScale loss_y(losses, area.bottom(), area.top);
  const LinearScale accuracy_y(accuracies, area.bottom(), area.top);
  const Axis x_axis{AxisSide::bottom, &x, nice_ticks(epochs.low, epochs.high, 6, 1.0), "epoch",
                    style::text_colour};
  const Axis loss_axis{AxisSide::left, &loss_y, loss_ticks, "loss", style::loss_colour};
  const Axis accuracy_axis{AxisSide::right, &accuracy_y, accuracy_ticks, "accuracy",
                           style::accuracy_colour};

  open_panel(svg, "curves", layout, "Training curves", legend);
  draw_grid(svg, area, x_axis, loss_axis);
  for (const Curve& curve : present) {
    draw_curve(svg, curve, curves.epochs, drawn, x, curve.on_accuracy_axis ? accuracy_y : loss_y);
  }
  draw_frame(svg, area);
  draw_axis(svg, area, x_axis);
  draw_axis(svg, area, loss_axis);
  draw_axis(svg, area, accuracy_axis);
  draw_caption(svg, layout);
  svg.close();
}

}  // namespace adtrain::plot
