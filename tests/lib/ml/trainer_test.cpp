#include "adtrain/ml/trainer.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "adtrain/ml/dataset.hpp"

namespace adtrain::ml {
namespace {

Examples seed_examples(std::size_t rows, std::uint64_t seed = 0) {
  const Dataset data = generate_seed_data(rows, seed);
  return {with_bias_column(data.features), data.labels};
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
  LogisticRegression model(arma::vec(3, arma::fill::zeros), 0);
  const TrainResult result = train(model, e, nullptr, {.epochs = 50, .learning_rate = 0.5});
  const arma::vec reference = closed_form_descent(e, arma::vec(3, arma::fill::zeros), 0.5, 50, 100);
  EXPECT_EQ(result.status, TrainStatus::completed);
  ASSERT_EQ(result.epochs.size(), 50u);
  EXPECT_TRUE(arma::approx_equal(model.weights().value(), arma::mat(reference), "absdiff", 1e-9))
      << model.weights().value() << reference;
}

TEST(Trainer, PerSampleStepsInOrderMatchClosedForm) {
  const Examples e = seed_examples(100);
  LogisticRegression model(arma::vec(3, arma::fill::ones), 0);
  train(model, e, nullptr,
        {.epochs = 50, .learning_rate = 0.01, .batch_size = 1, .shuffle = false});
  const arma::vec reference = closed_form_descent(e, arma::vec(3, arma::fill::ones), 0.01, 50, 1);
  EXPECT_TRUE(arma::approx_equal(model.weights().value(), arma::mat(reference), "absdiff", 1e-9));
}

TEST(Trainer, MiniBatchesWithoutShuffleMatchClosedFormIncludingARaggedLastBatch) {
  const Examples e = seed_examples(103);
  LogisticRegression model(arma::vec(3, arma::fill::zeros), 0);
  train(model, e, nullptr,
        {.epochs = 20, .learning_rate = 0.3, .batch_size = 10, .shuffle = false});
  const arma::vec reference = closed_form_descent(e, arma::vec(3, arma::fill::zeros), 0.3, 20, 10);
  EXPECT_TRUE(arma::approx_equal(model.weights().value(), arma::mat(reference), "absdiff", 1e-9));
}

TEST(Trainer, EpochLossAndAccuracyComeFromThatEpochsForwardPasses) {
  const Examples e = seed_examples(60);
  LogisticRegression model(arma::vec{-0.5, 0.4, 0.3}, 0);
  const Evaluation before = evaluate(model, e, 0.0);
  const TrainResult result = train(model, e, nullptr, {.epochs = 1, .learning_rate = 0.5});
  // Full batch: the only forward pass of epoch 1 used the initial weights.
  EXPECT_DOUBLE_EQ(result.epochs[0].loss, before.loss);
  EXPECT_DOUBLE_EQ(result.epochs[0].accuracy, before.metrics.accuracy);
  EXPECT_TRUE(arma::approx_equal(result.epochs[0].weights, arma::vec(model.weights().value()),
                                 "absdiff", 0.0));
  EXPECT_GT(result.epochs[0].grad_norm, 0.0);
}

TEST(Trainer, ShuffledMiniBatchesAreReproducibleAndDependOnTheSeed) {
  const Examples e = seed_examples(80);
  auto run = [&](std::uint64_t seed) {
    LogisticRegression model(arma::vec(3, arma::fill::zeros), 0);
    train(model, e, nullptr, {.epochs = 5, .learning_rate = 0.1, .batch_size = 8, .seed = seed});
    return arma::vec(model.weights().value());
  };
  EXPECT_TRUE(arma::approx_equal(run(1), run(1), "absdiff", 0.0));
  EXPECT_FALSE(arma::approx_equal(run(1), run(2), "absdiff", 0.0));
}

TEST(Trainer, SeedConfigurationLearnsTheBoundary) {
  const Examples e = seed_examples(100);
  LogisticRegression model(arma::vec(3, arma::fill::ones), 0);
  const TrainResult result = train(
      model, e, nullptr, {.epochs = 300, .learning_rate = 0.01, .batch_size = 1, .shuffle = false});
  EXPECT_GE(evaluate(model, e, 0.0).metrics.accuracy, 0.9);
  EXPECT_LT(result.epochs.back().loss, result.epochs.front().loss);
  // The boundary w0 + w1 x1 + w2 x2 = 0 approaches x1 + x2 = 1.
  const arma::vec w = model.weights().value();
  EXPECT_LT(w(0), 0.0);
  EXPECT_NEAR(w(1) / w(2), 1.0, 0.3);
}

TEST(Trainer, EveryOptimizerReducesTheLoss) {
  const Examples e = seed_examples(100);
  for (OptimizerKind kind : {OptimizerKind::sgd, OptimizerKind::momentum, OptimizerKind::adam}) {
    LogisticRegression model(arma::vec(3, arma::fill::zeros), 0);
    const TrainResult result =
        train(model, e, nullptr, {.epochs = 50, .learning_rate = 0.3, .optimizer = kind});
    EXPECT_LT(result.epochs.back().loss, result.epochs.front().loss - 0.05)
        << to_string(kind) << " went from " << result.epochs.front().loss << " to "
        << result.epochs.back().loss;
  }
}

TEST(Trainer, DivergenceStopsAtOnceWithANonFiniteLoss) {
  const Examples e = seed_examples(100);
  LogisticRegression model(arma::vec(3, arma::fill::zeros), 0);
  const TrainResult result = train(model, e, nullptr, {.epochs = 50, .learning_rate = 1e308});
  EXPECT_EQ(result.status, TrainStatus::diverged);
  ASSERT_LT(result.epochs.size(), 50u);
  EXPECT_FALSE(std::isfinite(result.epochs.back().loss));
}

TEST(Trainer, ToleranceStopsEarlyOnceImprovementIsSmall) {
  const Examples e = seed_examples(100);
  LogisticRegression model(arma::vec(3, arma::fill::zeros), 0);
  const TrainResult result =
      train(model, e, nullptr, {.epochs = 10000, .learning_rate = 0.5, .tolerance = 1e-4});
  EXPECT_EQ(result.status, TrainStatus::stopped_early);
  ASSERT_GE(result.epochs.size(), 2u);
  EXPECT_LT(result.epochs.size(), 10000u);
  const auto& last = result.epochs.back();
  EXPECT_LT(result.epochs[result.epochs.size() - 2].loss - last.loss, 1e-4);
}

TEST(Trainer, ValidationIsEvaluatedEveryEpochWithEpochEndWeights) {
  const Examples e = seed_examples(100), held_out = seed_examples(40, 9);
  LogisticRegression model(arma::vec(3, arma::fill::zeros), 0);
  std::size_t calls = 0;
  const TrainResult result = train(model, e, &held_out, {.epochs = 3, .learning_rate = 0.5},
                                   [&](const EpochRecord&) { ++calls; });
  EXPECT_EQ(calls, 3u);
  for (const EpochRecord& r : result.epochs) ASSERT_TRUE(r.validation_loss.has_value());
  EXPECT_DOUBLE_EQ(*result.epochs.back().validation_loss, evaluate(model, held_out, 0.0).loss);
}

TEST(Trainer, RejectsDataThatDoesNotFitTheModel) {
  const Examples e = seed_examples(10);
  LogisticRegression model(arma::vec(2, arma::fill::zeros), std::nullopt);
  EXPECT_THROW(train(model, e, nullptr, {}), std::invalid_argument);
}

}  // namespace
}  // namespace adtrain::ml
