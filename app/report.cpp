#include "report.hpp"

#include <sys/resource.h>

#include <cmath>

#include "model_file.hpp"
#include "version.hpp"

namespace adtrain::app {

// Insertion order keeps the report readable: schema_version first.
using json = nlohmann::ordered_json;

namespace {

json optional_string(const std::string& value) {
  return value.empty() ? json(nullptr) : json(value);
}

json config_json(const TrainSettings& s) {
  const OptimizationSettings& o = s.optimization;
  return {
      {"data", optional_string(s.data)},
      {"generate", s.data.empty() ? json(s.generate) : json(nullptr)},
      {"test", optional_string(s.test)},
      {"validation_split", s.validation_split > 0.0 ? json(s.validation_split) : json(nullptr)},
      {"delimiter", data::to_string(s.read.delimiter)},
      {"header", data::to_string(s.read.header)},
      {"label", optional_string(s.read.label)},
      {"features", s.read.features},
      {"positive", optional_string(s.read.positive)},
      {"skip_bad_rows", s.read.skip_bad_rows},
      {"comment", optional_string(s.read.comment)},
      {"seed", s.seed},
      {"bias", s.bias},
      {"standardize", s.standardize},
      {"init", to_string(s.init)},
      {"optimizer", ml::to_string(o.optimizer)},
      {"epochs", o.epochs},
      {"lr", o.learning_rate},
      {"batch_size", o.batch_size},
      {"shuffle", o.shuffle},
      {"shuffle_buffer", o.shuffle_buffer},
      {"stream", s.stream},
      {"memory_limit", s.memory_limit ? json(*s.memory_limit) : json(nullptr)},
      {"momentum", o.momentum},
      {"adam_beta1", o.adam.beta1},
      {"adam_beta2", o.adam.beta2},
      {"adam_epsilon", o.adam.epsilon},
      {"max_iterations", o.max_iterations},
      {"lbfgs_memory", o.lbfgs_memory},
      {"tol", tolerance_for(o)},
      {"l2", o.l2},
      {"penalize_bias", o.penalize_bias},
      {"threads", s.threads},
      {"log_every", s.log_every},
      {"quiet", s.quiet},
      {"report", optional_string(s.report)},
      {"plot", optional_string(s.plot)},
      {"plot_features", s.plot_features},
      {"config_file", optional_string(s.config_file)},
  };
}

// How the optimizer ended: what a script needs to trust the model or not.
json optimization_json(const TrainSettings& s, const ml::TrainResult& r,
                       const std::string& warning) {
  const OptimizationSettings& o = s.optimization;
  json j = {
      {"optimizer", ml::to_string(o.optimizer)},
      {"iterations", r.epochs_run},
      // epochs[] keeps every epoch up to ml::EpochHistory::default_capacity,
      // then epoch 1, multiples of this stride and the last.
      {"epochs_kept", r.epochs.size()},
      {"epochs_stride", r.history_stride},
      {"stop_reason", ml::to_string(r.stop_reason)},
      {"tolerance", tolerance_for(o)},
      {"initial_gradient_norm", number_or_null(r.initial_gradient_norm)},
      {"final_gradient_norm", number_or_null(r.final_gradient_norm)},
      {"relative_gradient_norm", number_or_null(r.relative_gradient_norm)},
      {"converged", r.stop_reason == ml::StopReason::converged},
  };
  if (o.optimizer == ml::OptimizerKind::newton) {
    json cg = json::array();
    for (const ml::EpochRecord& e : r.epochs) cg.push_back(e.cg_iterations.value_or(0));
    j["cg_iterations"] = cg;
  } else {
    j["cg_iterations"] = nullptr;
  }
  j["warning"] = optional_string(warning);
  return j;
}

json class_counts_json(const DataDescription& d) {
  return {{d.classes[0], d.class_counts[0]}, {d.classes[1], d.class_counts[1]}};
}

json description_json(const DataDescription& d) {
  json j = {
      {"source", d.source},
      {"rows", d.rows},
      {"features", d.feature_names.size()},
      {"feature_names", d.feature_names},
      {"label_column", d.label_column},
      {"classes", d.classes},
      {"class_counts", class_counts_json(d)},
  };
  j["delimiter"] = d.delimiter ? json(*d.delimiter) : json(nullptr);
  j["header"] = d.header ? json(*d.header) : json(nullptr);
  j["skipped_rows"] = d.skipped_rows;
  return j;
}

json evaluation_json(const ml::Evaluation& e) {
  const ml::BinaryMetrics& m = e.metrics;
  return {
      {"loss", number_or_null(e.loss)},
      {"accuracy", m.accuracy},
      {"total", m.total},
      {"correct", m.correct},
      {"precision", m.precision},
      {"recall", m.recall},
      {"f1", m.f1},
      {"confusion", {{m.true_negatives, m.false_positives}, {m.false_negatives, m.true_positives}}},
      // null where undefined (one class) or not computed (ml::add_score_metrics).
      {"log_loss", number_or_null(e.scores.log_loss)},
      {"roc_auc", number_or_null(e.scores.roc_auc)},
      {"average_precision", number_or_null(e.scores.average_precision)},
      {"brier", number_or_null(e.scores.brier)},
  };
}

json epoch_json(const ml::EpochRecord& r) {
  json j = {{"epoch", r.epoch},
            {"loss", number_or_null(r.loss)},
            {"accuracy", number_or_null(r.accuracy)}};
  if (r.validation_loss) j["val_loss"] = number_or_null(*r.validation_loss);
  if (r.validation_accuracy) j["val_accuracy"] = *r.validation_accuracy;
  j["grad_norm"] = number_or_null(r.grad_norm);
  if (r.cg_iterations) j["cg_iterations"] = *r.cg_iterations;
  j["seconds"] = r.seconds;
  return j;
}

// Full-batch runs sum every row in blocks added in block order, so any
// number of processes gives one process's bits; mini-batches add each
// process's part of a batch in process order (except batches of one row).
bool same_bits_as_one_process(const TrainSettings& settings, std::size_t rows) {
  const OptimizationSettings& o = settings.optimization;
  return ml::is_second_order(o.optimizer) || o.batch_size == 0 || o.batch_size == 1 ||
         o.batch_size >= rows;
}

}  // namespace

std::uint64_t peak_memory_bytes() {
  struct rusage usage {};
  if (::getrusage(RUSAGE_SELF, &usage) != 0) return 0;
  return static_cast<std::uint64_t>(usage.ru_maxrss) * 1024;  // Linux counts KiB
}

json make_report(const TrainSettings& settings, const TrainingData& data,
                 const ml::TrainResult& result, const ml::LogisticModel& model,
                 const FinalEvaluation& final_evaluation, const Timing& timing,
                 const std::string& warning, const std::optional<StreamReport>& stream) {
  json data_json = description_json(data.training_description);
  data_json["validation"] =
      data.validation_description ? description_json(*data.validation_description) : json(nullptr);
  json epochs = json::array();
  for (const ml::EpochRecord& r : result.epochs) epochs.push_back(epoch_json(r));

  json report = {
      {"schema_version", report_schema_version},
      {"tool", {{"name", tool_name}, {"version", version}}},
      {"status", ml::to_string(result.status)},
      {"config", config_json(settings)},
      {"data", data_json},
      {"optimization", optimization_json(settings, result, warning)},
      {"epochs", epochs},
      {"model", model_to_json(model)},
      {"final",
       {{"train", evaluation_json(final_evaluation.train)},
        {"validation", final_evaluation.validation ? evaluation_json(*final_evaluation.validation)
                                                   : json(nullptr)}}},
      {"timing",
       {{"load_seconds", timing.load_seconds},
        {"train_seconds", timing.train_seconds},
        {"peak_memory_bytes", timing.peak_memory_bytes}}},
  };
  // Only for a --stream run.
  if (stream) {
    const StreamBudget& b = stream->budget;
    const StreamFigures& f = stream->figures;
    report["stream"] = {
        {"memory_limit_bytes", b.memory_limit},
        {"chunk_bytes", b.chunk_bytes},
        {"shuffle_buffer_rows", b.shuffle_buffer_rows},
        {"shuffle_buffer_given", b.shuffle_buffer_given},
        {"passes", f.passes},
        {"bytes_read", f.bytes_read},
        {"file_bytes", f.file_bytes},
        {"validation", settings.validation_split > 0.0 ? "seeded hash of the record number"
                       : settings.test.empty()         ? "none"
                                                       : "test file"},
    };
  }
  // Only for a run shared among processes, so that a one-process report is
  // exactly what it was.
  if (data.training_rows_per_process.size() > 1) {
    report["distributed"] = {{"processes", data.training_rows_per_process.size()},
                             {"training_rows_per_process", data.training_rows_per_process},
                             {"rows_per_block", ml::rows_per_block},
                             {"same_bits_as_one_process",
                              same_bits_as_one_process(settings, data.training_description.rows)}};
  }
  return report;
}

}  // namespace adtrain::app
