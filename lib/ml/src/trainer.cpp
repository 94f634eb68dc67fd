#include "adtrain/ml.hpp"

#include <algorithm>
#include <bit>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <stdexcept>

#include "adtrain/ad.hpp"

namespace adtrain::ml {

std::string_view to_string(TrainStatus status) {
  switch (status) {
    case TrainStatus::completed:
      return "completed";
    case TrainStatus::stopped_early:
      return "stopped_early";
    case TrainStatus::diverged:
      return "diverged";
    case TrainStatus::interrupted:
      return "interrupted";
  }
  return "?";
}

std::string_view to_string(StopReason reason) {
  switch (reason) {
    case StopReason::epochs:
      return "epochs";
    case StopReason::loss_tolerance:
      return "loss_tolerance";
    case StopReason::converged:
      return "converged";
    case StopReason::max_iterations:
      return "max_iterations";
    case StopReason::no_progress:
      return "no_progress";
    case StopReason::diverged:
      return "diverged";
    case StopReason::interrupted:
      return "interrupted";
  }
  return "?";
}

EpochHistory::EpochHistory(std::size_t capacity) : capacity_(std::max<std::size_t>(capacity, 2)) {
}

void EpochHistory::add(EpochRecord record) {
  // The previous latest record was kept only for being the latest.
  if (!records_.empty() && !kept_for_good(records_.back().epoch)) records_.pop_back();
  records_.push_back(std::move(record));
  if (records_.size() > capacity_) {
    stride_ *= 2;
    std::vector<EpochRecord> thinned;
    thinned.reserve(capacity_ / 2 + 2);
    for (std::size_t i = 0; i < records_.size(); ++i) {
      if (kept_for_good(records_[i].epoch) || i + 1 == records_.size()) {
        thinned.push_back(std::move(records_[i]));
      }
    }
    records_ = std::move(thinned);
  }
}

namespace {

// Whether to stop after this epoch. With several processes a signal may
// reach them at different epochs; they ask one another every epoch, so that
// all stop after the same one instead of leaving the others waiting.
bool stop_requested(const TrainOptions& options, const Reducer& reducer) {
  const bool mine = options.stop_requested != nullptr && *options.stop_requested != 0;
  if (reducer.processes() == 1) return mine;
  const double flag = mine ? 1.0 : 0.0;
  for (double theirs : reducer.all_gather(std::span<const double>(&flag, 1))) {
    if (theirs != 0.0) return true;
  }
  return false;
}

// Every process must take the same steps and so hold the same weights; a
// difference would mean they no longer compute the same sums. Debug builds
// compare a hash of the weights' bits every epoch (one number gathered).
void check_same_weights([[maybe_unused]] const arma::vec& w,
                        [[maybe_unused]] const Reducer& reducer) {
#ifndef NDEBUG
  if (reducer.processes() == 1) return;
  std::uint64_t hash = 14695981039346656037ULL;  // FNV-1a over the weights' bits
  for (double x : w) {
    hash ^= std::bit_cast<std::uint64_t>(x);
    hash *= 1099511628211ULL;
  }
  // 53 bits, so that the hash is exact as a double.
  const double mine = static_cast<double>(hash >> 11);
  for (double theirs : reducer.all_gather(std::span<const double>(&mine, 1))) {
    if (theirs != mine) {
      throw std::logic_error("the processes' weights differ after the same epoch");
    }
  }
#endif
}

}  // namespace

namespace {

// The loss and every count of the metrics, from one pass's sums.
Evaluation evaluation_of(const DataSums& sums, double loss) {
  Evaluation result;
  result.loss = loss;
  const std::size_t false_positives = sums.predicted_positives - sums.true_positives;
  // Actual positives = true positives + false negatives; correct = true
  // positives + true negatives.
  const std::size_t true_negatives = sums.correct - sums.true_positives;
  const std::size_t false_negatives = sums.rows - sums.correct - false_positives;
  result.metrics =
      metrics_from_counts(true_negatives, false_positives, false_negatives, sums.true_positives);
  // The same bce sums the loss is made of, before the l2 term.
  result.scores.log_loss = sums.rows == 0 ? std::numeric_limits<double>::quiet_NaN()
                                          : sums.loss / static_cast<double>(sums.rows);
  // NaN where the pass did not measure it (PassExtras).
  result.scores.brier = sums.rows == 0 ? std::numeric_limits<double>::quiet_NaN()
                                       : sums.squared_error / static_cast<double>(sums.rows);
  return result;
}

}  // namespace

Evaluation evaluate(const LogisticObjective& objective, const arma::vec& w,
                    const BlockScores* scores) {
  // One pass over the data gives the loss and every count of the metrics.
  const DataSums sums = objective.sums(w, false, {.squared_error = true, .scores = scores});
  return evaluation_of(sums, objective.finish(sums, w).value);
}

void set_ranking(Evaluation& evaluation, const RankingMetrics& ranking) {
  evaluation.scores.roc_auc = ranking.roc_auc;
  evaluation.scores.average_precision = ranking.average_precision;
}

namespace {

// Pairs gathered on process 0, one sorted run per process, read back for
// merge_runs straight from the gathered doubles (score, label, score, ...):
// no second copy of every row.
class GatheredRuns final : public RunStore {
 public:
  GatheredRuns(const std::vector<double>& pairs, std::vector<std::size_t> starts)
      : pairs_(pairs), starts_(std::move(starts)) {}
  void append(std::span<const ScorePair>) override {
    throw std::logic_error("gathered runs are read only");
  }
  std::size_t read(std::size_t run, std::size_t offset, std::span<ScorePair> into) override {
    const std::size_t first = starts_[run] + offset, end = starts_[run + 1];
    const std::size_t n = first >= end ? 0 : std::min(into.size(), end - first);
    for (std::size_t i = 0; i < n; ++i) {
      into[i] = {pairs_[2 * (first + i)], pairs_[2 * (first + i) + 1]};
    }
    return n;
  }

