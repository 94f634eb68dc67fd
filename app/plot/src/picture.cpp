// The whole picture: the SVG document with its title and panels, and the
// choice of the two features the scatter panel shows.
#include "plot_internal.hpp"

#include <fmt/core.h>

#include <algorithm>

namespace adtrain::plot {

// ---------------------------------------------------------------------------
// Choosing the plane.

namespace {

std::string joined(const std::vector<std::string>& names) {
  std::string text;
  for (const std::string& name : names) text += (text.empty() ? "" : ",") + name;
  return text;
}

}  // namespace

std::optional<std::array<std::size_t, 2>> choose_plane(const std::vector<std::string>& features,
                                                       const std::vector<std::string>& requested) {
  if (requested.empty()) {
    if (features.size() < 2) return std::nullopt;
    return std::array<std::size_t, 2>{0, 1};
  }
  if (requested.size() != 2) {
    throw PlotError("--plot-features needs exactly two feature names, got " +
                    std::to_string(requested.size()) + " (" + joined(requested) + ")");
  }
  if (requested[0] == requested[1]) {
    throw PlotError("--plot-features names " + requested[0] +
                    " twice; give two different features");
  }
  std::array<std::size_t, 2> plane{};
  for (std::size_t i = 0; i < 2; ++i) {
    const auto found = std::find(features.begin(), features.end(), requested[i]);
    if (found == features.end()) {
      throw PlotError("--plot-features: no feature named '" + requested[i] +
                      "' (the features are " + joined(features) + ")");
    }
    plane[i] = static_cast<std::size_t>(found - features.begin());
  }
  return plane;
}

// ---------------------------------------------------------------------------
// The picture.

namespace {

constexpr double title_band = 48.0;

bool has_left_panel(const PictureRequest& request) {
  return request.scatter.has_value() || !request.missing_scatter_note.empty();
}

std::string accuracy_sentence(const ScatterRequest& scatter) {
  const ml::BinaryMetrics& m = scatter.metrics;
  return fmt::format("{}: {} points; accuracy {:.4f} ({} of {} correct).", scatter.description,
                     group_thousands(scatter.points.rows), m.accuracy, group_thousands(m.correct),
                     group_thousands(m.total));
}

std::vector<std::string> boundary_notes(const ml::LogisticModel& model,
                                        const ScatterRequest& scatter) {
  std::vector<std::string> notes;
  std::vector<std::string> held;
  for (std::size_t j = 0; j < scatter.feature_names.size(); ++j) {
    if (j != scatter.plane[0] && j != scatter.plane[1]) held.push_back(scatter.feature_names[j]);
  }
  if (!held.empty()) {
    notes.push_back("To draw the boundary, " + list_names(held) +
                    (held.size() == 1 ? " is" : " are") + " held at " +
                    scatter.held_at_description + ".");
  }
  if (model.standardization) {
    notes.push_back("Drawn in the data's own units (the model standardizes its inputs).");
  }
  return notes;
}

ScatterPanel scatter_panel_for(const ml::LogisticModel& model, const ScatterRequest& scatter) {
  const std::vector<std::string>& features = scatter.feature_names;
  const ml::AffineLogit logit = model.logit_in_original_units();
  if (logit.coefficients.size() != features.size() || scatter.held_at.size() != features.size()) {
    throw PlotError(fmt::format("the model has {} features but the data has {}",
                                logit.coefficients.size(), features.size()));
  }
  const auto [x_feature, y_feature] = scatter.plane;
  ScatterPanel panel;
  panel.points = scatter.points;
  panel.x_name = features.at(x_feature);
  panel.y_name = features.at(y_feature);
  for (std::size_t label = 0; label < 2; ++label) {
    panel.class_names[label] = model.label_name + " = " + model.classes[label];
  }
  panel.boundary = boundary_in_plane(logit, x_feature, y_feature, scatter.held_at);
  panel.leading_sentences = {accuracy_sentence(scatter)};
  panel.trailing_sentences = boundary_notes(model, scatter);
  return panel;
}

void draw_note_panel(SvgWriter& svg, const Rect& panel, const std::string& note) {
  svg.open("g", {{"class", "panel note"}});
  draw_panel_title(svg, panel, "Data and decision boundary");
  const std::vector<std::string> lines =
      wrap_to_width(note, style::axis_label_size, panel.width - 80.0);
  double baseline = panel.top + panel.height / 2 - 10.0 * static_cast<double>(lines.size());
  for (const std::string& line : lines) {
    svg.text("text",
             {{"x", pixels(panel.left + panel.width / 2)},
              {"y", pixels(baseline)},
              {"font-size", pixels(style::axis_label_size)},
              {"text-anchor", "middle"},
              {"fill", std::string(style::muted_text_colour)}},
             line);
    baseline += 22.0;
  }
  svg.close();
}

std::vector<std::string> final_accuracy_sentences(const PictureRequest& request) {
  std::vector<std::string> sentences;
  if (request.final_training_accuracy) {
    std::string sentence = fmt::format("With the final weights: training accuracy {:.4f}",
                                       *request.final_training_accuracy);
    if (request.final_validation_accuracy) {
      sentence += fmt::format(", validation accuracy {:.4f}", *request.final_validation_accuracy);
    }
    sentences.push_back(sentence + ".");
  }
  return sentences;
}

}  // namespace

std::string picture_title(const std::string& data_source) {
  const std::string what = data_source == "generated" ? "the generated data set"
                           : data_source == "-"       ? "standard input"
                                                      : data_source;
  return "Logistic regression trained by adtrain on " + what;
}

double picture_width(const PictureRequest& request) {
  return has_left_panel(request) ? 2 * panel_width : panel_width;
}

std::string draw_picture(const PictureRequest& request) {
  const double width = picture_width(request);
  SvgWriter svg(width, picture_height);
  svg.empty("rect",
            {{"width", "100%"}, {"height", "100%"}, {"fill", std::string(style::background)}});
  svg.open("g", {{"font-family", std::string(style::font_family)}});
  // A long title (a long file name) first gets a smaller font, down to a
  // size that still reads as a title, and only then an ellipsis.
  const double title_room = width - 40.0;
  const double title_size =
      std::clamp(style::title_size * title_room / estimated_width(request.title, style::title_size),
                 style::panel_title_size, style::title_size);
  svg.text("text",
           {{"x", pixels(width / 2)},
            {"y", "30"},
            {"font-size", pixels(title_size)},
            {"font-weight", "bold"},
            {"text-anchor", "middle"},
            {"fill", std::string(style::text_colour)}},
           shorten_to_width(request.title, title_size, title_room));

  const double panel_height = picture_height - title_band;
  double left = 0.0;
  if (request.scatter) {
    draw_scatter_panel(svg, {left, title_band, panel_width, panel_height},
                       scatter_panel_for(request.model, *request.scatter));
    left += panel_width;
  } else if (!request.missing_scatter_note.empty()) {
    draw_note_panel(svg, {left, title_band, panel_width, panel_height},
                    request.missing_scatter_note);
    left += panel_width;
  }
  draw_curves_panel(svg, {left, title_band, panel_width, panel_height},
                    {request.epochs, 2000, final_accuracy_sentences(request)});
  return svg.finish();
}

}  // namespace adtrain::plot
