// The JSON training report, which is also the saved model: written here,
// read back by model_file.hpp.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "adtrain/ml.hpp"
#include "data_loading.hpp"
#include "settings.hpp"
#include "streaming.hpp"

namespace adtrain::app {

struct FinalEvaluation {
  ml::Evaluation train;
  std::optional<ml::Evaluation> validation;
};

struct Timing {
  double load_seconds = 0.0;
  double train_seconds = 0.0;
  std::uint64_t peak_memory_bytes = 0;  // the process's peak resident set
};

// The largest resident set the process has had so far (getrusage).
std::uint64_t peak_memory_bytes();

// A --stream run's settings and what its passes did.
struct StreamReport {
  StreamBudget budget;
  StreamFigures figures;
};

// `warning`: the convergence warning printed for this run, if any.
nlohmann::ordered_json make_report(const TrainSettings& settings, const TrainingData& data,
                                   const ml::TrainResult& result, const ml::LogisticModel& model,
                                   const FinalEvaluation& final_evaluation, const Timing& timing,
                                   const std::string& warning = {},
                                   const std::optional<StreamReport>& stream = std::nullopt);

}  // namespace adtrain::app
