#include "model_file.hpp"

#include <sys/stat.h>
#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>

#include "exit_status.hpp"

namespace adtrain::app {

using json = nlohmann::ordered_json;

namespace {

// JSON has no NaN or infinity: a diverged run's weights are written as null.
json number_or_null(double value) {
  return std::isfinite(value) ? json(value) : json(nullptr);
}

json vector_json(const arma::rowvec& v) {
  return json(std::vector<double>(v.begin(), v.end()));
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
  record.accuracy = number_or_nan(j.at("accuracy"));
  if (j.contains("val_loss")) record.validation_loss = number_or_nan(j.at("val_loss"));
  if (j.contains("val_accuracy")) record.validation_accuracy = j.at("val_accuracy").get<double>();
  return record;
}

}  // namespace

// The parameters are stored as training saw them: one weight per name,
// "bias" among them at index `bias`, so a report reads as the design matrix
// it was trained on.
json model_to_json(const ml::LogisticModel& m) {
  json standardization = nullptr;
  if (m.standardization) {
    standardization = {{"mean", vector_json(m.standardization->mean)},
                       {"std", vector_json(m.standardization->std)}};
  }
  std::vector<std::string> names;
  if (m.bias) names.push_back("bias");
  names.insert(names.end(), m.feature_names.begin(), m.feature_names.end());
  json weights = json::array();
  for (double w : m.parameters()) weights.push_back(number_or_null(w));
  return {
      {"feature_names", names},
      {"weights", weights},
      {"bias", m.bias ? json(0) : json(nullptr)},
      {"standardization", standardization},
      {"threshold", m.threshold},
      {"label_column", m.label_name},
      {"classes", m.classes},
      {"positive_class", m.positive_class()},
  };
}

ml::LogisticModel read_model(const std::string& path) {
  const json report = read_report(path);
  std::vector<std::string> names;
  std::vector<double> weights;
  std::optional<std::size_t> bias_index;
  ml::LogisticModel model;
  try {
    const json& m = report.at("model");
    names = m.at("feature_names").get<std::vector<std::string>>();
    const json& stored = m.at("weights");
    if (!stored.is_array()) unusable(path, "weights is not an array");
    for (const json& w : stored) {
      if (w.is_null()) unusable(path, "its weights are not all finite numbers (a diverged run?)");
      weights.push_back(w.get<double>());
    }
    if (!m.at("bias").is_null()) bias_index = m.at("bias").get<std::size_t>();
    if (!m.at("standardization").is_null()) {
      ml::Standardization s;
      s.mean = arma::rowvec(m.at("standardization").at("mean").get<std::vector<double>>());
      s.std = arma::rowvec(m.at("standardization").at("std").get<std::vector<double>>());
      model.standardization = s;
    }
    model.threshold = m.at("threshold").get<double>();
    model.label_name = m.at("label_column").get<std::string>();
    model.classes = m.at("classes").get<std::array<std::string, 2>>();
  } catch (const json::exception& e) {
    unusable(path, e.what());
  }
  if (weights.size() != names.size()) {
    unusable(path, std::to_string(weights.size()) + " weights for " + std::to_string(names.size()) +
                       " feature names");
  }
  for (double w : weights) {
    if (!std::isfinite(w)) unusable(path, "its weights are not all finite numbers");
  }
  if (bias_index && *bias_index >= weights.size()) unusable(path, "bias index out of range");
  if (!(model.threshold > 0.0 && model.threshold < 1.0)) {
    unusable(path, "threshold must lie strictly between 0 and 1");
  }
  std::vector<double> data_weights;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (bias_index && i == *bias_index) continue;
    model.feature_names.push_back(names[i]);
    data_weights.push_back(weights[i]);
  }
  model.weights = arma::vec(data_weights);
  model.bias = bias_index ? std::optional<double>(weights[*bias_index]) : std::nullopt;
  const std::size_t data_features = model.feature_names.size();
  if (model.standardization && (model.standardization->mean.n_elem != data_features ||
                                model.standardization->std.n_elem != data_features)) {
    unusable(path, "standardization does not match the features");
  }
  return model;
}

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

}  // namespace adtrain::app
