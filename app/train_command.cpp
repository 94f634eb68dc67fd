// adtrain [options]: load -> standardize -> train through the graph -> report.
#include <fmt/core.h>

#include <chrono>

#include "adtrain/ad/threads.hpp"
#include "adtrain/ml/random.hpp"
#include "adtrain/plot/picture.hpp"
#include "adtrain/plot/plane_choice.hpp"
#include "adtrain/plot/plot_error.hpp"
#include "atomic_file.hpp"
#include "commands.hpp"
#include "console.hpp"
#include "data_loading.hpp"
#include "exit_status.hpp"
#include "report.hpp"

namespace adtrain::app {

namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

arma::vec initial_weights(const std::string& init, arma::uword count, std::uint64_t seed) {
  if (init == "ones") return arma::vec(count, arma::fill::ones);
  if (init == "random") {
    ml::Random random(seed, ml::streams::initialization);
    arma::vec w(count);
    for (double& value : w) value = random.uniform(-0.5, 0.5);
    return w;
  }
  return arma::vec(count, arma::fill::zeros);
}

ml::Examples design(const ml::Dataset& data,
                    const std::optional<ml::Standardization>& standardization, bool bias) {
  return {ml::design_matrix(data.features, standardization ? &*standardization : nullptr, bias),
          data.labels};
}

// The scatter panel's features; a misspelt --plot-features is a usage error.
std::optional<std::array<std::size_t, 2>> plot_plane(const TrainSettings& settings,
                                                     const ml::Dataset& training) {
  try {
    return plot::choose_plane(training.feature_names, settings.plot_features);
  } catch (const plot::PlotError& e) {
    throw CommandError(ExitStatus::usage, e.what());
  }
}

std::string training_picture(const TrainingData& data, const SavedModel& saved,
                             const std::optional<std::array<std::size_t, 2>>& plane,
                             const ml::TrainResult& result,
                             const FinalEvaluation& final_evaluation) {
  plot::PictureRequest request;
  request.title = plot::picture_title(data.training_description.source);
  request.model = {saved.feature_names,   saved.weights,      saved.bias_index,
                   saved.standardization, saved.label_column, saved.classes};
  if (plane) {
    const arma::rowvec means = arma::mean(data.training.features, 0);
    request.scatter = plot::ScatterRequest{
        &data.training,        *plane,          arma::conv_to<std::vector<double>>::from(means),
        "their training mean", "Training data", final_evaluation.train.metrics};
  } else {
    const auto& names = data.training.feature_names;
    request.missing_scatter_note = names.empty()
                                       ? "No scatter panel: the data has no feature columns."
                                       : "No scatter panel: the data has a single feature (" +
                                             names.front() + "), so there is no plane to draw.";
  }
  request.epochs = result.epochs;
  request.final_training_accuracy = final_evaluation.train.metrics.accuracy;
  if (final_evaluation.validation) {
    request.final_validation_accuracy = final_evaluation.validation->metrics.accuracy;
  }
  try {
    return plot::draw_picture(request);
  } catch (const plot::PlotError& e) {
    throw CommandError(ExitStatus::bad_data, std::string("cannot draw the picture: ") + e.what());
  }
}

}  // namespace

