#include "adtrain/ml.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "adtrain/ad.hpp"

namespace adtrain::ml {

namespace {
double ratio(std::size_t numerator, std::size_t denominator) {
  return denominator == 0 ? 0.0 : static_cast<double>(numerator) / static_cast<double>(denominator);
}

// Refuses what no metric can rank or count, naming the caller.
void check_scores(const char* what, const arma::vec& scores, const arma::vec& labels) {
  if (scores.n_elem != labels.n_elem) {
    throw std::invalid_argument(std::string(what) + ": " + std::to_string(scores.n_elem) +
                                " scores but " + std::to_string(labels.n_elem) + " labels");
  }
  for (arma::uword i = 0; i < scores.n_elem; ++i) {
    if (std::isnan(scores(i))) {
      throw std::invalid_argument(std::string(what) + ": score " + std::to_string(i) + " is NaN");
    }
    if (labels(i) != 0.0 && labels(i) != 1.0) {
      throw std::invalid_argument(std::string(what) + ": label " + std::to_string(i) +
                                  " is neither 0 nor 1");
    }
  }
}

// The pairs of checked scores and labels, for ranking_of (ranking.hpp).
std::vector<ScorePair> pairs_of(const arma::vec& scores, const arma::vec& labels) {
  std::vector<ScorePair> pairs(scores.n_elem);
  for (arma::uword i = 0; i < scores.n_elem; ++i) pairs[i] = {scores(i), labels(i)};
  return pairs;
}

// Both ranking metrics from one sort and one pass.
ScoreMetrics with_ranking(ScoreMetrics m, const arma::vec& scores, const arma::vec& labels) {
  std::vector<ScorePair> pairs = pairs_of(scores, labels);
  const RankingMetrics ranking = ranking_of(pairs);
  m.roc_auc = ranking.roc_auc;
  m.average_precision = ranking.average_precision;
  return m;
}

}  // namespace

BinaryMetrics evaluate_predictions(const arma::vec& labels, const arma::vec& predicted) {
  if (labels.n_elem != predicted.n_elem) {
    throw std::invalid_argument("evaluate_predictions: " + std::to_string(labels.n_elem) +
                                " labels but " + std::to_string(predicted.n_elem) + " predictions");
  }
  std::size_t true_negatives = 0, false_positives = 0, false_negatives = 0, true_positives = 0;
  for (arma::uword i = 0; i < labels.n_elem; ++i) {
    const bool actual = labels(i) == 1.0;
    const bool guess = predicted(i) == 1.0;
    if (actual && guess) ++true_positives;
    if (actual && !guess) ++false_negatives;
    if (!actual && guess) ++false_positives;
    if (!actual && !guess) ++true_negatives;
  }
  return metrics_from_counts(true_negatives, false_positives, false_negatives, true_positives);
}

BinaryMetrics metrics_from_counts(std::size_t true_negatives, std::size_t false_positives,
                                  std::size_t false_negatives, std::size_t true_positives) {
  BinaryMetrics m;
  m.true_negatives = true_negatives;
  m.false_positives = false_positives;
  m.false_negatives = false_negatives;
  m.true_positives = true_positives;
  m.total = true_negatives + false_positives + false_negatives + true_positives;
  m.correct = m.true_positives + m.true_negatives;
  m.accuracy = ratio(m.correct, m.total);
  m.precision = ratio(m.true_positives, m.true_positives + m.false_positives);
  m.recall = ratio(m.true_positives, m.true_positives + m.false_negatives);
  m.f1 =
      m.precision + m.recall == 0.0 ? 0.0 : 2.0 * m.precision * m.recall / (m.precision + m.recall);
  return m;
}

double roc_auc(const arma::vec& scores, const arma::vec& labels) {
  check_scores("roc_auc", scores, labels);
  std::vector<ScorePair> pairs = pairs_of(scores, labels);
  return ranking_of(pairs).roc_auc;
}

double average_precision(const arma::vec& scores, const arma::vec& labels) {
  check_scores("average_precision", scores, labels);
  std::vector<ScorePair> pairs = pairs_of(scores, labels);
  return ranking_of(pairs).average_precision;
}

ScoreMetrics score_metrics(const arma::vec& logits, const arma::vec& labels) {
  check_scores("score_metrics", logits, labels);
  if (logits.is_empty()) return {};
  const arma::vec probabilities = [&] {
    ad::NoGradGuard no_grad;
    return arma::vec(ad::sigmoid(ad::constant(logits)).value());
  }();
  double log_loss = 0.0, brier = 0.0;
  for (arma::uword i = 0; i < logits.n_elem; ++i) {
    const double z = logits(i), y = labels(i);
    // softplus(-z) for a positive row, softplus(z) for a negative one: the
    // form that neither overflows nor loses the small loss of a confident
    // right answer, and has no product y z, which an infinite logit would
    // turn into NaN (it gives exactly 0 or +inf there).
    const double x = y == 1.0 ? -z : z;
    log_loss += std::max(x, 0.0) + std::log1p(std::exp(-std::abs(x)));
    const double error = probabilities(i) - y;
    brier += error * error;
  }
  const auto n = static_cast<double>(logits.n_elem);
  ScoreMetrics m;
  m.log_loss = log_loss / n;
  m.brier = brier / n;
  return with_ranking(m, logits, labels);
}

ScoreMetrics score_metrics_from_probabilities(const arma::vec& probabilities,
                                              const arma::vec& labels) {
  check_scores("score_metrics_from_probabilities", probabilities, labels);
  if (probabilities.is_empty()) return {};
  double log_loss = 0.0, brier = 0.0;
  for (arma::uword i = 0; i < probabilities.n_elem; ++i) {
    const double p = probabilities(i), y = labels(i);
    // log1p(-p): log(1 - p) keeps its digits for small p.
    log_loss -= y == 1.0 ? std::log(p) : std::log1p(-p);
    brier += (p - y) * (p - y);
  }
  const auto n = static_cast<double>(probabilities.n_elem);
  ScoreMetrics m;
  m.log_loss = log_loss / n;
  m.brier = brier / n;
  return with_ranking(m, probabilities, labels);
}

}  // namespace adtrain::ml
