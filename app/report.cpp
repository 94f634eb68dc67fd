#include "report.hpp"

#include <sys/stat.h>
#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>

#include "exit_status.hpp"
#include "version.hpp"

namespace adtrain::app {

// Insertion order keeps the report readable: schema_version first.
using json = nlohmann::ordered_json;

namespace {

json vector_json(const arma::rowvec& v) {
  return json(std::vector<double>(v.begin(), v.end()));
}

// JSON has no NaN or infinity; a diverged loss is written as null.
json number_or_null(double value) {
  return std::isfinite(value) ? json(value) : json(nullptr);
}

json optional_string(const std::string& value) {
  return value.empty() ? json(nullptr) : json(value);
}

json config_json(const TrainSettings& s) {
  const ml::TrainOptions& t = s.training;
  return {
      {"data", optional_string(s.data)},
      {"generate", s.data.empty() ? json(s.generate) : json(nullptr)},
      {"test", optional_string(s.test)},
      {"validation_split", s.validation_split > 0.0 ? json(s.validation_split) : json(nullptr)},
      {"delimiter", s.read.delimiter},
      {"header", s.read.header},
      {"label", optional_string(s.read.label)},
      {"features", s.read.features},
      {"positive", optional_string(s.read.positive)},
      {"skip_bad_rows", s.read.skip_bad_rows},
      {"seed", s.seed},
      {"bias", s.bias},
      {"standardize", s.standardize},
      {"init", s.init},
      {"epochs", t.epochs},
      {"lr", t.learning_rate},
      {"batch_size", t.batch_size},
      {"shuffle", t.shuffle},
      {"optimizer", s.optimizer},
      {"momentum", t.momentum},
      {"l2", t.l2},
      {"tol", t.tolerance},
      {"threads", s.threads},
      {"log_every", s.log_every},
      {"quiet", s.quiet},
      {"report", optional_string(s.report)},
      {"plot", optional_string(s.plot)},
      {"plot_features", s.plot_features},
      {"config_file", optional_string(s.config_file)},
  };
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
  };
}

json epoch_json(const ml::EpochRecord& r) {
  json j = {{"epoch", r.epoch}, {"loss", number_or_null(r.loss)}, {"accuracy", r.accuracy}};
  if (r.validation_loss) j["val_loss"] = number_or_null(*r.validation_loss);
  if (r.validation_accuracy) j["val_accuracy"] = *r.validation_accuracy;
  j["grad_norm"] = number_or_null(r.grad_norm);
  j["seconds"] = r.seconds;
  return j;
}

json model_json(const SavedModel& m) {
  json standardization = nullptr;
  if (m.standardization) {
    standardization = {{"mean", vector_json(m.standardization->mean)},
                       {"std", vector_json(m.standardization->std)}};
  }
  json weights = json::array();
  for (double w : m.weights) weights.push_back(number_or_null(w));
  return {
      {"feature_names", m.feature_names},
      {"weights", weights},
      {"bias", m.bias_index ? json(*m.bias_index) : json(nullptr)},
      {"standardization", standardization},
      {"threshold", m.threshold},
      {"label_column", m.label_column},
      {"classes", m.classes},
  };
}

[[noreturn]] void unusable(const std::string& path, const std::string& why) {
  throw CommandError(ExitStatus::bad_data, path + ": not a usable adtrain model: " + why);
}

std::string read_whole_file(const std::string& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0)
    throw CommandError(ExitStatus::no_input, path + ": no such file");
  if (S_ISDIR(info.st_mode))
    throw CommandError(ExitStatus::no_input, path + ": is a folder, not a file");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw CommandError(ExitStatus::no_input, path + ": cannot be opened for reading");
  std::ostringstream content;
  content << in.rdbuf();
  if (in.bad()) throw CommandError(ExitStatus::no_input, path + ": read error");
  return content.str();
}

}  // namespace

std::vector<std::string> SavedModel::data_feature_names() const {
  std::vector<std::string> names;
  for (std::size_t i = 0; i < feature_names.size(); ++i) {
    if (!bias_index || i != *bias_index) names.push_back(feature_names[i]);
  }
  return names;
}

arma::vec SavedModel::logits(const arma::mat& raw_features) const {
  const arma::mat X = ml::design_matrix(raw_features, standardization ? &*standardization : nullptr,
                                        bias_index.has_value());
  return X * weights;
}

arma::vec SavedModel::predict(const arma::vec& logits) const {
  const double cut = std::log(threshold / (1.0 - threshold));
  return arma::conv_to<arma::vec>::from(logits >= cut);
}

