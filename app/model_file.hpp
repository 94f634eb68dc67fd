// The model as the report stores it, in JSON, both ways; and reading back
// what a report says about its training run. The report's writer
// (report.hpp) writes everything else.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "adtrain/ml.hpp"

namespace adtrain::app {

inline constexpr int report_schema_version = 1;

// JSON has no NaN or infinity: the report writes a non-finite number (a
// diverged loss, an unmeasured value) as null.
nlohmann::ordered_json number_or_null(double value);

// The report's "model" object.
nlohmann::ordered_json model_to_json(const ml::LogisticModel& model);

// Reads the model of a report written by make_report, checking every field
// by name. Throws CommandError: no_input when the file cannot be read,
// bad_data when it is not a model this version uses, or (unless
// `accept_diverged`, as for a picture of what went wrong) the report of a
// run that diverged.
ml::LogisticModel read_model(const std::string& path, bool accept_diverged = false);

// How training went, as a report tells it: what a picture draws besides the model.
struct TrainingHistory {
  std::string data_source;  // data.source: a path, "-" or "generated"
  // epoch, loss (NaN where the report has null), accuracy, and the
  // validation loss and accuracy when present; weights are left empty.
  std::vector<ml::EpochRecord> epochs;
  std::optional<double> final_training_accuracy;
  std::optional<double> final_validation_accuracy;
};

// Reads the history from a report written by make_report; throws like read_model.
TrainingHistory read_training_history(const std::string& path);

}  // namespace adtrain::app
