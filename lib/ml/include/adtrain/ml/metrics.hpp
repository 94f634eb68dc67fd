// Classification quality against 0/1 labels: of 0/1 predictions (the
// confusion matrix), and of scores (the metrics that need no threshold).
#pragma once

#include <armadillo>
#include <cstddef>
#include <limits>

namespace adtrain::ml {

struct BinaryMetrics {
  std::size_t total = 0, correct = 0;
  std::size_t true_negatives = 0, false_positives = 0, false_negatives = 0, true_positives = 0;
  double accuracy = 0.0;
  // Defined as 0 when their denominator is 0 (no predicted or no actual
  // positives), so that they are always numbers.
  double precision = 0.0, recall = 0.0, f1 = 0.0;
};

BinaryMetrics evaluate_predictions(const arma::vec& labels, const arma::vec& predicted);
// The same from the confusion matrix's four counts.
BinaryMetrics metrics_from_counts(std::size_t true_negatives, std::size_t false_positives,
                                  std::size_t false_negatives, std::size_t true_positives);

// How good the scores are, whatever the threshold. NaN where a metric is
// undefined for these labels (see each), or was not computed.
struct ScoreMetrics {
  // Mean binary cross-entropy, -mean(y log p + (1 - y) log(1 - p)): from the
  // logits as softplus(-z) for a positive row and softplus(z) for a negative
  // one (softplus(x) = max(x, 0) + log1p(e^-|x|)), which stays exact where p
  // rounds to 0 or 1, and is 0 or +inf for an infinite logit (scikit-learn
  // clips p to [eps, 1 - eps] instead).
  double log_loss = std::numeric_limits<double>::quiet_NaN();
  // The probability that a random positive row scores above a random
  // negative one, ties counting one half: the Mann-Whitney U statistic over
  // P positives and N negatives, U / (P N), with U = (sum of the positives'
  // ranks) - P (P + 1) / 2 and tied scores given their average rank. The
  // area under the ROC curve, exactly (Hanley and McNeil 1982). NaN with only
  // one class present.
  double roc_auc = std::numeric_limits<double>::quiet_NaN();
  // scikit-learn's average_precision_score: sum over thresholds, from the
  // highest score down, of (R_n - R_{n-1}) P_n, with P_n and R_n the
  // precision and recall of calling every row scoring at least the n-th
  // threshold positive; tied scores are one threshold, so no
  // interpolation. NaN without positive rows.
  double average_precision = std::numeric_limits<double>::quiet_NaN();
  // Mean (p - y)^2 (Brier 1950).
  double brier = std::numeric_limits<double>::quiet_NaN();
};

// All four from logits z (p = sigmoid(z), as LogisticModel::probabilities
// computes it). Rows are ranked by their logits, which tie only where the
// scores really tie (probabilities near 0 or 1 round to equal doubles).
// Throws std::invalid_argument on lengths that differ, a NaN logit, or a
// label other than 0 and 1. No rows: every metric NaN.
ScoreMetrics score_metrics(const arma::vec& logits, const arma::vec& labels);
// The same from probabilities in [0, 1]; log_loss is then infinite for a
// probability of exactly 0 or 1 on the wrong side (nothing is clipped).
ScoreMetrics score_metrics_from_probabilities(const arma::vec& probabilities,
                                              const arma::vec& labels);

// The ranking metrics alone, for any scores where higher means more likely
// positive (logits or probabilities), with the rules above.
double roc_auc(const arma::vec& scores, const arma::vec& labels);
double average_precision(const arma::vec& scores, const arma::vec& labels);

}  // namespace adtrain::ml