int run_train(const TrainSettings& settings) {
  // An unwritable report should stop us before the training, not after it.
  if (!settings.report.empty()) check_output_path(settings.report);
  if (!settings.plot.empty()) check_output_path(settings.plot);

  const auto load_started = std::chrono::steady_clock::now();
  const TrainingData data = load_training_data(settings);
  const double load_seconds = seconds_since(load_started);
  if (!settings.quiet) {
    for (const DataDescription* d :
         {&data.training_description,
          data.validation_description ? &*data.validation_description : nullptr}) {
      if (d && d->skipped_rows > 0) {
        fmt::print(stderr, "adtrain: skipped {} bad row{} in {} (--skip-bad-rows)\n",
                   d->skipped_rows, d->skipped_rows == 1 ? "" : "s", d->source);
      }
    }
  }

  std::optional<std::array<std::size_t, 2>> plane;
  if (!settings.plot.empty()) plane = plot_plane(settings, data.training);

  std::optional<ml::Standardization> standardization;
  if (settings.standardize) standardization = ml::Standardization::fit(data.training.features);
  const ml::Examples training = design(data.training, standardization, settings.bias);
  std::optional<ml::Examples> validation;
  if (data.validation) validation = design(*data.validation, standardization, settings.bias);

  SavedModel saved;
  if (settings.bias) saved.feature_names.push_back("bias");
  saved.feature_names.insert(saved.feature_names.end(), data.training.feature_names.begin(),
                             data.training.feature_names.end());
  if (settings.bias) saved.bias_index = 0;
  saved.standardization = standardization;
  saved.label_column = data.training.label_name;
  saved.classes = data.training.classes;

  ml::LogisticRegression model(initial_weights(settings.init, training.X.n_cols, settings.seed),
                               saved.bias_index);
  ml::TrainOptions options = settings.training;
  options.optimizer =
      ml::optimizer_from_string(settings.optimizer).value_or(ml::OptimizerKind::sgd);
  options.seed = settings.seed;

  ad::set_max_threads(settings.threads == 0 ? ad::available_cores() : settings.threads);

  Progress progress(options.epochs);
  std::size_t last_printed = 0;
  auto print_epoch = [&](const ml::EpochRecord& record) {
    progress.clear();
    fmt::print("{}\n", format_epoch_line(record, options.epochs));
    last_printed = record.epoch;
  };
  const auto train_started = std::chrono::steady_clock::now();
  const ml::TrainResult result =
      ml::train(model, training, validation ? &*validation : nullptr, options,
                [&](const ml::EpochRecord& record) {
                  if (settings.quiet) return;
                  if (record.epoch % settings.log_every == 0 || record.epoch == options.epochs) {
                    print_epoch(record);
                  } else {
                    progress.update(record);
                  }
                });
  const double train_seconds = seconds_since(train_started);
  progress.clear();
  // Early stops and divergence end on an epoch --log-every may have skipped.
  if (!settings.quiet && !result.epochs.empty() && last_printed != result.epochs.back().epoch) {
    print_epoch(result.epochs.back());
  }

  saved.weights = model.weights().value();
  FinalEvaluation final_evaluation{ml::evaluate(model, training, options.l2), std::nullopt};
  if (validation) final_evaluation.validation = ml::evaluate(model, *validation, options.l2);

  if (!settings.report.empty()) {
    const nlohmann::ordered_json report =
        make_report(settings, data, result, saved, final_evaluation, {load_seconds, train_seconds});
    write_file_atomically(settings.report, report.dump(2) + "\n");
  }
  // Drawn for a diverged run too: the curves show where it went wrong.
  if (!settings.plot.empty()) {
    write_file_atomically(settings.plot,
                          training_picture(data, saved, plane, result, final_evaluation));
  }

  if (result.status == ml::TrainStatus::diverged) {
    const ml::EpochRecord& last = result.epochs.back();
    throw CommandError(
        ExitStatus::diverged,
        fmt::format("training diverged at epoch {} (loss is {}); try a smaller --lr "
                    "(it was {}){}",
                    last.epoch, last.loss, options.learning_rate,
                    settings.report.empty() ? "" : "; the report says status \"diverged\""));
  }
  if (!settings.quiet) {
    if (result.status == ml::TrainStatus::stopped_early) {
      fmt::print("stopped early after epoch {}: the loss improved by less than --tol {}\n",
                 result.epochs.back().epoch, options.tolerance);
    }
    fmt::print("\n{}", format_summary("training data (" + data.training_description.source + ")",
                                      final_evaluation.train.metrics));
    if (final_evaluation.validation) {
      fmt::print("\n{}",
                 format_summary("validation data (" + data.validation_description->source + ")",
                                final_evaluation.validation->metrics));
    }
  }
  return code(ExitStatus::success);
}

}  // namespace adtrain::app
