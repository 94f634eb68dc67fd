#include "adtrain/ml.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

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

// The ranking metrics' hand-computed cases, each on scores and labels.
TEST(ScoreMetrics, InfiniteLogitsGiveALogLossOfZeroOrInfinity) {
  const double inf = std::numeric_limits<double>::infinity();
  // Right with certainty: no loss at all, never NaN.
  EXPECT_EQ(score_metrics(arma::vec{inf, -inf}, arma::vec{1.0, 0.0}).log_loss, 0.0);
  // Wrong with certainty: an infinite loss.
  EXPECT_EQ(score_metrics(arma::vec{-inf, 0.0}, arma::vec{1.0, 0.0}).log_loss, inf);
}

TEST(ScoreMetrics, PerfectAndInvertedScores) {
  const arma::vec labels = {0, 0, 1, 1};
  const arma::vec perfect = {0.1, 0.2, 0.8, 0.9};
  EXPECT_EQ(roc_auc(perfect, labels), 1.0);
  EXPECT_EQ(average_precision(perfect, labels), 1.0);
  const arma::vec inverted = -perfect;
  EXPECT_EQ(roc_auc(inverted, labels), 0.0);
  // Thresholds from the top: at the 3rd row precision 1/3, recall 1/2; at
  // the 4th 1/2 and 1: 1/2 * 1/3 + 1/2 * 1/2.
  EXPECT_DOUBLE_EQ(average_precision(inverted, labels), 5.0 / 12.0);
}

TEST(ScoreMetrics, ScikitLearnsDocumentedExample) {
  // roc_auc_score and average_precision_score's own examples: 0.75, 0.8333.
  const arma::vec labels = {0, 0, 1, 1};
  const arma::vec scores = {0.1, 0.4, 0.35, 0.8};
  EXPECT_DOUBLE_EQ(roc_auc(scores, labels), 0.75);
  EXPECT_DOUBLE_EQ(average_precision(scores, labels), 0.5 * 1.0 + 0.5 * 2.0 / 3.0);
}

TEST(ScoreMetrics, TiedScoresCountHalfAndAreOneThreshold) {
  // Positives at 2 and 3, negatives at 1 and 2: the pairs won are (3, 1),
  // (3, 2), (2, 1) and half of the tie (2, 2): U = 3.5 of 4.
  const arma::vec labels = {0, 0, 1, 1};
  const arma::vec scores = {1, 2, 2, 3};
  EXPECT_EQ(roc_auc(scores, labels), 0.875);
  // The tie at 2 is one threshold: precision 2/3 at recall 1.
  EXPECT_DOUBLE_EQ(average_precision(scores, labels), 0.5 + 0.5 * 2.0 / 3.0);
  // Every score tied: a coin toss, and the base rate.
  const arma::vec all_tied(4, arma::fill::value(0.5));
  EXPECT_EQ(roc_auc(all_tied, labels), 0.5);
  EXPECT_EQ(average_precision(all_tied, labels), 0.5);
  // The order rows come in does not matter.
  EXPECT_EQ(roc_auc(arma::vec{2, 3, 2, 1}, arma::vec{0, 1, 1, 0}), 0.875);
}

TEST(ScoreMetrics, UndefinedWithOneClassPresent) {
  EXPECT_TRUE(std::isnan(roc_auc(arma::vec{0.1, 0.7}, arma::vec{1, 1})));
  EXPECT_TRUE(std::isnan(roc_auc(arma::vec{0.1, 0.7}, arma::vec{0, 0})));
  EXPECT_TRUE(std::isnan(average_precision(arma::vec{0.1, 0.7}, arma::vec{0, 0})));
  // Only positives: every threshold is right.
  EXPECT_EQ(average_precision(arma::vec{0.1, 0.7}, arma::vec{1, 1}), 1.0);
  const ScoreMetrics m = score_metrics(arma::vec{0.0, 1.0}, arma::vec{1, 1});
  EXPECT_TRUE(std::isnan(m.roc_auc));
  EXPECT_FALSE(std::isnan(m.log_loss));
  EXPECT_FALSE(std::isnan(m.brier));
}

TEST(ScoreMetrics, LogLossAndBrierFromLogits) {
  // Logit 0 is p = 1/2 for either label: log 2 and 1/4.
  const ScoreMetrics half = score_metrics(arma::vec{0.0, 0.0}, arma::vec{0, 1});
  EXPECT_DOUBLE_EQ(half.log_loss, std::log(2.0));
  EXPECT_DOUBLE_EQ(half.brier, 0.25);
  // Logit ln 3 is p = 3/4: -(log 3/4 + log 1/4) / 2, ((1/4)^2 + (3/4)^2) / 2.
  const ScoreMetrics q = score_metrics(arma::vec{std::log(3.0), std::log(3.0)}, arma::vec{1, 0});
  EXPECT_NEAR(q.log_loss, -(std::log(0.75) + std::log(0.25)) / 2.0, 1e-15);
  EXPECT_NEAR(q.brier, (0.0625 + 0.5625) / 2.0, 1e-15);
  const ScoreMetrics from_p =
      score_metrics_from_probabilities(arma::vec{0.75, 0.75}, arma::vec{1, 0});
  EXPECT_NEAR(from_p.log_loss, q.log_loss, 1e-15);
  EXPECT_DOUBLE_EQ(from_p.brier, q.brier);
}

TEST(ScoreMetrics, ConfidentLogitsStayFiniteWhereProbabilitiesSaturate) {
  // sigmoid(800) rounds to 1: from the probability a wrong answer costs
  // log(0); from the logit it costs 800, and a right one e^-800, not 0 - 0.
  const ScoreMetrics wrong = score_metrics(arma::vec{800.0}, arma::vec{0});
  EXPECT_DOUBLE_EQ(wrong.log_loss, 800.0);
  EXPECT_TRUE(std::isinf(score_metrics_from_probabilities(arma::vec{1.0}, arma::vec{0}).log_loss));
  const ScoreMetrics right = score_metrics(arma::vec{-40.0}, arma::vec{0});
  EXPECT_GT(right.log_loss, 0.0);
  EXPECT_NEAR(right.log_loss, std::exp(-40.0), 1e-30);
  // Logits keep apart what probabilities would tie at 1.
  EXPECT_EQ(score_metrics(arma::vec{40.0, 50.0}, arma::vec{0, 1}).roc_auc, 1.0);
}

TEST(ScoreMetrics, RefusesWhatCannotBeRanked) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  EXPECT_THROW(score_metrics(arma::vec{0.0, nan}, arma::vec{0, 1}), std::invalid_argument);
  EXPECT_THROW(score_metrics(arma::vec{0.0, 1.0}, arma::vec{0, 2}), std::invalid_argument);
  EXPECT_THROW(roc_auc(arma::vec{0.0}, arma::vec{0, 1}), std::invalid_argument);
  const ScoreMetrics none = score_metrics(arma::vec(), arma::vec());
  EXPECT_TRUE(std::isnan(none.log_loss) && std::isnan(none.roc_auc));
}

}  // namespace
}  // namespace adtrain::ml
