// adtrain [options]: load -> standardize -> train through the graph -> report.
#include <fmt/core.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <initializer_list>
#include <memory>
#include <stdexcept>
#include <utility>

#include "adtrain/ad.hpp"
#include "adtrain/ml.hpp"
#include "adtrain/plot.hpp"
#include "cluster.hpp"
#include "commands.hpp"
#include "console.hpp"
#include "data_loading.hpp"
#include "exit_status.hpp"
#include "output_file.hpp"
#include "report.hpp"
#include "score_spill.hpp"
#include "signals.hpp"
#include "streaming.hpp"
#include "training_scatter.hpp"

namespace adtrain::app {

namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

arma::vec initial_weights(Initialization init, arma::uword count, std::uint64_t seed) {
  switch (init) {
    case Initialization::zeros:
      break;
    case Initialization::ones:
      return arma::vec(count, arma::fill::ones);
    case Initialization::random: {
      ml::Random random(seed, ml::streams::initialization);
      arma::vec w(count);
      for (double& value : w) value = random.uniform(-0.5, 0.5);
      return w;
    }
  }
  return arma::vec(count, arma::fill::zeros);
}

// The optimizer the settings ask for, configured here: the training loop
// is handed it and does not know which one it has.
std::unique_ptr<ml::Optimizer> make_optimizer(const OptimizationSettings& o, std::uint64_t seed) {
  const ml::BatchOptions batches{o.batch_size, o.shuffle, o.shuffle_buffer, seed};
  switch (o.optimizer) {
    case ml::OptimizerKind::sgd:
      return std::make_unique<ml::Sgd>(o.learning_rate, batches);
    case ml::OptimizerKind::momentum:
      return std::make_unique<ml::Momentum>(o.learning_rate, o.momentum, batches);
    case ml::OptimizerKind::adam: {
      ml::AdamSettings adam = o.adam;
      adam.learning_rate = o.learning_rate;
      return std::make_unique<ml::Adam>(adam, batches);
    }
    case ml::OptimizerKind::newton:
      return std::make_unique<ml::TrustRegionNewton>();
    case ml::OptimizerKind::lbfgs:
      return std::make_unique<ml::Lbfgs>(ml::Lbfgs::Settings{.memory = o.lbfgs_memory});
  }
  throw std::logic_error("unknown optimizer");
}

ml::TrainOptions train_options(const OptimizationSettings& o) {
  ml::TrainOptions options;
  if (ml::is_second_order(o.optimizer)) {
    options.max_epochs = o.max_iterations;
    options.gradient_tolerance = tolerance_for(o);
  } else {
    options.max_epochs = o.epochs;
    options.loss_tolerance = tolerance_for(o);
  }
  return options;
}

// Options that mean nothing to the chosen optimizer are refused rather than
// silently ignored, where they can only have been given on purpose.
// Reading options mean nothing for generated data: refused, not ignored.
void check_reading_applies(const TrainSettings& s) {
  if (!s.data.empty()) return;
  const ReadSettings defaults;
  for (const auto& [given, option] : std::initializer_list<std::pair<bool, const char*>>{
           {!s.read.label.empty(), "--label"},
           {!s.read.features.empty(), "--features"},
           {!s.read.positive.empty(), "--positive"},
           {s.read.delimiter != defaults.delimiter, "--delimiter"},
           {s.read.header != defaults.header, "--header"},
           {s.read.skip_bad_rows, "--skip-bad-rows"},
           {!s.read.comment.empty(), "--comment"},
       }) {
    if (given) {
      throw CommandError(ExitStatus::usage,
                         fmt::format("{} applies to a --data file; without one adtrain generates "
                                     "the seed's data set (features x1, x2, label y in 0, 1)",
                                     option));
    }
  }
}

void check_combination(const TrainSettings& settings) {
  const OptimizationSettings& o = settings.optimization;
  if (ml::is_second_order(o.optimizer) && o.batch_size != 0) {
    throw CommandError(ExitStatus::usage,
                       fmt::format("--batch-size {} does not apply to --optimizer {}, which uses "
                                   "every row in every iteration (see adtrain --help)",
                                   o.batch_size, ml::to_string(o.optimizer)));
  }
  // An option the chosen optimizer does not read, set to anything but its
  // default, was meant to do something: say that it would not. (Defaults
  // pass, so configs/default.toml, which lists every option, works with
  // every optimizer.)
  const OptimizationSettings defaults;
  const bool second_order = ml::is_second_order(o.optimizer);
  const ml::OptimizerKind kind = o.optimizer;
  struct Rule {
    bool changed;
    bool applies;
    const char* option;
    const char* which;
  };
  for (const Rule& rule : std::initializer_list<Rule>{
           {o.epochs != defaults.epochs, !second_order, "--epochs",
            "sgd, momentum and adam (newton and lbfgs stop at --max-iterations)"},
           {o.learning_rate != defaults.learning_rate, !second_order, "--lr",
            "sgd, momentum and adam (newton and lbfgs choose their own steps)"},
           {o.shuffle != defaults.shuffle, !second_order, "--no-shuffle", "sgd, momentum and adam"},
           {o.shuffle_buffer != defaults.shuffle_buffer,
            !second_order && o.shuffle && o.batch_size != 0, "--shuffle-buffer",
            "sgd, momentum and adam when they shuffle mini-batches (--batch-size > 0)"},
           {o.momentum != defaults.momentum, kind == ml::OptimizerKind::momentum, "--momentum",
            "--optimizer momentum"},
           {o.adam.beta1 != defaults.adam.beta1 || o.adam.beta2 != defaults.adam.beta2 ||
                o.adam.epsilon != defaults.adam.epsilon,
            kind == ml::OptimizerKind::adam, "--adam-beta1/--adam-beta2/--adam-epsilon",
            "--optimizer adam"},
           {o.max_iterations != defaults.max_iterations, second_order, "--max-iterations",
            "newton and lbfgs (first-order runs stop at --epochs)"},
           {o.lbfgs_memory != defaults.lbfgs_memory, kind == ml::OptimizerKind::lbfgs,
            "--lbfgs-memory", "--optimizer lbfgs"},
           {o.penalize_bias, settings.bias && o.l2 > 0.0, "--penalize-bias",
            "a model with a bias and --l2 above 0"},
       }) {
    if (rule.changed && !rule.applies) {
      throw CommandError(ExitStatus::usage,
                         fmt::format("{} has no effect here: it applies to {} (this run: "
                                     "--optimizer {}{}{})",
                                     rule.option, rule.which, ml::to_string(kind),
                                     settings.bias ? "" : ", --no-bias",
                                     o.l2 > 0.0 ? fmt::format(", --l2 {}", o.l2) : ""));
    }
  }
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

std::string training_picture(const TrainingData& data, const ml::LogisticModel& model,
                             const std::optional<plot::ScatterRequest>& scatter,
                             const ml::TrainResult& result,
                             const FinalEvaluation& final_evaluation) {
  plot::PictureRequest request;
  request.title = plot::picture_title(data.training_description.source);
  request.model = model;
  if (scatter) {
    request.scatter = *scatter;
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

// One line on stderr when the run ended short of the optimum.
std::string convergence_warning(const ml::TrainResult& result, const OptimizationSettings& o,
                                const ml::Evaluation& final_training) {
  // Every row right and no penalty: the loss falls towards 0 only as the
  // weights grow without bound, so there is no optimum to stop short of.
  const bool separable = final_training.metrics.accuracy == 1.0 && o.l2 == 0.0;
  if (result.not_converged && separable) {
    return fmt::format(
        "{} ended after {} epochs with |grad f| at {:.3g} of its initial value: the training data "
        "is linearly separable and --l2 is 0, so the objective has no minimum and the weights "
        "grow with every epoch; give --l2 for a finite optimum",
        ml::to_string(o.optimizer), result.epochs_run, result.relative_gradient_norm);
  }
  if (result.not_converged) {
    return fmt::format(
        "{} ended after {} epochs with |grad f| at {:.3g} of its initial value (above {:g}): the "
        "weights are not near the optimum; try more --epochs, another --lr, or --optimizer newton",
        ml::to_string(o.optimizer), result.epochs_run, result.relative_gradient_norm,
        ml::convergence_warning_threshold);
  }
  if (result.stop_reason == ml::StopReason::max_iterations) {
    return fmt::format(
        "{} reached --max-iterations {} with |grad f| at {:.3g} of its initial value, above --tol "
        "{:g}",
        ml::to_string(o.optimizer), o.max_iterations, result.relative_gradient_norm,
        tolerance_for(o));
  }
  return {};
}

// How the run ended, when that is worth a line of its own.
std::string stop_note(const ml::TrainResult& result, const OptimizationSettings& o) {
  switch (result.stop_reason) {
    case ml::StopReason::loss_tolerance:
      return fmt::format("stopped early after epoch {}: the loss improved by less than --tol {}",
                         result.epochs.back().epoch, tolerance_for(o));
    case ml::StopReason::converged:
      return fmt::format(
          "converged after {} iteration{}: |grad f| is {:.3g} of its initial value "
          "(--tol {:g})",
          result.epochs_run, result.epochs_run == 1 ? "" : "s", result.relative_gradient_norm,
          tolerance_for(o));
    case ml::StopReason::no_progress:
      return fmt::format(
          "stopped after {} iteration{}: no step lowers the objective any further "
          "(|grad f| is {:.3g} of its initial value)",
          result.epochs_run, result.epochs_run == 1 ? "" : "s", result.relative_gradient_norm);
    default:
      return {};
  }
}

// What a run shared among processes cannot do.
void check_distributed(const TrainSettings& settings) {
  for (const auto& [option, path] :
       {std::pair{"--data", settings.data}, {"--test", settings.test}}) {
    if (path == "-") {
      throw CommandError(ExitStatus::usage,
                         fmt::format("{} -: standard input cannot be split among processes; give "
                                     "a file, or run without mpirun",
                                     option));
    }
  }
}

// What a streamed run cannot do, and a plain run over a file too large to
// hold, refused before anything is read.
// "400 KiB", "612 MiB", "1.48 GiB": as --memory-limit counts, in powers of 1024.
std::string binary_size(std::uint64_t bytes) {
  const double value = static_cast<double>(bytes);
  if (value < 0x1p20) return fmt::format("{:.0f} KiB", value / 0x1p10);
  return value < 0x1p30 ? fmt::format("{:.0f} MiB", value / 0x1p20)
                        : fmt::format("{:.2f} GiB", value / 0x1p30);
}

void check_memory(const TrainSettings& settings, std::size_t processes) {
  if (settings.stream) {
    auto refuse = [](const std::string& why) { throw CommandError(ExitStatus::usage, why); };
    if (processes > 1) {
      refuse(
          "--stream reads its file on one process: run it without mpirun, or without --stream "
          "to share the rows among processes");
    }
    if (settings.data.empty()) {
      refuse("--stream reads a --data file; the built-in data set is generated in memory");
    }
    if (settings.test == "-") {
      refuse(
          "--stream --test -: the test rows are read once per epoch, which standard input "
          "cannot be; give a file");
    }
    if (settings.data == "-") {
      // Read once, with no first pass: what that pass would have found
      // must be given, and what needs more passes is refused.
      const OptimizationSettings& o = settings.optimization;
      const char* why = "standard input is read once, with no first pass and no second";
      if (settings.read.positive.empty()) {
        refuse(
            fmt::format("--stream --data - needs --positive: {} to find the label's classes", why));
      }
      if (settings.standardize) {
        refuse(
            fmt::format("--stream --data - cannot --standardize: {} to take the statistics; "
                        "save the data to a file",
                        why));
      }
      if (settings.validation_split > 0.0 || !settings.test.empty()) {
        refuse(
            fmt::format("--stream --data - cannot validate (--validation-split, --test): {}", why));
      }
      if (ml::is_second_order(o.optimizer) || o.batch_size == 0) {
        refuse(
            fmt::format("--stream --data - trains with mini-batches or per-sample steps "
                        "(--batch-size 1 or more, first-order optimizers): {}",
                        why));
      }
      if (o.epochs != 1) {
        refuse(fmt::format("--stream --data - trains one epoch: give --epochs 1 ({})", why));
      }
    }
    if (!settings.plot.empty()) {
      refuse(
          "--plot draws every training row, which --stream does not hold; draw it afterwards "
          "with adtrain plot --report REPORT --data FILE --out PICTURE.svg");
    }
    return;
  }
  if (processes > 1) return;  // each process holds only its share
  const std::uint64_t limit = settings.memory_limit.value_or(default_memory_limit());
  // --data and --test are held together, so it is their sum that must fit.
  std::uint64_t held = 0;
  for (const auto& [option, path] :
       {std::pair{"--data", settings.data}, {"--test", settings.test}}) {
    if (path.empty()) continue;
    // The --test rows are only evaluated: the pass's three vectors.
    const std::optional<std::uint64_t> bytes = estimated_in_memory_bytes(
        path, settings.read,
        held == 0 ? training_row_vectors(settings.optimization) : std::uint64_t{3});
    if (!bytes) continue;
    held += *bytes;
    if (held > limit) {
      throw CommandError(
          ExitStatus::too_large,
          fmt::format("{} {}: held in memory{}, its rows would take about {}, more than "
                      "--memory-limit ({}); train on it with --stream, which reads it pass after "
                      "pass in bounded memory",
                      option, path, held == *bytes ? "" : " with --data's", binary_size(held),
                      binary_size(limit)));
    }
  }
}

// "  1.52 GB read, 2.31M rows/s" after a streamed epoch's line.
std::string stream_progress(const StreamFigures& figures, std::size_t rows, double seconds) {
  const double rate = seconds > 0.0 ? static_cast<double>(rows) / seconds : 0.0;
  return fmt::format("  {:.2f} GB read, {:.3g}M rows/s",
                     static_cast<double>(figures.bytes_read) / 1e9, rate / 1e6);
}

}  // namespace

int run_train(const TrainSettings& settings) {
  const Cluster& processes = cluster();
  check_combination(settings);
  check_reading_applies(settings);
  if (processes.processes() > 1) check_distributed(settings);
  check_memory(settings, processes.processes());
  // Every output is checked before anything is read: an unwritable report
  // should stop us before the training, not after it, and no output may be
  // an input or another output. Process 0 alone writes them.
  std::optional<OutputFile> report_file, plot_file;
  processes.all_or_none([&] {
    if (!processes.is_root()) return;
    if (!settings.report.empty()) report_file = OutputFile::resolve("--report", settings.report);
    if (!settings.plot.empty()) plot_file = OutputFile::resolve("--plot", settings.plot);
    std::vector<const OutputFile*> outputs;
    for (const auto* file : {&report_file, &plot_file}) {
      if (*file) outputs.push_back(&**file);
    }
    check_outputs_are_distinct(
        {{"--data", settings.data}, {"--test", settings.test}, {"--config", settings.config_file}},
        outputs);
    for (const OutputFile* file : outputs) {
      if (file->is_standard_output()) messages_to_standard_error();
    }
  });

  const auto load_started = std::chrono::steady_clock::now();
  std::unique_ptr<StreamedData> streamed;
  TrainingData loaded;
  if (settings.stream) {
    streamed = std::make_unique<StreamedData>(settings);
  } else {
    loaded = load_training_data(settings);
  }
  const TrainingData& data = streamed ? streamed->data() : loaded;
  const double load_seconds = seconds_since(load_started);
  if (!settings.quiet) {
    for (const DataDescription* d :
         {&data.training_description,
          data.validation_description ? &*data.validation_description : nullptr}) {
      if (d) report_skipped_rows(d->skipped_rows, {}, d->source);
    }
  }

  std::optional<std::array<std::size_t, 2>> plane;
  if (!settings.plot.empty()) plane = plot_plane(settings, data.training);

  std::optional<ml::Standardization> standardization;
  if (streamed) {
    standardization = streamed->standardization();
  } else if (settings.standardize) {
    standardization = ml::Standardization::fit(data.training.features, processes.reducer());
  }
  const ml::Standardization* scaling = standardization ? &*standardization : nullptr;

  ml::LogisticModel model;
  model.weights.zeros(data.training.features.n_cols);
  model.bias = settings.bias ? std::optional<double>(0.0) : std::nullopt;
  model.standardization = standardization;
  model.feature_names = data.training.feature_names;
  model.label_name = data.training.label_name;
  model.classes = data.training.classes;

  const OptimizationSettings& o = settings.optimization;
  const ml::Regularization regularization{
      o.l2, settings.bias && !o.penalize_bias ? std::optional<arma::uword>(0) : std::nullopt};
  const ml::LogisticObjective objective =
      streamed
          ? streamed->training_objective(regularization)
          : ml::LogisticObjective(ml::design_blocks(data.training.features, data.training.labels,
                                                    scaling, settings.bias),
                                  regularization, processes.reducer(), data.training_share);
  std::optional<ml::LogisticObjective> validation_objective;
  if (streamed) {
    validation_objective = streamed->validation_objective(regularization);
  } else if (data.validation) {
    validation_objective.emplace(ml::design_blocks(data.validation->features,
                                                   data.validation->labels, scaling, settings.bias),
                                 regularization, processes.reducer(), data.validation_share);
  }

  arma::vec w = initial_weights(settings.init, objective.parameters(), settings.seed);
  OptimizationSettings optimizing = o;
  if (streamed) optimizing.shuffle_buffer = streamed->budget().shuffle_buffer_rows;
  const std::unique_ptr<ml::Optimizer> optimizer = make_optimizer(optimizing, settings.seed);
  ml::TrainOptions options = train_options(o);
  options.stop_requested = stop_requested();
  if (streamed) {
    streamed->set_stop_flag(stop_requested());
    options.single_pass = streamed->read_once();
  }
  // A file streamed: the ranking metrics come from the final pass's scores
  // (standard input's figures are progressive; it has none).
  const bool ranks_stream = streamed && !streamed->read_once();
  std::optional<StreamRanking> training_ranking;
  if (ranks_stream) {
    training_ranking.emplace(
        std::min<std::size_t>(streamed->budget().score_pairs, objective.rows()));
    options.final_scores = training_ranking->sink();
  }

  ad::set_max_threads(settings.threads == 0 ? ad::available_cores() : settings.threads);

  const bool iterations = ml::is_second_order(o.optimizer);
  Progress progress(options.max_epochs, iterations);
  std::size_t last_printed = 0;
  auto print_epoch = [&](const ml::EpochRecord& record) {
    progress.clear();
    say(format_epoch_line(record, options.max_epochs, iterations) +
        (streamed
             ? stream_progress(streamed->figures(), data.training_description.rows, record.seconds)
             : "") +
        "\n");
    flush_messages_every_tenth_second();
    last_printed = record.epoch;
  };
  const auto train_started = std::chrono::steady_clock::now();
  set_training(true);
  const ml::TrainResult result = ml::train(
      w, objective, validation_objective ? &*validation_objective : nullptr, *optimizer, options,
      [&](const ml::EpochRecord& record) {
        if (settings.quiet) return;
        if (record.epoch % settings.log_every == 0 || record.epoch == options.max_epochs) {
          print_epoch(record);
        } else {
          progress.update(record);
        }
      });
  set_training(false);
  // The signal that stopped the run: with several processes it may have
  // reached only some of them, which all stopped after the same epoch.
  int signal = stopping_signal();
  if (result.status == ml::TrainStatus::interrupted && processes.processes() > 1) {
    for (std::size_t theirs : processes.all_gather_sizes(static_cast<std::size_t>(signal))) {
      signal = std::max(signal, static_cast<int>(theirs));
    }
  }
  const double train_seconds = seconds_since(train_started);
  progress.clear();
  // Early stops and divergence end on an epoch --log-every may have skipped.
  if (!settings.quiet && !result.epochs.empty() && last_printed != result.epochs.back().epoch) {
    print_epoch(result.epochs.back());
  }

  model.set_parameters(w);
  // Read once: the classes were learnt as the rows came.
  if (streamed) model.classes = data.training.classes;
  // The training loop's own last pass measured the final weights already.
  FinalEvaluation final_evaluation{
      result.final_training ? *result.final_training : ml::evaluate(objective, w), std::nullopt};
  // Why a stream's ranking metrics are null, if they are: said once.
  std::string ranking_failure;
  // The final pass fed the ranking unless the run diverged before it.
  if (training_ranking && result.final_training) {
    ranking_failure = training_ranking->finish_into(final_evaluation.train);
  }
  // Its memory and file go before the validation pass takes the same room.
  training_ranking.reset();
  if (validation_objective && ranks_stream) {
    StreamRanking ranking(
        std::min<std::size_t>(streamed->budget().score_pairs, validation_objective->rows()));
    final_evaluation.validation = ml::evaluate(*validation_objective, w, ranking.sink());
    const std::string failure = ranking.finish_into(*final_evaluation.validation);
    if (ranking_failure.empty()) ranking_failure = failure;
  } else if (validation_objective) {
    final_evaluation.validation = ml::evaluate(*validation_objective, w);
  }
  // One more pass where the rows are held (nothing for a stream).
  ml::add_score_metrics(final_evaluation.train, objective, w);
  if (validation_objective) {
    ml::add_score_metrics(*final_evaluation.validation, *validation_objective, w);
  }
  // Not an error: the model and every other figure are there. Said even
  // with --quiet, like a failed standard output: the report alone could not
  // say why the two are null.
  if (!ranking_failure.empty()) {
    complain(fmt::format("adtrain: warning: roc_auc and average_precision are null: {}\n",
                         ranking_failure));
  }

  const std::string warning = convergence_warning(result, o, final_evaluation.train);
  // Every process summarises its rows for the scatter panel; process 0 draws it.
  std::optional<plot::ScatterRequest> scatter;
  if (plane) {
    scatter = training_scatter(processes, data, model, *plane, final_evaluation.train.metrics);
  }
  processes.all_or_none([&] {
    if (report_file) {
      std::optional<StreamReport> stream_report;
      if (streamed) stream_report = StreamReport{streamed->budget(), streamed->figures()};
      const nlohmann::ordered_json report =
          make_report(settings, data, result, model, final_evaluation,
                      {load_seconds, train_seconds, peak_memory_bytes()}, warning, stream_report);
      report_file->write(report.dump(2) + "\n");
    }
    // Drawn for a diverged run too: the curves show where it went wrong.
    if (plot_file) {
      plot_file->write(training_picture(data, model, scatter, result, final_evaluation));
    }
  });

  if (result.status == ml::TrainStatus::interrupted) {
    complain(fmt::format(
        "adtrain: interrupted by {} after {} {}{}\n", signal == SIGTERM ? "SIGTERM" : "SIGINT",
        iterations ? "iteration" : "epoch", result.epochs_run,
        settings.report.empty() ? "" : "; the report says status \"interrupted\""));
    return 128 + signal;
  }
  if (result.status == ml::TrainStatus::diverged) {
    const ml::EpochRecord& last = result.epochs.back();
    const std::string where =
        fmt::format("{} {}", ml::is_second_order(o.optimizer) ? "iteration" : "epoch", last.epoch);
    std::string what = fmt::format("the loss is {}", last.loss);
    if (result.weights_not_finite) {
      what = "a step made the weights infinite or NaN";
    } else if (std::isfinite(last.loss)) {
      what = fmt::format("the loss at the weights it reached is {}", final_evaluation.train.loss);
    }
    const std::string advice = ml::is_second_order(o.optimizer)
                                   ? "check the data for extreme values, or try --standardize"
                                   : fmt::format("try a smaller --lr (it was {})", o.learning_rate);
    throw CommandError(
        ExitStatus::diverged,
        fmt::format("training diverged at {}: {}; {}{}", where, what, advice,
                    settings.report.empty() ? "" : "; the report says status \"diverged\""));
  }
  if (!warning.empty() && !settings.quiet) {
    // A warning, not an error: the model is written and usable, like
    // scikit-learn's ConvergenceWarning. --quiet leaves it to the report.
    progress.clear();
    complain(fmt::format("adtrain: warning: {}\n", warning));
  }
  if (!settings.quiet) {
    if (const std::string note = stop_note(result, o); !note.empty()) say(note + "\n");
    say("\n");
    // Read once, the rows were measured as they came, each before its own step.
    const char* progressive =
        streamed && streamed->read_once() ? ", each row measured before its own step" : "";
    say(format_summary(
        fmt::format("training data ({}{})", data.training_description.source, progressive),
        final_evaluation.train.metrics));
    if (final_evaluation.validation) {
      say("\n");
      say(format_summary(fmt::format("validation data ({})", data.validation_description->source),
                         final_evaluation.validation->metrics));
    }
  }
  if (standard_output_failed()) {
    complain(fmt::format(
        "adtrain: warning: the epoch lines and summary could not be written to "
        "standard output ({}){}\n",
        standard_output_error(), settings.report.empty() ? "" : "; the report was written"));
  }
  return code(ExitStatus::success);
}

}  // namespace adtrain::app