 private:
  const std::vector<double>& pairs_;
  std::vector<std::size_t> starts_;  // pair index where each run starts, and the end
};

// Read buffers of the merge on process 0: 4096 pairs per process.
constexpr std::size_t merge_pairs_per_process = 4096;

}  // namespace

void add_score_metrics(Evaluation& evaluation, const LogisticObjective& objective,
                       const arma::vec& w) {
  if (objective.source() != nullptr) return;
  std::vector<ScorePair> mine;
  mine.reserve(objective.local_rows());
  bool nan = false;
  objective.for_each_block([&](const arma::mat& X, const arma::vec& y) {
    // The logits as the objective's own pass computes them (data_sums):
    // the same bits as those a stream's pass hands a RankingAccumulator.
    ad::NoGradGuard no_graph;
    const ad::Tensor logits = ad::matmul(ad::borrowed_constant(X), ad::constant(w));
    const arma::mat& z = logits.value();
    for (arma::uword i = 0; i < z.n_elem; ++i) {
      nan = nan || std::isnan(z(i));
      mine.push_back({z(i), y(i)});
    }
  });
  const Reducer& reducer = objective.reducer();
  if (reducer.processes() == 1) {
    // Weights of a diverged run can make logits NaN, which rank nowhere.
    if (!nan) set_ranking(evaluation, ranking_of(mine));
    return;
  }
  // Every process sorts its own share, so process 0 only merges.
  if (!nan) sort_descending(mine);
  std::vector<double> flat;
  flat.reserve(nan ? 0 : 2 * mine.size());
  if (!nan) {
    for (const ScorePair& p : mine) {
      flat.push_back(p.score);
      flat.push_back(p.label);
    }
  }
  mine = {};
  // How many pairs each process sends (-1: a NaN logit), on every process.
  const double count = nan ? -1.0 : static_cast<double>(flat.size() / 2);
  const std::vector<double> counts = reducer.all_gather(std::span<const double>(&count, 1));
  const bool any_nan = std::find(counts.begin(), counts.end(), -1.0) != counts.end();
  if (any_nan) return;  // every process knows: none gathers
  const std::vector<double> all = reducer.gather_to_root(flat);
  flat = {};
  double result[2] = {std::numeric_limits<double>::quiet_NaN(),
                      std::numeric_limits<double>::quiet_NaN()};
  if (reducer.rank() == 0) {
    std::vector<std::size_t> starts{0};
    std::vector<std::size_t> sizes;
    for (double c : counts) {
      sizes.push_back(static_cast<std::size_t>(c));
      starts.push_back(starts.back() + sizes.back());
    }
    GatheredRuns runs(all, std::move(starts));
    std::vector<ScorePair> room(merge_pairs_per_process * reducer.processes());
    const RankingMetrics ranking = merge_runs(runs, sizes, room);
    result[0] = ranking.roc_auc;
    result[1] = ranking.average_precision;
  }
  // Process 0's two numbers on every process (the others send none).
  const std::vector<double> shared = reducer.all_gather(
      std::span<const double>(result, reducer.rank() == 0 ? std::size_t{2} : std::size_t{0}));
  set_ranking(evaluation, {shared.at(0), shared.at(1)});
}

TrainResult train(arma::vec& w, const LogisticObjective& training,
                  const LogisticObjective* validation, Optimizer& optimizer,
                  const TrainOptions& options, const EpochCallback& on_epoch,
                  std::size_t history_capacity) {
  if (w.n_elem != training.parameters()) {
    throw std::invalid_argument("training data has " + std::to_string(training.parameters()) +
                                " columns but the model has " + std::to_string(w.n_elem) +
                                " parameters");
  }
  if (validation && validation->parameters() != training.parameters()) {
    throw std::invalid_argument("validation data has " + std::to_string(validation->parameters()) +
                                " columns but the model has " + std::to_string(w.n_elem) +
                                " parameters");
  }
  const bool second_order = is_second_order(optimizer.kind());
  if (options.single_pass && (second_order || options.max_epochs != 1)) {
    throw std::invalid_argument("rows read once allow one first-order epoch");
  }
  TrainResult result;
  result.stop_reason = second_order ? StopReason::max_iterations : StopReason::epochs;
  // A first-order run over a stream measures the gradient at its start in
  // the same pass as the one at its end: one read of the file less. (The
  // first-order loop does not need it before the end.)
  const bool deferred = training.source() != nullptr && !second_order;
  const arma::vec initial_weights = w;
  if (options.single_pass) {
    result.initial_gradient_norm = std::numeric_limits<double>::quiet_NaN();
  } else if (!deferred)
    result.initial_gradient_norm = arma::norm(training.value_and_gradient(w).gradient);
  const double tolerance_norm =
      options.single_pass ? 0.0 : options.gradient_tolerance * result.initial_gradient_norm;
  EpochHistory history(history_capacity);
  DataSums progressive;
  double previous_loss = std::numeric_limits<double>::quiet_NaN();

  for (std::size_t epoch = 1; epoch <= options.max_epochs; ++epoch) {
    const auto started = std::chrono::steady_clock::now();
    const EpochOutcome outcome = optimizer.run_epoch(training, w);
    progressive = outcome.progressive;
    check_same_weights(w, training.reducer());

    EpochRecord record;
    record.epoch = epoch;
    record.loss = outcome.loss;
    record.accuracy =
        outcome.diverged || outcome.rows == 0
            ? std::numeric_limits<double>::quiet_NaN()
            : static_cast<double>(outcome.correct) / static_cast<double>(outcome.rows);
    record.grad_norm = outcome.grad_norm;
    record.cg_iterations = outcome.cg_iterations;
    record.weights = w;
    // A streamed epoch cut short by a stop request ends the run at once: its
    // validation pass would be another pass over the data.
    if (validation && !outcome.diverged && !outcome.interrupted) {
      // The loss and the counts only: an epoch record shows no Brier score,
      // whose sigmoid would nearly triple the cost of this pass.
      const DataSums sums = validation->sums(w, false);
      const Evaluation held_out = evaluation_of(sums, validation->finish(sums, w).value);
      record.validation_loss = held_out.loss;
      record.validation_accuracy = held_out.metrics.accuracy;
    }
    record.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (on_epoch) on_epoch(record);
    result.epochs_run = epoch;
    const double loss = record.loss;
    history.add(std::move(record));

    if (outcome.interrupted) {
      result.status = TrainStatus::interrupted;
      result.stop_reason = StopReason::interrupted;
      break;
    }
    if (outcome.diverged) {
      result.weights_not_finite = outcome.weights_not_finite;
      result.status = TrainStatus::diverged;
      result.stop_reason = StopReason::diverged;
      break;
    }
    if (outcome.full_gradient_norm && options.gradient_tolerance > 0.0 &&
        *outcome.full_gradient_norm <= tolerance_norm) {
      result.stop_reason = StopReason::converged;
      break;
    }
    if (outcome.no_progress) {
      result.stop_reason = StopReason::no_progress;
      break;
    }
    if (!second_order && options.loss_tolerance > 0.0 && epoch >= 2) {
      if (previous_loss - loss < options.loss_tolerance) {
        result.status = TrainStatus::stopped_early;
        result.stop_reason = StopReason::loss_tolerance;
        break;
      }
    }
    previous_loss = loss;
    if (stop_requested(options, training.reducer())) {
      result.status = TrainStatus::interrupted;
      result.stop_reason = StopReason::interrupted;
      break;
    }
  }
  result.history_stride = history.stride();
  result.epochs = history.release();

  if (options.single_pass) {
    result.final_gradient_norm = result.relative_gradient_norm =
        std::numeric_limits<double>::quiet_NaN();
    // Also for a diverged or interrupted run: the rows cannot be read again.
    result.final_training =
        evaluation_of(progressive, progressive.rows > 0 ? result.epochs.back().loss
                                                        : std::numeric_limits<double>::quiet_NaN());
    return result;
  }

  // One full pass at the final weights serves both checks below.
  std::optional<ObjectiveValue> final_point;
  if (result.status != TrainStatus::diverged) {
    // One pass serves the checks below and the final evaluation.
    const PassExtras final_extras{.squared_error = true, .scores = options.final_scores};
    DataSums sums;
    if (deferred) {
      std::vector<DataSums> both = training.sums({initial_weights, w}, true, final_extras);
      result.initial_gradient_norm = arma::norm(training.finish(both[0], initial_weights).gradient);
      sums = std::move(both[1]);
    } else {
      sums = training.sums(w, true, final_extras);
    }
    final_point = training.finish(sums, w);
    result.final_training = evaluation_of(sums, final_point->value);
    // Finite steps can still reach weights whose loss overflows.
    if (!std::isfinite(final_point->value) || !final_point->gradient.is_finite()) {
      result.status = TrainStatus::diverged;
      result.stop_reason = StopReason::diverged;
    }
  }
  if (result.status == TrainStatus::diverged && deferred) {
    result.initial_gradient_norm =
        arma::norm(training.value_and_gradient(initial_weights).gradient);
  }
  if (result.status != TrainStatus::diverged) {
    result.final_gradient_norm = arma::norm(final_point->gradient);
    result.relative_gradient_norm = result.initial_gradient_norm == 0.0
                                        ? 0.0
                                        : result.final_gradient_norm / result.initial_gradient_norm;
    if (result.initial_gradient_norm == 0.0 || result.final_gradient_norm <= tolerance_norm) {
      if (second_order) result.stop_reason = StopReason::converged;
    }
    result.not_converged = !second_order && result.stop_reason == StopReason::epochs &&
                           result.relative_gradient_norm > convergence_warning_threshold;
  } else {
    result.final_gradient_norm = std::numeric_limits<double>::quiet_NaN();
    result.relative_gradient_norm = std::numeric_limits<double>::quiet_NaN();
  }
  return result;
}

}  // namespace adtrain::ml
