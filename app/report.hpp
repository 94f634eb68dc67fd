// The JSON training report, which is also the saved model.
#pragma once

#include <armadillo>
#include <array>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "adtrain/ml/standardization.hpp"
#include "adtrain/ml/trainer.hpp"
#include "data_loading.hpp"
#include "settings.hpp"

namespace adtrain::app {

inline constexpr int report_schema_version = 1;

// What predict needs to apply a trained model to new data.
struct SavedModel {
  std::vector<std::string> feature_names;  // one per weight; "bias" at bias_index
  arma::vec weights;
  std::optional<arma::uword> bias_index;
  std::optional<ml::Standardization> standardization;  // over the non-bias features
  std::string label_column;
  std::array<std::string, 2> classes{"0", "1"};  // spelling of class 0 and class 1
  double threshold = 0.5;

  // The data columns the model reads, in weight order, without the bias.
  std::vector<std::string> data_feature_names() const;
  // x w for raw (unstandardized, bias-less) feature rows.
  arma::vec logits(const arma::mat& raw_features) const;
  // Class 1 where sigmoid(x w) >= threshold, decided on the logit so that it
  // agrees bit for bit with training's accuracy (x w >= 0 at threshold 0.5).
  arma::vec predict(const arma::vec& logits) const;
};

struct FinalEvaluation {
  ml::Evaluation train;
  std::optional<ml::Evaluation> validation;
};

struct Timing {
  double load_seconds = 0.0;
  double train_seconds = 0.0;
};

nlohmann::ordered_json make_report(const TrainSettings& settings, const TrainingData& data,
                                   const ml::TrainResult& result, const SavedModel& model,
                                   const FinalEvaluation& final_evaluation, const Timing& timing);

// Reads a report written by make_report. Throws CommandError: no_input when
// the file cannot be read, bad_data when it is not a model this version uses.
SavedModel read_model(const std::string& path);

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
