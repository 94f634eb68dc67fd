#include "adtrain/ml/optimizer.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace adtrain::ml {
namespace {

// Sets w.grad() to g by differentiating dot(w, g).
void set_gradient(ad::Tensor& w, const arma::mat& g) {
  w.zero_grad();
  ad::dot(w, ad::constant(g)).backward();
}

TEST(Optimizer, SgdStepsAgainstTheGradient) {
  ad::Tensor w = ad::variable(arma::vec{1.0, 2.0});
  Sgd sgd(0.5);
  set_gradient(w, arma::vec{2.0, -4.0});
  sgd.step(w);
  EXPECT_TRUE(arma::approx_equal(w.value(), arma::mat(arma::vec{0.0, 4.0}), "absdiff", 0.0));
}

TEST(Optimizer, MomentumAccumulatesVelocity) {
  ad::Tensor w = ad::variable(arma::vec{0.0});
  Momentum momentum(0.1, 0.9);
  set_gradient(w, arma::vec{1.0});
  momentum.step(w);  // v = 1, w = -0.1
  set_gradient(w, arma::vec{1.0});
  momentum.step(w);  // v = 1.9, w = -0.29
  EXPECT_NEAR(w.value()(0), -0.29, 1e-15);
}

TEST(Optimizer, AdamFirstStepsHaveLearningRateSize) {
  ad::Tensor w = ad::variable(arma::vec{0.0, 0.0});
  Adam adam(0.01);
  set_gradient(w, arma::vec{3.0, -0.001});
  adam.step(w);
  // Bias correction makes the first step lr * g / |g| (up to epsilon).
  EXPECT_NEAR(w.value()(0), -0.01, 1e-9);
  EXPECT_NEAR(w.value()(1), 0.01, 1e-7);
  set_gradient(w, arma::vec{3.0, -0.001});
  adam.step(w);
  EXPECT_NEAR(w.value()(0), -0.02, 1e-9);
}

TEST(Optimizer, NamesRoundTrip) {
  for (OptimizerKind kind : {OptimizerKind::sgd, OptimizerKind::momentum, OptimizerKind::adam}) {
    EXPECT_EQ(optimizer_from_string(to_string(kind)), kind);
  }
  EXPECT_FALSE(optimizer_from_string("rmsprop").has_value());
}

}  // namespace
}  // namespace adtrain::ml
