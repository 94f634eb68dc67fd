// adtrain plot: the picture of a training run, drawn later from its report
// (the curves) and, optionally, a data file (the points and the boundary).
#include <fmt/core.h>

#include "adtrain/ml.hpp"
#include "adtrain/plot.hpp"
#include "commands.hpp"
#include "console.hpp"
#include "data_loading.hpp"
#include "exit_status.hpp"
#include "model_file.hpp"
#include "output_file.hpp"

namespace adtrain::app {

namespace {

std::string join(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& name : names) out += (out.empty() ? "" : ",") + name;
  return out;
}

// The data file read with the model's columns and class spellings, so that
// a file holding only one of the classes is still drawn.
ml::Dataset read_points(const PlotSettings& settings, const ml::LogisticModel& model) {
  data::ReadOptions options = to_read_options(settings.read);
  options.features = model.feature_names;
  options.label = model.label_name;
  options.known_classes = model.classes;
  data::LabeledTable table = read_table(settings.data, options);
  report_skipped_rows(table.skipped_rows, table.skipped_row_errors, settings.data);
  if (table.feature_names != model.feature_names) {
    throw CommandError(
        ExitStatus::bad_data,
        fmt::format("{}: columns {} do not match the model's features {}", settings.data,
                    join(table.feature_names), join(model.feature_names)));
  }
  return to_dataset(std::move(table));
}

std::optional<std::array<std::size_t, 2>> plot_plane(const PlotSettings& settings,
                                                     const ml::Dataset& points) {
  try {
    return plot::choose_plane(points.feature_names, settings.plot_features);
  } catch (const plot::PlotError& e) {
    throw CommandError(ExitStatus::usage, e.what());
  }
}

// A standardized model carries its training means; otherwise the plotted
// data's own means stand in for them, and the caption says which.
plot::ScatterRequest scatter_request(const PlotSettings& settings, const ml::LogisticModel& model,
                                     const ml::Dataset& points,
                                     const std::array<std::size_t, 2>& plane) {
  plot::ScatterRequest scatter;
  scatter.points = plot::scatter_points(points, plane);
  scatter.feature_names = points.feature_names;
  scatter.plane = plane;
  if (model.standardization) {
    scatter.held_at = arma::conv_to<std::vector<double>>::from(model.standardization->mean);
    scatter.held_at_description = "their training mean";
  } else {
    const arma::rowvec means = arma::mean(points.features, 0);
    scatter.held_at = arma::conv_to<std::vector<double>>::from(means);
    scatter.held_at_description = "their mean in " + settings.data;
  }
  scatter.description = settings.data == "-" ? "Standard input" : settings.data;
  scatter.metrics = ml::evaluate_predictions(points.labels, model.predict(points.features));
  return scatter;
}

}  // namespace

int run_plot(const PlotSettings& settings) {
  const OutputFile out = OutputFile::resolve("--out", settings.out);
  check_outputs_are_distinct({{"--report", settings.report}, {"--data", settings.data}}, {&out});
  if (out.is_standard_output()) messages_to_standard_error();
  // A diverged run is drawn too: its curves show where it went wrong.
  const ml::LogisticModel model = read_model(settings.report, true);
  const TrainingHistory history = read_training_history(settings.report);

  plot::PictureRequest request;
  request.title = plot::picture_title(history.data_source);
  request.model = model;
  request.epochs = history.epochs;
  request.final_training_accuracy = history.final_training_accuracy;
  request.final_validation_accuracy = history.final_validation_accuracy;

  std::optional<ml::Dataset> points;
  if (!settings.data.empty()) {
    points = read_points(settings, model);
    if (const auto plane = plot_plane(settings, *points)) {
      request.scatter = scatter_request(settings, model, *points, *plane);
    } else {
      request.missing_scatter_note = "No scatter panel: the model has a single feature (" +
                                     join(points->feature_names) +
                                     "), so there is no plane to draw.";
    }
  }

  std::string svg;
  try {
    svg = plot::draw_picture(request);
  } catch (const plot::PlotError& e) {
    throw CommandError(ExitStatus::bad_data, std::string("cannot draw the picture: ") + e.what());
  }
  out.write(svg);
  say(fmt::format("wrote the picture to {}\n", settings.out));
  return code(ExitStatus::success);
}

}  // namespace adtrain::app
