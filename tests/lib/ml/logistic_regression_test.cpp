#include "adtrain/ml/logistic_regression.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "support/test_values.hpp"

namespace adtrain::ml {
namespace {

const arma::mat X = arma::join_rows(arma::ones(6, 1), ad::testing::spread(6, 2, -2.0, 2.0, 1));
const arma::vec y = {1, 0, 1, 1, 0, 0};

double closed_form_bce(const arma::vec& w) {
  const arma::vec p = 1.0 / (1.0 + arma::exp(-X * w));
  return -arma::mean(y % arma::log(p) + (1.0 - y) % arma::log(1.0 - p));
}

TEST(LogisticRegression, LossIsMeanBinaryCrossEntropy) {
  const arma::vec w = {0.3, -0.7, 1.1};
  LogisticRegression model(w, 0);
  const ad::Tensor loss =
      model.loss(model.logits(ad::constant(X)), ad::constant(arma::mat(y)), 0.0);
  EXPECT_NEAR(loss.item(), closed_form_bce(w), 1e-15);
}

// The penalty adds exactly l2/2 |w|^2 over the non-bias weights, and its
// gradient l2 * w there, and nothing to the bias.
TEST(LogisticRegression, L2TermAddsExactlyItsOwnContributionAndSparesTheBias) {
  const arma::vec w = {5.0, -0.7, 1.1};
  LogisticRegression plain(w, 0), penalised(w, 0);
  const ad::Tensor Xt = ad::constant(X), yt = ad::constant(arma::mat(y));
  const ad::Tensor base = plain.loss(plain.logits(Xt), yt, 0.0);
  const ad::Tensor with_l2 = penalised.loss(penalised.logits(Xt), yt, 0.5);
  EXPECT_NEAR(with_l2.item() - base.item(), 0.25 * (0.49 + 1.21), 1e-15);
  base.backward();
  with_l2.backward();
  const arma::mat difference = penalised.weights().grad() - plain.weights().grad();
  EXPECT_NEAR(difference(0), 0.0, 1e-15);
  EXPECT_NEAR(difference(1), 0.5 * -0.7, 1e-15);
  EXPECT_NEAR(difference(2), 0.5 * 1.1, 1e-15);
}

TEST(LogisticRegression, GradientIsXTransposeResidualOverN) {
  const arma::vec w = {0.3, -0.7, 1.1};
  LogisticRegression model(w, 0);
  model.loss(model.logits(ad::constant(X)), ad::constant(arma::mat(y)), 0.0).backward();
  const arma::vec p = 1.0 / (1.0 + arma::exp(-X * w));
  const arma::vec expected = X.t() * (p - y) / 6.0;
  EXPECT_TRUE(arma::approx_equal(model.weights().grad(), arma::mat(expected), "absdiff", 1e-15));
}

TEST(LogisticRegression, PredictsOneWhereProbabilityIsAtLeastHalf) {
  LogisticRegression model(arma::vec{0.0, 1.0}, std::nullopt);
  const arma::mat points = {{0.0, -1.0}, {0.0, 0.0}, {0.0, 2.0}};
  EXPECT_TRUE(arma::approx_equal(model.predict(points), arma::vec{0.0, 1.0, 1.0}, "absdiff", 0.0));
  const arma::vec p = model.probabilities(points);
  EXPECT_NEAR(p(0), 1.0 / (1.0 + std::exp(1.0)), 1e-16);
  EXPECT_EQ(p(1), 0.5);
}

}  // namespace
}  // namespace adtrain::ml