json make_report(const TrainSettings& settings, const TrainingData& data,
                 const ml::TrainResult& result, const SavedModel& model,
                 const FinalEvaluation& final_evaluation, const Timing& timing) {
  json data_json = description_json(data.training_description);
  data_json["validation"] =
      data.validation_description ? description_json(*data.validation_description) : json(nullptr);
  json epochs = json::array();
  for (const ml::EpochRecord& r : result.epochs) epochs.push_back(epoch_json(r));

  return {
      {"schema_version", report_schema_version},
      {"tool", {{"name", tool_name}, {"version", version}}},
      {"status", ml::to_string(result.status)},
      {"config", config_json(settings)},
      {"data", data_json},
      {"epochs", epochs},
      {"model", model_json(model)},
      {"final",
       {{"train", evaluation_json(final_evaluation.train)},
        {"validation", final_evaluation.validation ? evaluation_json(*final_evaluation.validation)
                                                   : json(nullptr)}}},
      {"timing", {{"load_seconds", timing.load_seconds}, {"train_seconds", timing.train_seconds}}},
  };
}

namespace {

// The report's JSON, once it is known to be a report of this schema version.
json read_report(const std::string& path) {
  const std::string text = read_whole_file(path);
  json report;
  try {
    report = json::parse(text);
  } catch (const json::parse_error& e) {
    unusable(path, std::string("invalid JSON (") + e.what() + ")");
  }
  if (!report.is_object() || !report.contains("schema_version"))
    unusable(path, "no schema_version");
  if (report["schema_version"] != report_schema_version) {
    unusable(path, "schema_version " + report["schema_version"].dump() +
                       " is not supported (expected " + std::to_string(report_schema_version) +
                       ")");
  }
  return report;
}

// The report writes non-finite numbers as null.
double number_or_nan(const json& value) {
  return value.is_null() ? std::numeric_limits<double>::quiet_NaN() : value.get<double>();
}

std::optional<double> optional_accuracy(const json& evaluation) {
  if (evaluation.is_null()) return std::nullopt;
  return evaluation.at("accuracy").get<double>();
}

ml::EpochRecord epoch_from_json(const json& j) {
  ml::EpochRecord record;
  record.epoch = j.at("epoch").get<std::size_t>();
  record.loss = number_or_nan(j.at("loss"));
  record.accuracy = j.at("accuracy").get<double>();
  if (j.contains("val_loss")) record.validation_loss = number_or_nan(j.at("val_loss"));
  if (j.contains("val_accuracy")) record.validation_accuracy = j.at("val_accuracy").get<double>();
  return record;
}

}  // namespace

TrainingHistory read_training_history(const std::string& path) {
  const json report = read_report(path);
  TrainingHistory history;
  try {
    history.data_source = report.at("data").at("source").get<std::string>();
    const json& epochs = report.at("epochs");
    if (!epochs.is_array()) unusable(path, "epochs is not an array");
    for (const json& epoch : epochs) history.epochs.push_back(epoch_from_json(epoch));
    const json& final_evaluation = report.at("final");
    history.final_training_accuracy = optional_accuracy(final_evaluation.at("train"));
    history.final_validation_accuracy = optional_accuracy(final_evaluation.at("validation"));
  } catch (const json::exception& e) {
    unusable(path, e.what());
  }
  for (std::size_t i = 1; i < history.epochs.size(); ++i) {
    if (history.epochs[i].epoch <= history.epochs[i - 1].epoch)
      unusable(path, "epochs[] are not in increasing order");
  }
  return history;
}

SavedModel read_model(const std::string& path) {
  const json report = read_report(path);
  SavedModel model;
  try {
    const json& m = report.at("model");
    model.feature_names = m.at("feature_names").get<std::vector<std::string>>();
    model.weights = arma::vec(m.at("weights").get<std::vector<double>>());
    if (!m.at("bias").is_null()) model.bias_index = m.at("bias").get<arma::uword>();
    if (!m.at("standardization").is_null()) {
      ml::Standardization s;
      s.mean = arma::rowvec(m.at("standardization").at("mean").get<std::vector<double>>());
      s.std = arma::rowvec(m.at("standardization").at("std").get<std::vector<double>>());
      model.standardization = s;
    }
    model.threshold = m.at("threshold").get<double>();
    model.label_column = m.at("label_column").get<std::string>();
    model.classes = m.at("classes").get<std::array<std::string, 2>>();
  } catch (const json::exception& e) {
    unusable(path, e.what());
  }
  if (model.weights.n_elem != model.feature_names.size()) {
    unusable(path, std::to_string(model.weights.n_elem) + " weights for " +
                       std::to_string(model.feature_names.size()) + " feature names");
  }
  if (!model.weights.is_finite())
    unusable(path, "its weights are not all finite numbers (a diverged run?)");
  if (model.bias_index && *model.bias_index >= model.weights.n_elem)
    unusable(path, "bias index out of range");
  const std::size_t data_features = model.data_feature_names().size();
  if (model.standardization && (model.standardization->mean.n_elem != data_features ||
                                model.standardization->std.n_elem != data_features)) {
    unusable(path, "standardization does not match the features");
  }
  return model;
}

}  // namespace adtrain::app
