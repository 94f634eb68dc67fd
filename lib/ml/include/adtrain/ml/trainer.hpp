// The training loop: hands the objective to the optimizer one epoch (first
// order) or one iteration (newton, lbfgs) at a time, records each in the
// same EpochRecord, and decides when to stop.
#pragma once

#include <armadillo>
#include <csignal>
#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>
#include <vector>

#include "adtrain/ml/metrics.hpp"
#include "adtrain/ml/objective.hpp"
#include "adtrain/ml/optimizers.hpp"
#include "adtrain/ml/ranking.hpp"

namespace adtrain::ml {

// First-order runs that end with |grad f| above this fraction of where they
// started have stopped far from the optimum, and are told so (in the manner
// of scikit-learn's ConvergenceWarning).
inline constexpr double convergence_warning_threshold = 1e-3;

struct TrainOptions {
  // Epochs (first order) or iterations (newton, lbfgs).
  std::size_t max_epochs = 100;
  // Full-batch minimisers: converged when |grad f(w)| <= tol |grad f(w0)|,
  // LIBLINEAR's rule. 0: never.
  double gradient_tolerance = 0.0;
  // First order: stop when the epoch loss improves by less than this. 0: never.
  double loss_tolerance = 0.0;
  // When set and it becomes non-zero (a signal handler sets it), training
  // stops after the current epoch with StopReason::interrupted.
  const volatile std::sig_atomic_t* stop_requested = nullptr;
  // The training rows can be read only once (standard input streamed): one
  // first-order epoch and no pass of its own, so no gradient norms (NaN),
  // and the final training figures are the epoch's progressive ones (each
  // batch measured at the weights before its own step). Throws
  // std::invalid_argument with more than one epoch or a second-order
  // optimizer.
  bool single_pass = false;
  // When set, the final pass over the training rows (at the final weights;
  // none for a diverged run) hands it every block's logits and labels: the
  // ranking metrics of a streamed run, without a pass of their own.
  const BlockScores* final_scores = nullptr;
};

struct EpochRecord {
  std::size_t epoch = 0;  // 1-based: the epoch or iteration
  // First order: mean loss and accuracy over this epoch's own forward passes
  // (each batch with the weights it was evaluated at). Newton and lbfgs: the
  // objective and accuracy at the weights the iteration ended with. NaN where
  // a diverged epoch did not finish measuring them.
  double loss = 0.0;
  double accuracy = 0.0;
  // With validation data: a clean pass over it with the weights at epoch end.
  std::optional<double> validation_loss;
  std::optional<double> validation_accuracy;
  // First order: |mean of the epoch's step gradients|; else |grad f(w)|.
  double grad_norm = 0.0;
  std::optional<std::size_t> cg_iterations;  // newton
  double seconds = 0.0;
  arma::vec weights;  // at the end of the epoch
};

enum class TrainStatus { completed, stopped_early, diverged, interrupted };
std::string_view to_string(TrainStatus status);

// Why training ended.
enum class StopReason {
  epochs,          // first order: ran every epoch
  loss_tolerance,  // first order: the loss improved by less than the tolerance
  converged,       // |grad f| reached the tolerance
  max_iterations,  // newton, lbfgs: the iteration limit
  no_progress,     // newton, lbfgs: no step lowers f any further
  diverged,        // the loss became NaN or infinite
  interrupted,     // stop_requested was raised (SIGINT, SIGTERM)
};
std::string_view to_string(StopReason reason);

// The records a run keeps, so that memory does not grow with the epoch
// count: every epoch up to `capacity`; past that, every 2nd, then every 4th,
// ... (epoch 1 and multiples of the stride), and always the latest epoch. It
// never holds more than capacity + 1 records.
class EpochHistory {
 public:
  static constexpr std::size_t default_capacity = 10'000;
  explicit EpochHistory(std::size_t capacity = default_capacity);

