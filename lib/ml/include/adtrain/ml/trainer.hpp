// Gradient-descent training of LogisticRegression through the dynamic graph:
// every step builds a fresh graph, runs backward() and lets the optimizer
// apply the gradient it produced.
#pragma once

#include <armadillo>
#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>
#include <vector>

#include "adtrain/ml/logistic_regression.hpp"
#include "adtrain/ml/metrics.hpp"
#include "adtrain/ml/optimizer.hpp"
#include "adtrain/ml/random.hpp"

namespace adtrain::ml {

// A design matrix (bias column included, if any) with its 0/1 labels.
struct Examples {
  arma::mat X;
  arma::vec y;
};

struct TrainOptions {
  std::size_t epochs = 100;
  double learning_rate = 0.1;
  std::size_t batch_size = 0;  // 0: the whole data set in one step
  bool shuffle = true;         // reshuffle every epoch (only with batch_size > 0)
  OptimizerKind optimizer = OptimizerKind::sgd;
  double momentum = 0.9;   // for OptimizerKind::momentum
  double l2 = 0.0;         // adds l2 / 2 * |w without bias|^2 to the loss
  double tolerance = 0.0;  // stop when the epoch loss improves by less; 0: never
  std::uint64_t seed = 0;  // shuffling order
};

struct EpochRecord {
  std::size_t epoch = 0;  // 1-based
  // Mean loss and accuracy over this epoch's own forward passes (each batch
  // with the weights it was evaluated at).
  double loss = 0.0;
  double accuracy = 0.0;
  // With validation data: a clean pass over it with the weights at epoch end.
  std::optional<double> validation_loss;
  std::optional<double> validation_accuracy;
  // L2 norm of the mean of the epoch's step gradients.
  double grad_norm = 0.0;
  double seconds = 0.0;
  arma::vec weights;  // at the end of the epoch
};

enum class TrainStatus { completed, stopped_early, diverged };
std::string_view to_string(TrainStatus status);

struct TrainResult {
  TrainStatus status = TrainStatus::completed;
  std::vector<EpochRecord> epochs;
};

using EpochCallback = std::function<void(const EpochRecord&)>;

// Trains `model` in place. A non-finite loss stops training at once (status
// diverged; the last record carries that loss and the weights are left as
// they were before the step that produced it).
TrainResult train(LogisticRegression& model, const Examples& training, const Examples* validation,
                  const TrainOptions& options, const EpochCallback& on_epoch = {});

struct Evaluation {
  double loss = 0.0;  // the training objective, l2 term included
  BinaryMetrics metrics;
};

// A clean pass, recording no graph.
Evaluation evaluate(const LogisticRegression& model, const Examples& examples, double l2);

}  // namespace adtrain::ml
