// libFuzzer target for the report readers (read_model, read_training_history):
// any input, read as the training report given to `adtrain predict --model`
// or `adtrain plot --report`, must either give a consistent model or history,
// or fail with a CommandError of status bad_data (65) whose message is one
// line starting with the path. Anything else (another exception, a crash, a
// leak, a hang, a sanitizer report) is a bug. A model that reads also writes
// back (model_to_json) into a report that reads as the same model.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "exit_status.hpp"
#include "fuzz_file.hpp"
#include "model_file.hpp"

namespace {

using adtrain::app::CommandError;
using adtrain::app::ExitStatus;
using adtrain::ml::LogisticModel;

void require(bool condition) {
  if (!condition) std::abort();
}

void check_error(const CommandError& error, const std::string& path) {
  const std::string_view message = error.what();
  const bool expected = error.status() == ExitStatus::bad_data &&
                        message.starts_with(path + ": ") &&
                        message.find('\n') == std::string_view::npos &&
                        message.find('\r') == std::string_view::npos;
  if (!expected) {
    std::fprintf(stderr, "unexpected CommandError (status %d): %s\n",
                 adtrain::app::code(error.status()), error.what());
    std::abort();
  }
}

void check_model(const LogisticModel& model) {
  require(model.weights.n_elem == model.feature_names.size());
  require(model.weights.is_finite());
  if (model.bias) require(std::isfinite(*model.bias));
  require(model.threshold > 0.0 && model.threshold < 1.0);
  require(model.classes[0] != model.classes[1]);
  if (model.standardization) {
    require(model.standardization->mean.n_elem == model.feature_names.size());
    require(model.standardization->std.n_elem == model.feature_names.size());
    require(model.standardization->mean.is_finite());
    require(model.standardization->std.is_finite());
    for (const double deviation : model.standardization->std) require(deviation > 0.0);
  }
}

bool same_numbers(const arma::rowvec& a, const arma::rowvec& b) {
  if (a.n_elem != b.n_elem) return false;
  for (arma::uword i = 0; i < a.n_elem; ++i) {
    if (a(i) != b(i)) return false;
  }
  return true;
}

void check_same(const LogisticModel& a, const LogisticModel& b) {
  require(a.feature_names == b.feature_names);
  require(same_numbers(a.weights.t(), b.weights.t()));
  require(a.bias == b.bias);
  require(a.threshold == b.threshold);
  require(a.label_name == b.label_name);
  require(a.classes == b.classes);
  require(a.standardization.has_value() == b.standardization.has_value());
  if (a.standardization) {
    require(same_numbers(a.standardization->mean, b.standardization->mean));
    require(same_numbers(a.standardization->std, b.standardization->std));
  }
}

std::optional<LogisticModel> read_model(const std::string& path, bool accept_diverged) {
  try {
    LogisticModel model = adtrain::app::read_model(path, accept_diverged);
    check_model(model);
    return model;
  } catch (const CommandError& error) {
    check_error(error, path);
    return std::nullopt;
  }
}

void read_history(const std::string& path) {
  try {
    const adtrain::app::TrainingHistory history = adtrain::app::read_training_history(path);
    for (std::size_t i = 1; i < history.epochs.size(); ++i) {
      require(history.epochs[i - 1].epoch < history.epochs[i].epoch);
    }
  } catch (const CommandError& error) {
    check_error(error, path);
  }
}

// The model written as a report of its own, read back.
void check_round_trip(const LogisticModel& model, const adtrain::fuzz::FuzzFile& file) {
  nlohmann::ordered_json report = {{"schema_version", adtrain::app::report_schema_version},
                                   {"model", adtrain::app::model_to_json(model)}};
  const std::string text = report.dump();
  file.write(reinterpret_cast<const std::uint8_t*>(text.data()), text.size());
  const std::optional<LogisticModel> again = read_model(file.path(), false);
  require(again.has_value());
  check_same(model, *again);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const adtrain::fuzz::FuzzFile& file = adtrain::fuzz::FuzzFile::instance("report.json");
  file.write(data, size);
  const std::optional<LogisticModel> model = read_model(file.path(), false);
  const std::optional<LogisticModel> drawn = read_model(file.path(), true);
  if (model) require(drawn.has_value());
  read_history(file.path());
  if (drawn) check_round_trip(*drawn, file);  // rewrites the file: last
  return 0;
}
