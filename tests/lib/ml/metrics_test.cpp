#include "adtrain/ml/metrics.hpp"

#include <gtest/gtest.h>

namespace adtrain::ml {
namespace {

TEST(Metrics, CountsTheConfusionMatrixAndDerivedScores) {
  const arma::vec labels = {1, 1, 1, 0, 0, 0, 0, 1};
  const arma::vec predicted = {1, 1, 0, 0, 0, 1, 0, 1};
  const BinaryMetrics m = evaluate_predictions(labels, predicted);
  EXPECT_EQ(m.total, 8u);
  EXPECT_EQ(m.true_positives, 3u);
  EXPECT_EQ(m.false_negatives, 1u);
  EXPECT_EQ(m.false_positives, 1u);
  EXPECT_EQ(m.true_negatives, 3u);
  EXPECT_EQ(m.correct, 6u);
  EXPECT_DOUBLE_EQ(m.accuracy, 0.75);
  EXPECT_DOUBLE_EQ(m.precision, 0.75);
  EXPECT_DOUBLE_EQ(m.recall, 0.75);
  EXPECT_DOUBLE_EQ(m.f1, 0.75);
}

TEST(Metrics, NoPredictedPositivesGivesZeroPrecisionNotNaN) {
  const BinaryMetrics m = evaluate_predictions(arma::vec{1, 0}, arma::vec{0, 0});
  EXPECT_EQ(m.precision, 0.0);
  EXPECT_EQ(m.recall, 0.0);
  EXPECT_EQ(m.f1, 0.0);
  EXPECT_DOUBLE_EQ(m.accuracy, 0.5);
}

TEST(Metrics, LengthsMustAgree) {
  EXPECT_THROW(evaluate_predictions(arma::vec{1, 0}, arma::vec{1}), std::invalid_argument);
}

}  // namespace
}  // namespace adtrain::ml
