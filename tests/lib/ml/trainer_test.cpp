#include "adtrain/ml.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <initializer_list>
#include <optional>

namespace adtrain::ml {
namespace {

// A design matrix with its 0/1 labels.
struct Examples {
  arma::mat X;
  arma::vec y;
};

Examples seed_examples(std::size_t rows, std::uint64_t seed = 0) {
  const Dataset data = generate_seed_data(rows, seed);
  return {design_matrix(data.features, nullptr, true), data.labels};
}

struct Outcome {
  arma::vec w;
  TrainResult result;
};

// Trains from `w` with `optimizer`; the objective leaves the bias (column 0)
// out of the penalty.
Outcome run(const Examples& e, arma::vec w, Optimizer& optimizer, const TrainOptions& options,
            double l2 = 0.0, const Examples* validation = nullptr,
            const EpochCallback& callback = {}) {
  const LogisticObjective objective(e.X, e.y, {l2, 0});
  std::optional<LogisticObjective> held_out;
  if (validation) held_out.emplace(validation->X, validation->y, Regularization{l2, 0});
  TrainResult result =
      train(w, objective, held_out ? &*held_out : nullptr, optimizer, options, callback);
  return {w, std::move(result)};
}

Evaluation evaluate_at(const Examples& e, const arma::vec& w, double l2 = 0.0) {
  return evaluate(LogisticObjective(e.X, e.y, {l2, 0}), w);
}

// Gradient descent on mean BCE with the hand-derived gradient
// X^T (sigmoid(X w) - y) / n, one step per batch of consecutive rows.
arma::vec closed_form_descent(const Examples& e, arma::vec w, double lr, std::size_t epochs,
                              std::size_t batch) {
  for (std::size_t epoch = 0; epoch < epochs; ++epoch) {
    for (arma::uword start = 0; start < e.X.n_rows; start += batch) {
      const arma::uword end = std::min<arma::uword>(start + batch, e.X.n_rows) - 1;
      const arma::mat Xb = e.X.rows(start, end);
      const arma::vec p = 1.0 / (1.0 + arma::exp(-Xb * w));
      w -= lr * Xb.t() * (p - e.y.subvec(start, end)) / static_cast<double>(Xb.n_rows);
    }
  }
  return w;
}

TEST(Trainer, FullBatchMatchesClosedFormGradientDescent) {
  const Examples e = seed_examples(100);
  Sgd sgd(0.5);
  const Outcome r = run(e, arma::vec(3, arma::fill::zeros), sgd, {.max_epochs = 50});
  const arma::vec reference = closed_form_descent(e, arma::vec(3, arma::fill::zeros), 0.5, 50, 100);
  EXPECT_EQ(r.result.status, TrainStatus::completed);
  EXPECT_EQ(r.result.stop_reason, StopReason::epochs);
  ASSERT_EQ(r.result.epochs.size(), 50u);
  EXPECT_TRUE(arma::approx_equal(r.w, reference, "absdiff", 1e-9)) << r.w << reference;
}

TEST(Trainer, PerSampleStepsInOrderMatchClosedForm) {
  const Examples e = seed_examples(100);
  Sgd sgd(0.01, {.batch_size = 1, .shuffle = false});
  const Outcome r = run(e, arma::vec(3, arma::fill::ones), sgd, {.max_epochs = 50});
  const arma::vec reference = closed_form_descent(e, arma::vec(3, arma::fill::ones), 0.01, 50, 1);
  EXPECT_TRUE(arma::approx_equal(r.w, reference, "absdiff", 1e-9));
}

TEST(Trainer, MiniBatchesWithoutShuffleMatchClosedFormIncludingARaggedLastBatch) {
  const Examples e = seed_examples(103);
  Sgd sgd(0.3, {.batch_size = 10, .shuffle = false});
  const Outcome r = run(e, arma::vec(3, arma::fill::zeros), sgd, {.max_epochs = 20});
  const arma::vec reference = closed_form_descent(e, arma::vec(3, arma::fill::zeros), 0.3, 20, 10);
  EXPECT_TRUE(arma::approx_equal(r.w, reference, "absdiff", 1e-9));
}

TEST(Trainer, EpochLossAndAccuracyComeFromThatEpochsForwardPasses) {
  const Examples e = seed_examples(60);
  const arma::vec start = {-0.5, 0.4, 0.3};
  const Evaluation before = evaluate_at(e, start);
  Sgd sgd(0.5);
  const Outcome r = run(e, start, sgd, {.max_epochs = 1});
  // Full batch: the only forward pass of epoch 1 used the initial weights.
  EXPECT_DOUBLE_EQ(r.result.epochs[0].loss, before.loss);
  EXPECT_DOUBLE_EQ(r.result.epochs[0].accuracy, before.metrics.accuracy);
  EXPECT_TRUE(arma::approx_equal(r.result.epochs[0].weights, r.w, "absdiff", 0.0));
  EXPECT_GT(r.result.epochs[0].grad_norm, 0.0);
}

TEST(Trainer, ShuffledMiniBatchesAreReproducibleAndDependOnTheSeed) {
  const Examples e = seed_examples(80);
  auto weights = [&](std::uint64_t seed) {
    Sgd sgd(0.1, {.batch_size = 8, .seed = seed});
    return run(e, arma::vec(3, arma::fill::zeros), sgd, {.max_epochs = 5}).w;
  };
  EXPECT_TRUE(arma::approx_equal(weights(1), weights(1), "absdiff", 0.0));
  EXPECT_FALSE(arma::approx_equal(weights(1), weights(2), "absdiff", 0.0));
}

TEST(Trainer, SeedConfigurationLearnsTheBoundary) {
  const Examples e = seed_examples(100);
  Sgd sgd(0.01, {.batch_size = 1, .shuffle = false});
  const Outcome r = run(e, arma::vec(3, arma::fill::ones), sgd, {.max_epochs = 300});
  EXPECT_GE(evaluate_at(e, r.w).metrics.accuracy, 0.9);
  EXPECT_LT(r.result.epochs.back().loss, r.result.epochs.front().loss);
  // The boundary w0 + w1 x1 + w2 x2 = 0 approaches x1 + x2 = 1.
  EXPECT_LT(r.w(0), 0.0);
  EXPECT_NEAR(r.w(1) / r.w(2), 1.0, 0.3);
}

TEST(Trainer, EveryFirstOrderOptimizerReducesTheLoss) {
  const Examples e = seed_examples(100);
  Sgd sgd(0.3);
  Momentum momentum(0.3, 0.9);
  Adam adam({.learning_rate = 0.3});
  for (Optimizer* optimizer : std::initializer_list<Optimizer*>{&sgd, &momentum, &adam}) {
    const Outcome r = run(e, arma::vec(3, arma::fill::zeros), *optimizer, {.max_epochs = 50});
    EXPECT_LT(r.result.epochs.back().loss, r.result.epochs.front().loss - 0.05)
        << to_string(optimizer->kind()) << " went from " << r.result.epochs.front().loss << " to "
        << r.result.epochs.back().loss;
  }
}

TEST(Trainer, AShortFirstOrderRunIsToldItHasNotConverged) {
  const Examples e = seed_examples(100);
  Sgd slow(0.1);
  const Outcome short_run = run(e, arma::vec(3, arma::fill::zeros), slow, {.max_epochs = 20}, 0.01);
  EXPECT_TRUE(short_run.result.not_converged);
  EXPECT_GT(short_run.result.relative_gradient_norm, convergence_warning_threshold);
  Sgd fast(5.0);
  const Outcome long_run =
      run(e, arma::vec(3, arma::fill::zeros), fast, {.max_epochs = 3000}, 0.01);
  EXPECT_FALSE(long_run.result.not_converged) << long_run.result.relative_gradient_norm;
  EXPECT_LT(long_run.result.relative_gradient_norm, convergence_warning_threshold);
}

TEST(Trainer, DivergenceStopsAtOnceWithANonFiniteLoss) {
  const Examples e = seed_examples(100);
  Sgd sgd(1e308);
  const Outcome r = run(e, arma::vec(3, arma::fill::zeros), sgd, {.max_epochs = 50});
  EXPECT_EQ(r.result.status, TrainStatus::diverged);
  EXPECT_EQ(r.result.stop_reason, StopReason::diverged);
  ASSERT_LT(r.result.epochs.size(), 50u);
  EXPECT_FALSE(std::isfinite(r.result.epochs.back().loss));
}

TEST(Trainer, ToleranceStopsEarlyOnceImprovementIsSmall) {
  const Examples e = seed_examples(100);
  Sgd sgd(0.5);
  const Outcome r =
      run(e, arma::vec(3, arma::fill::zeros), sgd, {.max_epochs = 10000, .loss_tolerance = 1e-4});
  EXPECT_EQ(r.result.status, TrainStatus::stopped_early);
  EXPECT_EQ(r.result.stop_reason, StopReason::loss_tolerance);
  ASSERT_GE(r.result.epochs.size(), 2u);
  EXPECT_LT(r.result.epochs.size(), 10000u);
  const auto& epochs = r.result.epochs;
  EXPECT_LT(epochs[epochs.size() - 2].loss - epochs.back().loss, 1e-4);
}

TEST(Trainer, ValidationIsEvaluatedEveryEpochWithEpochEndWeights) {
  const Examples e = seed_examples(100), held_out = seed_examples(40, 9);
  std::size_t calls = 0;
  Sgd sgd(0.5);
  const Outcome r = run(e, arma::vec(3, arma::fill::zeros), sgd, {.max_epochs = 3}, 0.0, &held_out,
                        [&](const EpochRecord&) { ++calls; });
  EXPECT_EQ(calls, 3u);
  for (const EpochRecord& record : r.result.epochs) ASSERT_TRUE(record.validation_loss.has_value());
  EXPECT_DOUBLE_EQ(*r.result.epochs.back().validation_loss, evaluate_at(held_out, r.w).loss);
}

TEST(Trainer, RejectsDataThatDoesNotFitTheModel) {
  const Examples e = seed_examples(10);
  const LogisticObjective objective(e.X, e.y, {});
  arma::vec w(2, arma::fill::zeros);
  Sgd sgd(0.1);
  EXPECT_THROW(train(w, objective, nullptr, sgd, {}), std::invalid_argument);
}

EpochRecord record_of(std::size_t epoch) {
  EpochRecord record;
  record.epoch = epoch;
  return record;
}

TEST(Trainer, ScoreMetricsComeFromOneMorePassOverTheHeldRows) {
  // Two blocks, so the pass must put both blocks' scores together.
  Examples e = seed_examples(70000, 4);
  for (arma::uword i = 0; i < e.y.n_elem; i += 5) e.y(i) = 1.0 - e.y(i);
  const LogisticObjective objective(e.X, e.y, {0.0, 0});
  const arma::vec w = {-0.9, 1.1, 0.7};
  Evaluation evaluation = evaluate(objective, w);
  // The log-loss is the data term itself: the loss without an l2 term.
  EXPECT_DOUBLE_EQ(evaluation.scores.log_loss, evaluation.loss);
  EXPECT_TRUE(std::isnan(evaluation.scores.roc_auc));
  EXPECT_FALSE(std::isnan(evaluation.scores.brier));
  add_score_metrics(evaluation, objective, w);
  const ScoreMetrics direct = score_metrics(e.X * w, e.y);
  EXPECT_EQ(evaluation.scores.roc_auc, direct.roc_auc);
  EXPECT_EQ(evaluation.scores.average_precision, direct.average_precision);
  // The Brier score is the evaluation's own block sums (there before the
  // ranking pass), which add the two blocks' parts rather than every row in
  // one sum: the same to rounding.
  EXPECT_NEAR(evaluation.scores.brier, direct.brier, 1e-14 * direct.brier);
  EXPECT_NEAR(evaluation.scores.log_loss, direct.log_loss, 1e-12 * direct.log_loss);
  EXPECT_GT(evaluation.scores.roc_auc, 0.5);
}

TEST(EpochHistory, KeepsEveryEpochUpToItsCapacityThenThinsByDoublingTheStride) {
  EpochHistory history(8);
  for (std::size_t epoch = 1; epoch <= 8; ++epoch) history.add(record_of(epoch));
  EXPECT_EQ(history.records().size(), 8u);
  EXPECT_EQ(history.stride(), 1u);
  for (std::size_t epoch = 9; epoch <= 1000; ++epoch) {
    history.add(record_of(epoch));
    ASSERT_LE(history.records().size(), 9u) << epoch;
    ASSERT_EQ(history.records().back().epoch, epoch);
  }
  const auto& kept = history.records();
  EXPECT_EQ(kept.front().epoch, 1u);
  for (std::size_t k = 1; k + 1 < kept.size(); ++k) {
    EXPECT_EQ(kept[k].epoch % history.stride(), 0u) << kept[k].epoch;
    EXPECT_GT(kept[k].epoch, kept[k - 1].epoch);
  }
  EXPECT_EQ(history.stride(), 256u);  // 1000 / 128 multiples would be 9 records with epoch 1
}

TEST(Trainer, ALongRunKeepsABoundedHistoryEndingWithTheLastEpoch) {
  const Examples e = seed_examples(2);
  const LogisticObjective objective(e.X, e.y, {});
  arma::vec w(3, arma::fill::zeros);
  Sgd sgd(0.1);
  const TrainResult result = train(w, objective, nullptr, sgd, {.max_epochs = 5000}, {}, 100);
  EXPECT_EQ(result.epochs_run, 5000u);
  EXPECT_LE(result.epochs.size(), 101u);
  EXPECT_EQ(result.epochs.back().epoch, 5000u);
  EXPECT_EQ(result.history_stride, 64u);
}

}  // namespace
}  // namespace adtrain::ml
