#include "model_file.hpp"

#include <sys/stat.h>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <limits>
#include <sstream>

#include "exit_status.hpp"

namespace adtrain::app {

using json = nlohmann::ordered_json;

json number_or_null(double value) {
  return std::isfinite(value) ? json(value) : json(nullptr);
}

namespace {

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

// schema_version is the format's major version (README, "Report format"):
// a report of the same major version is read whatever fields a later minor
// change added, since the readers look fields up by name; another major
// version may have removed or redefined a field, so it is refused, and the
// message names both versions so that the user knows which adtrain reads it.
void check_schema_version(const std::string& path, const json& version) {
  if (!version.is_number_integer()) {
    unusable(path, "schema_version must be a whole number (found " + version.dump() + ")");
  }
  if (version == report_schema_version) return;
  // JSON reads a number without a sign as unsigned, so only those can be newer.
  const bool newer = version.is_number_unsigned() &&
                     version.get<std::uint64_t>() > std::uint64_t{report_schema_version};
  throw CommandError(ExitStatus::bad_data, path + ": report schema_version " + version.dump() +
                                               " is " + (newer ? "newer" : "older") +
                                               " than this adtrain reads (" +
                                               std::to_string(report_schema_version) + ")");
}

// The report's JSON, once it is known to be a report of this schema version.
json read_report(const std::string& path) {
  const std::string text = read_whole_file(path);
  json report;
  try {
    report = json::parse(text);
  } catch (const json::exception& e) {
    // parse_error, and out_of_range for a number no double holds (1e999).
    unusable(path, std::string("invalid JSON (") + e.what() + ")");
  }
  if (!report.is_object() || !report.contains("schema_version"))
    unusable(path, "no schema_version");
  check_schema_version(path, report["schema_version"]);
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

ml::EpochRecord epoch_from_json(const std::string& path, const json& j) {
  if (!j.is_object()) unusable(path, "epochs[] holds something that is not an epoch record");
  const json& epoch = j.at("epoch");
  if (!epoch.is_number_unsigned() || epoch.get<std::size_t>() == 0) {
    unusable(path, "epochs[].epoch must be a whole number from 1, found " + epoch.dump());
  }
  auto number = [&](const char* name) {
    const json& value = j.at(name);
    if (!value.is_null() && !value.is_number()) {
      unusable(path, std::string("epochs[].") + name + " must be a number or null");
    }
    return number_or_nan(value);
  };
  ml::EpochRecord record;
  record.epoch = epoch.get<std::size_t>();
  record.loss = number("loss");
  record.accuracy = number("accuracy");
  if (j.contains("val_loss")) record.validation_loss = number("val_loss");
  if (j.contains("val_accuracy")) record.validation_accuracy = number("val_accuracy");
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

ml::LogisticModel read_model(const std::string& path, bool accept_diverged) {
  const json report = read_report(path);
  if (!accept_diverged && report.contains("status") && report["status"] == "diverged") {
    unusable(path,
             "it is the report of a run that diverged, so it holds no usable weights; "
             "train again (a smaller --lr, --standardize, or --optimizer newton)");
  }
  // Each field checked by name, with what it should be: a report edited by
  // hand, or by another tool, must not be applied wrongly.
  auto field = [&](const json& object, const char* name) -> const json& {
    if (!object.is_object() || !object.contains(name))
      unusable(path, std::string("no model.") + name);
    return object.at(name);
  };
  auto bad = [&](const char* name, const std::string& why) {
    unusable(path, std::string("model.") + name + " " + why);
  };
  if (!report.contains("model")) unusable(path, "no model");
  const json& m = report.at("model");

  const json& names_json = field(m, "feature_names");
  if (!names_json.is_array()) bad("feature_names", "is not a list of names");
  std::vector<std::string> names;
  for (const json& name : names_json) {
    if (!name.is_string()) bad("feature_names", "holds something that is not a name");
    names.push_back(name.get<std::string>());
  }
  const json& weights_json = field(m, "weights");
  if (!weights_json.is_array()) bad("weights", "is not a list of numbers");
  std::vector<double> weights;
  for (const json& w : weights_json) {
    if (!w.is_number()) bad("weights", "are not all finite numbers");
    weights.push_back(w.get<double>());
    if (!std::isfinite(weights.back())) bad("weights", "are not all finite numbers");
  }
  if (weights.size() != names.size()) {
    unusable(path, std::to_string(weights.size()) + " weights for " + std::to_string(names.size()) +
                       " feature names");
  }

  const json& bias_json = field(m, "bias");
  std::optional<std::size_t> bias_index;
  if (!bias_json.is_null()) {
    if (!bias_json.is_number_unsigned())
      bad("bias", "must be the index of the bias weight or null");
    bias_index = bias_json.get<std::size_t>();
    if (*bias_index >= weights.size()) bad("bias", "is out of range");
    if (names[*bias_index] != "bias") {
      bad("bias", "is " + std::to_string(*bias_index) + ", but feature_names[" +
                      std::to_string(*bias_index) + "] is \"" + names[*bias_index] +
                      "\", not \"bias\"");
    }
  }

  ml::LogisticModel model;
  const json& threshold = field(m, "threshold");
  if (!threshold.is_number()) bad("threshold", "must be a number");
  model.threshold = threshold.get<double>();
  if (!(model.threshold > 0.0 && model.threshold < 1.0)) {
    bad("threshold", "must lie strictly between 0 and 1");
  }
  const json& label = field(m, "label_column");
  if (!label.is_string()) bad("label_column", "must be a name");
  model.label_name = label.get<std::string>();
  const json& classes = field(m, "classes");
  if (!classes.is_array() || classes.size() != 2 || !classes[0].is_string() ||
      !classes[1].is_string()) {
    bad("classes", "must be the two class spellings");
  }
  model.classes = {classes[0].get<std::string>(), classes[1].get<std::string>()};
  if (model.classes[0] == model.classes[1]) bad("classes", "must be two different spellings");

  std::vector<double> data_weights;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (bias_index && i == *bias_index) continue;
    model.feature_names.push_back(names[i]);
    data_weights.push_back(weights[i]);
  }
  model.weights = arma::vec(data_weights);
  model.bias = bias_index ? std::optional<double>(weights[*bias_index]) : std::nullopt;

  const json& standardization = field(m, "standardization");
  if (!standardization.is_null()) {
    auto statistics = [&](const char* name) {
      const json& values = field(standardization, name);
      if (!values.is_array() || values.size() != model.feature_names.size()) {
        unusable(path, std::string("model.standardization.") + name +
                           " must have one number per feature");
      }
      arma::rowvec out(values.size());
      for (std::size_t j = 0; j < values.size(); ++j) {
        if (!values[j].is_number() || !std::isfinite(values[j].get<double>())) {
          unusable(path, std::string("model.standardization.") + name +
                             " holds something that is not a finite number");
        }
        out(j) = values[j].get<double>();
      }
      return out;
    };
    ml::Standardization s;
    s.mean = statistics("mean");
    s.std = statistics("std");
    for (double deviation : s.std) {
      if (!(deviation > 0.0)) unusable(path, "model.standardization.std must be positive");
    }
    model.standardization = s;
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
    for (const json& epoch : epochs) history.epochs.push_back(epoch_from_json(path, epoch));
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