  void add(EpochRecord record);
  // Ascending by epoch; the latest epoch last.
  const std::vector<EpochRecord>& records() const { return records_; }
  std::size_t stride() const { return stride_; }
  std::size_t capacity() const { return capacity_; }
  std::vector<EpochRecord> release() { return std::move(records_); }

 private:
  bool kept_for_good(std::size_t epoch) const { return epoch == 1 || epoch % stride_ == 0; }

  std::size_t capacity_;
  std::size_t stride_ = 1;
  std::vector<EpochRecord> records_;
};

struct Evaluation {
  double loss = 0.0;  // the objective, l2 term included
  BinaryMetrics metrics;
  // log_loss and brier from the same pass's sums (means over the rows, no
  // l2 term; brier NaN for single_pass's progressive figures), so they are
  // there wherever the loss is, with the same bits for any process count or
  // a stream. roc_auc and average_precision need every row's score in
  // order and stay NaN until add_score_metrics (or a RankingAccumulator fed
  // by the pass, for a stream) fills them in.
  ScoreMetrics scores;
};

struct TrainResult {
  TrainStatus status = TrainStatus::completed;
  StopReason stop_reason = StopReason::epochs;
  // The records kept (see EpochHistory), ending with the last epoch run.
  std::vector<EpochRecord> epochs;
  std::size_t epochs_run = 0;      // epochs or iterations
  std::size_t history_stride = 1;  // epochs[] holds epoch 1 and multiples of this
  // |grad f| of the whole objective at the first and the final weights.
  double initial_gradient_norm = 0.0;
  double final_gradient_norm = 0.0;
  // final / initial (0 when training started at the optimum).
  double relative_gradient_norm = 0.0;
  // Diverged because a step made the weights infinite or NaN, not the loss.
  bool weights_not_finite = false;
  // A first-order run that ended on its epoch count with the relative
  // gradient norm above convergence_warning_threshold.
  bool not_converged = false;
  // The objective and metrics at the final weights, from the loop's last
  // pass (as evaluate() gives them); none for a diverged run. With
  // single_pass, always: the epoch's progressive figures (loss NaN when no
  // step was taken).
  std::optional<Evaluation> final_training;
};

using EpochCallback = std::function<void(const EpochRecord&)>;

// Trains the parameters w in place. A non-finite loss, gradient or weight
// stops training at once (status diverged; the last record carries that loss,
// and w is left as it was before the step that produced it).
TrainResult train(arma::vec& w, const LogisticObjective& training,
                  const LogisticObjective* validation, Optimizer& optimizer,
                  const TrainOptions& options, const EpochCallback& on_epoch = {},
                  std::size_t history_capacity = EpochHistory::default_capacity);

// A clean pass at w, recording no graph; `scores`, when given, is handed
// every block's logits and labels on the way.
Evaluation evaluate(const LogisticObjective& objective, const arma::vec& w,
                    const BlockScores* scores = nullptr);

// ROC AUC and average precision at w, from one more pass over the rows held
// in memory (logits computed as the objective's pass computes them), sorted
// once and taken in one pass from the highest score down. With several
// processes every process sorts its own rows' (logit, label) pairs, process
// 0 gathers them all (16 bytes a row of every process, plus its own share's
// while they arrive) and merges them; the two numbers then go to every
// process, so that all hold the same Evaluation. The same bits as one
// process. A collective then. Nothing for a streamed objective (its rows
// are not held: feed a RankingAccumulator from the final pass instead,
// TrainOptions::final_scores and evaluate()'s `scores`), nor for NaN logits
// (weights that diverged). log_loss and brier are left as evaluate()
// measured them.
void add_score_metrics(Evaluation& evaluation, const LogisticObjective& objective,
                       const arma::vec& w);

// The ranking metrics an accumulator fed by a pass computed, put in place.
void set_ranking(Evaluation& evaluation, const RankingMetrics& ranking);

}  // namespace adtrain::ml
