// The fused ops stay finite and exact where the textbook formulas break.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "adtrain/ad.hpp"

namespace ad {
namespace {

const arma::mat extreme_logits = arma::vec{1000.0, -1000.0, 1000.0, -1000.0};
const arma::mat extreme_labels = arma::vec{1.0, 0.0, 0.0, 1.0};

// The seed's log-likelihood, y log(h) + (1 - y) log(1 - h) with
// h = 1 / (1 + e^-z), negated and averaged like the fused loss.
Tensor naive_bce(const Tensor& z, const Tensor& y) {
  const Tensor h = 1.0 / (1.0 + exp(-z));
  return -mean(y * log(h) + (1.0 - y) * log(1.0 - h));
}

TEST(FusedLoss, NaiveFormBreaksAtLogitsOfPlusMinusThousand) {
  const Tensor z = variable(extreme_logits);
  const Tensor loss = naive_bce(z, constant(extreme_labels));
  EXPECT_FALSE(std::isfinite(loss.item()));
  loss.backward();
  EXPECT_FALSE(z.grad().is_finite());
}

TEST(FusedLoss, BceWithLogitsIsFiniteAndExactAtPlusMinusThousand) {
  const Tensor z = variable(extreme_logits);
  const Tensor loss = binary_cross_entropy_with_logits(z, constant(extreme_labels));
  // Right answers: 0 and 0 where the label agrees, 1000 where it does not.
  EXPECT_DOUBLE_EQ(loss.item(), (0.0 + 0.0 + 1000.0 + 1000.0) / 4.0);
  loss.backward();
  // (sigmoid(z) - y) / n exactly: 0, 0, +1/4, -1/4.
  const arma::mat expected = arma::vec{0.0, 0.0, 0.25, -0.25};
  EXPECT_TRUE(arma::approx_equal(z.grad(), expected, "absdiff", 0.0)) << z.grad();
}

TEST(FusedLoss, BceKeepsTinyLossesAndGradientsThatNaiveRoundingLoses) {
  // With z = 40 and y = 1 the loss is log(1 + e^-40) = 4.25e-18 and the
  // gradient -sigmoid(-40) = -4.25e-18; sigmoid(40) - 1 rounds to 0.
  const Tensor z = variable(40.0);
  const Tensor loss = binary_cross_entropy_with_logits(z, constant(1.0), Reduction::sum);
  const double tiny = std::log1p(std::exp(-40.0));
  EXPECT_DOUBLE_EQ(loss.item(), tiny);
  loss.backward();
  EXPECT_DOUBLE_EQ(z.grad()(0), -1.0 / (1.0 + std::exp(40.0)));
}

TEST(FusedLoss, BceMatchesTheTextbookFormWhereThatIsAccurate) {
  const arma::mat logits = arma::vec{-2.0, -0.3, 0.0, 0.8, 3.0};
  const arma::mat labels = arma::vec{0.0, 1.0, 1.0, 0.0, 1.0};
  const Tensor z1 = variable(logits), z2 = variable(logits);
  const Tensor fused = binary_cross_entropy_with_logits(z1, constant(labels));
  const Tensor naive = naive_bce(z2, constant(labels));
  EXPECT_NEAR(fused.item(), naive.item(), 1e-15);
  fused.backward();
  naive.backward();
  EXPECT_TRUE(arma::approx_equal(z1.grad(), z2.grad(), "absdiff", 1e-16));
}

TEST(FusedLoss, BceReductions) {
  const arma::mat logits = {{-1.0, 2.0}, {0.5, -3.0}};
  const arma::mat labels = {{0.0, 1.0}, {1.0, 1.0}};
  const Tensor z = constant(logits), y = constant(labels);
  const arma::mat each = binary_cross_entropy_with_logits(z, y, Reduction::none).value();
  ASSERT_EQ(each.n_rows, 2u);
  ASSERT_EQ(each.n_cols, 2u);
  for (arma::uword k = 0; k < 4; ++k) {
    const double p = 1.0 / (1.0 + std::exp(-logits(k)));
    EXPECT_NEAR(each(k), -(labels(k) * std::log(p) + (1 - labels(k)) * std::log(1 - p)), 1e-15);
  }
  EXPECT_DOUBLE_EQ(binary_cross_entropy_with_logits(z, y, Reduction::sum).item(), arma::accu(each));
  EXPECT_DOUBLE_EQ(binary_cross_entropy_with_logits(z, y, Reduction::mean).item(),
                   arma::accu(each) / 4.0);
}

TEST(FusedLoss, LogSigmoidIsFiniteAndExactAtPlusMinusThousand) {
  const Tensor z = variable(arma::mat{1000.0, -1000.0, 40.0});
  const Tensor out = log_sigmoid(z);
  EXPECT_DOUBLE_EQ(out.value()(0), 0.0);
  EXPECT_DOUBLE_EQ(out.value()(1), -1000.0);
  EXPECT_DOUBLE_EQ(out.value()(2), -std::log1p(std::exp(-40.0)));
  sum(out).backward();
  EXPECT_DOUBLE_EQ(z.grad()(0), 0.0);
  EXPECT_DOUBLE_EQ(z.grad()(1), 1.0);
  EXPECT_DOUBLE_EQ(z.grad()(2), 1.0 / (1.0 + std::exp(40.0)));
  // Composed from elementary ops it breaks: log(sigmoid(-1000)) = log(0).
  const Tensor composed = log(sigmoid(constant(arma::mat{-1000.0})));
  EXPECT_EQ(composed.item(), -std::numeric_limits<double>::infinity());
}

TEST(FusedLoss, SigmoidDoesNotOverflowForLargeNegativeInputs) {
  const arma::mat s = sigmoid(constant(arma::mat{-1000.0, -40.0, 0.0, 40.0, 1000.0})).value();
  EXPECT_EQ(s(0), 0.0);
  EXPECT_DOUBLE_EQ(s(1), std::exp(-40.0) / (1.0 + std::exp(-40.0)));
  EXPECT_EQ(s(2), 0.5);
  EXPECT_EQ(s(4), 1.0);
  EXPECT_TRUE(s.is_finite());
}

}  // namespace
}  // namespace ad
