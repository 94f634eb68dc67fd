#include "adtrain/ml.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "support/test_values.hpp"

namespace adtrain::ml {
namespace {

// A design matrix with a bias column and noisy labels: an interior optimum.
struct Problem {
  arma::mat X;
  arma::vec y;
};

Problem random_problem(arma::uword rows, arma::uword features, unsigned salt = 0) {
  Problem p;
  p.X = arma::join_horiz(arma::mat(rows, 1, arma::fill::ones),
                         ad::testing::spread(rows, features, -2.0, 2.0, salt));
  const arma::mat noise = ad::testing::spread(rows, 1, 0.0, 1.0, salt + 7);
  p.y.set_size(rows);
  for (arma::uword i = 0; i < rows; ++i) {
    const double z = 0.3 + p.X(i, 1) - 0.5 * p.X(i, features);
    p.y(i) = noise(i) < 1.0 / (1.0 + std::exp(-z)) ? 1.0 : 0.0;
  }
  return p;
}

// The closed forms the graph must agree with (written by hand for the test
// only): f, X^T (p - y) / n + l2 M w, and X^T diag(p (1 - p)) X v / n + l2 M v.
struct ClosedForm {
  const Problem& p;
  double l2;
  arma::vec mask;
  arma::vec probabilities(const arma::vec& w) const { return 1.0 / (1.0 + arma::exp(-p.X * w)); }
  double value(const arma::vec& w) const {
    const arma::vec z = p.X * w;
    double sum = 0.0;
    for (arma::uword i = 0; i < z.n_elem; ++i) {
      sum += std::max(z(i), 0.0) - p.y(i) * z(i) + std::log1p(std::exp(-std::abs(z(i))));
    }
    return sum / static_cast<double>(z.n_elem) + l2 / 2.0 * arma::dot(mask % w, w);
  }
  arma::vec gradient(const arma::vec& w) const {
    return p.X.t() * (probabilities(w) - p.y) / static_cast<double>(p.y.n_elem) + l2 * (mask % w);
  }
  arma::vec hessian_times(const arma::vec& w, const arma::vec& v) const {
    const arma::vec q = probabilities(w);
    return p.X.t() * ((q % (1.0 - q)) % (p.X * v)) / static_cast<double>(p.y.n_elem) +
           l2 * (mask % v);
  }
};

constexpr double l2 = 0.03;

TEST(LogisticObjective, ValueGradientAndHessianProductMatchTheClosedForms) {
  const Problem p = random_problem(200, 4);
  const LogisticObjective objective(p.X, p.y, {l2, 0});
  const ClosedForm closed{p, l2, arma::vec{0, 1, 1, 1, 1}};
  const arma::vec w = {0.2, -0.7, 1.1, 0.4, -0.3};
  const arma::vec v = {1.0, -2.0, 0.5, 0.25, 3.0};
  const ObjectiveValue at = objective.value_and_gradient(w);
  EXPECT_NEAR(at.value, closed.value(w), 1e-14);
  EXPECT_NEAR(objective.value(w), at.value, 1e-15);
  EXPECT_TRUE(arma::approx_equal(at.gradient, closed.gradient(w), "reldiff", 1e-12));
  EXPECT_TRUE(arma::approx_equal(objective.hessian_times(w, v), closed.hessian_times(w, v),
                                 "reldiff", 1e-12));
  const SecondOrderPoint point = objective.second_order(w);
  EXPECT_NEAR(point.value.value, at.value, 1e-15);
  EXPECT_TRUE(arma::approx_equal(point.value.gradient, at.gradient, "reldiff", 1e-14));
}

TEST(LogisticObjective, AgreesWithFiniteDifferences) {
  const Problem p = random_problem(50, 3, 2);
  const LogisticObjective objective(p.X, p.y, {l2, std::nullopt});
  const arma::vec w = {0.5, -0.2, 0.9, -1.3};
  const arma::vec v = {0.3, 1.0, -0.6, 0.2};
  const double h = 1e-6;
  const ObjectiveValue at = objective.value_and_gradient(w);
  for (arma::uword j = 0; j < w.n_elem; ++j) {
    arma::vec up = w, down = w;
    up(j) += h;
    down(j) -= h;
    EXPECT_NEAR(at.gradient(j), (objective.value(up) - objective.value(down)) / (2 * h), 1e-8);
  }
  const arma::vec hv = objective.hessian_times(w, v);
  const arma::vec fd = (objective.value_and_gradient(w + h * v).gradient -
                        objective.value_and_gradient(w - h * v).gradient) /
                       (2 * h);
  EXPECT_TRUE(arma::approx_equal(hv, fd, "absdiff", 1e-7)) << hv << fd;
}

TEST(LogisticObjective, TheL2TermAddsExactlyItsOwnShare) {
  const Problem p = random_problem(80, 2, 3);
  const arma::vec w = {0.7, -1.5, 2.0};
  const arma::vec v = {1.0, 1.0, 1.0};
  const LogisticObjective plain(p.X, p.y, {0.0, 0});
  const LogisticObjective penalized(p.X, p.y, {0.5, 0});
  const LogisticObjective bias_too(p.X, p.y, {0.5, std::nullopt});
  // 0.5 / 2 * (1.5^2 + 2^2), the bias left out; with it, + 0.5 / 2 * 0.7^2.
  EXPECT_NEAR(penalized.value(w) - plain.value(w), 0.25 * (2.25 + 4.0), 1e-14);
  EXPECT_NEAR(bias_too.value(w) - plain.value(w), 0.25 * (0.49 + 2.25 + 4.0), 1e-14);
  const arma::vec extra =
      penalized.value_and_gradient(w).gradient - plain.value_and_gradient(w).gradient;
  EXPECT_TRUE(arma::approx_equal(extra, arma::vec{0.0, -0.75, 1.0}, "absdiff", 1e-15));
  const arma::vec extra_hv = bias_too.hessian_times(w, v) - plain.hessian_times(w, v);
  EXPECT_TRUE(arma::approx_equal(extra_hv, arma::vec{0.5, 0.5, 0.5}, "absdiff", 1e-15));
}

TEST(LogisticObjective, SumsOverBatchesAddUpToTheWhole) {
  const Problem p = random_problem(101, 3, 4);
  const LogisticObjective objective(p.X, p.y, {l2, 0});
  const arma::vec w = {0.1, 0.4, -0.8, 1.2};
  DataSums parts = objective.sums(w, arma::regspace<arma::uvec>(0, 39), true);
  parts += objective.sums(w, arma::regspace<arma::uvec>(40, 72), true);
  parts += objective.sums(w, arma::regspace<arma::uvec>(73, 100), true);
  const DataSums whole = objective.sums(w, true);
  EXPECT_EQ(parts.rows, 101u);
  EXPECT_EQ(parts.correct, whole.correct);
  EXPECT_NEAR(parts.loss, whole.loss, 1e-12);
  EXPECT_TRUE(arma::approx_equal(parts.gradient, whole.gradient, "absdiff", 1e-12));
  // finish() divides once and adds the penalty once.
  EXPECT_NEAR(objective.finish(parts, w).value, objective.value(w), 1e-14);
  // A batch of rows in any order is the same sum.
  const DataSums batch = objective.sums(w, arma::uvec{5, 2, 90}, true);
  DataSums singles = objective.sums(w, arma::uvec{5}, true);
  singles += objective.sums(w, arma::uvec{2}, true);
  singles += objective.sums(w, arma::uvec{90}, true);
  EXPECT_NEAR(batch.loss, singles.loss, 1e-14);
  EXPECT_TRUE(arma::approx_equal(batch.gradient, singles.gradient, "absdiff", 1e-14));
}

TEST(LogisticObjective, OneHessianOperatorServesManyProducts) {
  const Problem p = random_problem(120, 3, 5);
  const LogisticObjective objective(p.X, p.y, {l2, 0});
  const ClosedForm closed{p, l2, arma::vec{0, 1, 1, 1}};
  const arma::vec w = {-0.2, 0.3, 0.1, -0.9};
  const SecondOrderPoint point = objective.second_order(w);
  for (unsigned k = 0; k < 25; ++k) {
    const arma::vec v = ad::testing::spread(4, 1, -1.0, 1.0, k);
    ASSERT_TRUE(
        arma::approx_equal(point.hessian.times(v), closed.hessian_times(w, v), "reldiff", 1e-12));
  }
  EXPECT_THROW(point.hessian.times(arma::vec{1.0}), std::invalid_argument);
}

TEST(LogisticObjective, CountsCorrectRowsByTheModelsClassRule) {
  const arma::mat X = {{1.0, -1.0}, {1.0, 0.0}, {1.0, 2.0}};
  const arma::vec y = {0.0, 1.0, 0.0};
  const LogisticObjective objective(X, y, {});
  // Logits -1, 0, 2: class 0, 1 (logit 0 is class 1), 1.
  EXPECT_EQ(objective.value_and_gradient(arma::vec{0.0, 1.0}).correct, 2u);
}

TEST(LogisticObjective, RefusesInconsistentData) {
  const arma::mat X(3, 2, arma::fill::ones);
  const arma::vec y(2, arma::fill::zeros);
  EXPECT_THROW(LogisticObjective(X, y, {}), std::invalid_argument);
  const arma::vec y3(3, arma::fill::zeros);
  EXPECT_THROW(LogisticObjective(X, y3, {-1.0, std::nullopt}), std::invalid_argument);
  EXPECT_THROW(LogisticObjective(X, y3, {std::nan(""), std::nullopt}), std::invalid_argument);
  EXPECT_THROW(LogisticObjective(X, y3, {0.0, 5}), std::invalid_argument);
  const LogisticObjective objective(X, y3, {});
  EXPECT_THROW(objective.sums(arma::vec{0.0, 0.0}, arma::uvec{1, 3}, false), std::invalid_argument);
}

}  // namespace
}  // namespace adtrain::ml
