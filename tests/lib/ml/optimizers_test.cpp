#include "adtrain/ml.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <initializer_list>

#include "support/test_values.hpp"

namespace adtrain::ml {
namespace {

TEST(FirstOrder, SgdStepsAgainstTheGradient) {
  arma::vec w = {1.0, 2.0};
  Sgd(0.5).step(w, arma::vec{2.0, -4.0});
  EXPECT_TRUE(arma::approx_equal(w, arma::vec{0.0, 4.0}, "absdiff", 0.0));
}

TEST(FirstOrder, MomentumAccumulatesVelocity) {
  arma::vec w = {0.0};
  Momentum momentum(0.1, 0.9);
  momentum.step(w, arma::vec{1.0});  // v = 1, w = -0.1
  momentum.step(w, arma::vec{1.0});  // v = 1.9, w = -0.29
  EXPECT_NEAR(w(0), -0.29, 1e-15);
}

TEST(FirstOrder, AdamFirstStepsHaveLearningRateSize) {
  arma::vec w = {0.0, 0.0};
  Adam adam({.learning_rate = 0.01});
  adam.step(w, arma::vec{3.0, -0.001});
  // Bias correction makes the first step lr * g / |g| (up to epsilon).
  EXPECT_NEAR(w(0), -0.01, 1e-9);
  EXPECT_NEAR(w(1), 0.01, 1e-7);
  adam.step(w, arma::vec{3.0, -0.001});
  EXPECT_NEAR(w(0), -0.02, 1e-9);
}

TEST(FirstOrder, AdamSettingsAreHonoured) {
  // With beta1 = 0 the first moment is the gradient itself, and a large
  // epsilon shrinks the step: lr g / (|g| + eps).
  arma::vec w = {0.0};
  Adam adam({.learning_rate = 1.0, .beta1 = 0.0, .beta2 = 0.5, .epsilon = 1.0});
  adam.step(w, arma::vec{2.0});
  EXPECT_NEAR(w(0), -2.0 / 3.0, 1e-15);
}

TEST(Optimizers, NamesAndKinds) {
  EXPECT_EQ(to_string(OptimizerKind::newton), "newton");
  EXPECT_EQ(to_string(OptimizerKind::lbfgs), "lbfgs");
  EXPECT_TRUE(is_second_order(OptimizerKind::newton));
  EXPECT_TRUE(is_second_order(OptimizerKind::lbfgs));
  EXPECT_FALSE(is_second_order(OptimizerKind::adam));
  EXPECT_EQ(TrustRegionNewton().kind(), OptimizerKind::newton);
  EXPECT_EQ(Lbfgs().kind(), OptimizerKind::lbfgs);
}

// Noisy labels from a known logit: the objective has an interior optimum.
struct Noisy {
  arma::mat X;
  arma::vec y;
};
Noisy noisy_data(arma::uword rows) {
  Noisy d;
  d.X = arma::join_horiz(arma::mat(rows, 1, arma::fill::ones),
                         ad::testing::spread(rows, 3, -2.0, 2.0, 11));
  const arma::mat u = ad::testing::spread(rows, 1, 0.0, 1.0, 12);
  d.y.set_size(rows);
  for (arma::uword i = 0; i < rows; ++i) {
    const double z = -0.4 + 1.5 * d.X(i, 1) - d.X(i, 2) + 0.25 * d.X(i, 3);
    d.y(i) = u(i) < 1.0 / (1.0 + std::exp(-z)) ? 1.0 : 0.0;
  }
  return d;
}

TrainResult minimise(Optimizer& optimizer, const LogisticObjective& objective, arma::vec& w,
                     double tolerance, std::size_t iterations = 200) {
  return train(w, objective, nullptr, optimizer,
               {.max_epochs = iterations, .gradient_tolerance = tolerance});
}

TEST(SecondOrder, NewtonAndLbfgsReachTheSameOptimumAsALongFirstOrderRun) {
  const Noisy d = noisy_data(400);
  const LogisticObjective objective(d.X, d.y, {0.01, 0});
  arma::vec newton_w(4, arma::fill::zeros), lbfgs_w(4, arma::fill::zeros);
  TrustRegionNewton newton;
  Lbfgs lbfgs;
  // 1e-8: beyond it f's rounding (1e-16 of f) cannot tell steps apart.
  const TrainResult by_newton = minimise(newton, objective, newton_w, 1e-8);
  const TrainResult by_lbfgs = minimise(lbfgs, objective, lbfgs_w, 1e-8);
  EXPECT_EQ(by_newton.stop_reason, StopReason::converged);
  EXPECT_EQ(by_lbfgs.stop_reason, StopReason::converged);
  EXPECT_LE(by_newton.epochs.size(), 15u);
  EXPECT_LE(by_newton.relative_gradient_norm, 1e-8);
  EXPECT_TRUE(arma::approx_equal(newton_w, lbfgs_w, "absdiff", 1e-8)) << newton_w << lbfgs_w;
  EXPECT_NEAR(objective.value(newton_w), objective.value(lbfgs_w), 1e-14);

  arma::vec sgd_w(4, arma::fill::zeros);
  Sgd sgd(2.0);
  train(sgd_w, objective, nullptr, sgd, {.max_epochs = 5000});
  EXPECT_TRUE(arma::approx_equal(newton_w, sgd_w, "absdiff", 1e-6)) << newton_w << sgd_w;
  // Every recorded iteration: the objective never rises.
  for (std::size_t k = 1; k < by_newton.epochs.size(); ++k) {
    EXPECT_LE(by_newton.epochs[k].loss, by_newton.epochs[k - 1].loss);
    EXPECT_LE(by_lbfgs.epochs[k < by_lbfgs.epochs.size() ? k : 0].loss,
              by_lbfgs.epochs[k < by_lbfgs.epochs.size() ? k - 1 : 0].loss);
  }
  for (const EpochRecord& r : by_newton.epochs) EXPECT_TRUE(r.cg_iterations.has_value());
}

TEST(SecondOrder, SeparableDataMakesProgressUntilTheTolerance) {
  const Dataset seed = generate_seed_data(100, 0);
  const arma::mat X = design_matrix(seed.features, nullptr, true);
  const LogisticObjective objective(X, seed.labels, {});
  for (OptimizerKind kind : {OptimizerKind::newton, OptimizerKind::lbfgs}) {
    std::unique_ptr<Optimizer> optimizer;
    if (kind == OptimizerKind::newton) {
      optimizer = std::make_unique<TrustRegionNewton>();
    } else {
      optimizer = std::make_unique<Lbfgs>();
    }
    arma::vec w(3, arma::fill::zeros);
    const TrainResult result = minimise(*optimizer, objective, w, 1e-6, 500);
    EXPECT_EQ(result.stop_reason, StopReason::converged) << to_string(kind);
    EXPECT_EQ(result.epochs.back().accuracy, 1.0) << to_string(kind);
    // No optimum exists: the weights grow along the separating direction,
    // which is x1 + x2 = 1.
    EXPECT_NEAR(w(1) / w(2), 1.0, 0.2) << to_string(kind);
    EXPECT_NEAR(-w(0) / w(2), 1.0, 0.2) << to_string(kind);
  }
}

TEST(SecondOrder, IterationLimitAndNoProgressAreReported) {
  const Noisy d = noisy_data(200);
  const LogisticObjective objective(d.X, d.y, {0.01, 0});
  arma::vec w(4, arma::fill::zeros);
  Lbfgs lbfgs;
  const TrainResult limited = minimise(lbfgs, objective, w, 1e-14, 2);
  EXPECT_EQ(limited.stop_reason, StopReason::max_iterations);
  EXPECT_EQ(limited.epochs.size(), 2u);
  // From the optimum itself nothing can improve: converged (|g| is tiny)
  // or no progress, never more iterations than needed.
  arma::vec at = w;
  TrustRegionNewton newton;
  minimise(newton, objective, at, 1e-12);
  TrustRegionNewton again;
  const TrainResult result = minimise(again, objective, at, 0.0, 50);
  EXPECT_TRUE(result.stop_reason == StopReason::no_progress ||
              result.stop_reason == StopReason::converged)
      << to_string(result.stop_reason);
  EXPECT_LT(result.epochs.size(), 50u);
}

TEST(SecondOrder, TinyProblemsAndAStartAtTheOptimum) {
  // Two rows, one feature and a bias, with a penalty: a unique optimum.
  const arma::mat X = {{1.0, -1.0}, {1.0, 1.0}};
  const arma::vec y = {0.0, 1.0};
  const LogisticObjective objective(X, y, {0.1, std::nullopt});
  arma::vec w(2, arma::fill::zeros);
  TrustRegionNewton newton;
  minimise(newton, objective, w, 1e-12);
  EXPECT_NEAR(w(0), 0.0, 1e-12);  // symmetric data: no intercept
  EXPECT_LT(arma::norm(objective.value_and_gradient(w).gradient), 1e-12);
}

TEST(FirstOrder, EveryStepperApproachesTheOptimumOfNoisyData) {
  const Noisy d = noisy_data(300);
  const LogisticObjective objective(d.X, d.y, {0.01, 0});
  arma::vec optimum(4, arma::fill::zeros);
  TrustRegionNewton newton;
  minimise(newton, objective, optimum, 1e-10);
  const double best = objective.value(optimum);
  Sgd sgd(1.0);
  Momentum momentum(0.1, 0.9);
  Adam adam({.learning_rate = 0.02});
  Sgd minibatch(0.2, {.batch_size = 30, .seed = 4});
  for (FirstOrderOptimizer* stepper :
       std::initializer_list<FirstOrderOptimizer*>{&sgd, &momentum, &adam}) {
    arma::vec w(4, arma::fill::zeros);
    train(w, objective, nullptr, *stepper, {.max_epochs = 3000});
    EXPECT_NEAR(objective.value(w), best, 1e-6 * best) << to_string(stepper->kind());
  }
  // Mini-batch steps hover around the optimum rather than settling on it.
  arma::vec w(4, arma::fill::zeros);
  train(w, objective, nullptr, minibatch, {.max_epochs = 200});
  EXPECT_NEAR(objective.value(w), best, 1e-2 * best);
}

}  // namespace
}  // namespace adtrain::ml
