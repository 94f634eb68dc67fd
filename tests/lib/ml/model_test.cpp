#include "adtrain/ml.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace adtrain::ml {
namespace {

LogisticModel standardized_model() {
  LogisticModel m;
  m.weights = {2.0, -1.0, 0.5};
  m.bias = -0.25;
  m.standardization = Standardization{{1.0, -2.0, 10.0}, {2.0, 0.5, 4.0}};
  m.feature_names = {"a", "b", "c"};
  return m;
}

TEST(LogisticModel, LogitsStandardizeRawRowsThenApplyTheBiasAndWeights) {
  const LogisticModel m = standardized_model();
  const arma::mat raw = {{1.0, -2.0, 10.0}, {3.0, -1.5, 14.0}};
  const arma::vec z = m.logits(raw);
  EXPECT_DOUBLE_EQ(z(0), -0.25);  // every feature at its mean
  EXPECT_DOUBLE_EQ(z(1), -0.25 + 2.0 * 1.0 - 1.0 * 1.0 + 0.5 * 1.0);
  EXPECT_THROW(m.logits(arma::mat(2, 2, arma::fill::zeros)), std::invalid_argument);
}

TEST(LogisticModel, ProbabilitiesAreTheSigmoidOfTheLogits) {
  const LogisticModel m = standardized_model();
  const arma::mat raw = {{0.0, 0.0, 0.0}, {5.0, -3.0, 2.0}};
  const arma::vec z = m.logits(raw), p = m.probabilities(raw);
  for (arma::uword i = 0; i < z.n_elem; ++i)
    EXPECT_NEAR(p(i), 1.0 / (1.0 + std::exp(-z(i))), 1e-15);
}

TEST(LogisticModel, OneClassRuleAtEveryThreshold) {
  LogisticModel m;
  m.weights = {1.0};
  m.bias = 0.0;
  m.feature_names = {"x"};
  const arma::mat raw = arma::mat{-1.0, -1e-300, 0.0, 1e-300, 1.0}.t();
  EXPECT_TRUE(arma::approx_equal(m.predict(raw), arma::vec{0, 0, 1, 1, 1}, "absdiff", 0.0));
  EXPECT_EQ(logit_cut(0.5), 0.0);
  m.threshold = 1.0 / (1.0 + std::exp(-0.5));  // the cut moves to logit 0.5
  EXPECT_NEAR(logit_cut(m.threshold), 0.5, 1e-15);
  EXPECT_TRUE(arma::approx_equal(m.classify(arma::vec{0.4, 0.6}), arma::vec{0, 1}, "absdiff", 0.0));
}

TEST(LogisticModel, ParametersPutTheBiasFirstAndRoundTrip) {
  LogisticModel m = standardized_model();
  EXPECT_TRUE(arma::approx_equal(m.parameters(), arma::vec{-0.25, 2.0, -1.0, 0.5}, "absdiff", 0.0));
  m.set_parameters(arma::vec{1.0, 2.0, 3.0, 4.0});
  EXPECT_EQ(*m.bias, 1.0);
  EXPECT_TRUE(arma::approx_equal(m.weights, arma::vec{2.0, 3.0, 4.0}, "absdiff", 0.0));
  EXPECT_THROW(m.set_parameters(arma::vec{1.0, 2.0}), std::invalid_argument);
  m.bias.reset();
  EXPECT_EQ(m.parameters().n_elem, 3u);
}

TEST(LogisticModel, AffineLogitInOriginalUnitsAgreesWithTheModelEverywhere) {
  const LogisticModel m = standardized_model();
  const AffineLogit logit = m.logit_in_original_units();
  const arma::mat raw = {{0.3, 7.0, -2.0}, {-5.0, 1.0, 100.0}, {1.0, -2.0, 10.0}};
  const arma::vec z = m.logits(raw);
  for (arma::uword i = 0; i < raw.n_rows; ++i) {
    double affine = logit.intercept;
    for (arma::uword j = 0; j < raw.n_cols; ++j) affine += logit.coefficients[j] * raw(i, j);
    EXPECT_NEAR(affine, z(i), 1e-12);
  }
}

TEST(DesignMatrix, BiasColumnFirstThenStandardizedFeatures) {
  const arma::mat features = {{1.0, 4.0}, {3.0, 8.0}};
  const Standardization s = Standardization::fit(features);
  const arma::mat X = design_matrix(features, &s, true);
  EXPECT_TRUE(arma::approx_equal(X, arma::mat{{1.0, -1.0, -1.0}, {1.0, 1.0, 1.0}}, "absdiff", 0.0));
  EXPECT_TRUE(
      arma::approx_equal(design_matrix(features, nullptr, false), features, "absdiff", 0.0));
}

}  // namespace
}  // namespace adtrain::ml
