#include "adtrain/ml/metrics.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <stdexcept>
#include <string>
#include <vector>

#include "adtrain/ad.hpp"

namespace adtrain::ml {

namespace {
double ratio(std::size_t numerator, std::size_t denominator) {
  return denominator == 0 ? 0.0 : static_cast<double>(numerator) / static_cast<double>(denominator);
}

constexpr double not_a_number = std::numeric_limits<double>::quiet_NaN();

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

// Runs of equal scores in ascending (or descending) order, with the count of
// each class in each run: the ties both ranking metrics take together.
struct ScoreRun {
  std::uint64_t positives = 0;
  std::uint64_t negatives = 0;
};

std::vector<ScoreRun> runs_of_equal_scores(const arma::vec& scores, const arma::vec& labels,
                                           bool descending) {
  std::vector<arma::uword> order(scores.n_elem);
  std::iota(order.begin(), order.end(), arma::uword{0});
  std::sort(order.begin(), order.end(), [&](arma::uword a, arma::uword b) {
    return descending ? scores(a) > scores(b) : scores(a) < scores(b);
  });
  std::vector<ScoreRun> runs;
  for (std::size_t k = 0; k < order.size(); ++k) {
    if (k == 0 || scores(order[k]) != scores(order[k - 1])) runs.emplace_back();
    (labels(order[k]) == 1.0 ? runs.back().positives : runs.back().negatives) += 1;
  }
  return runs;
}

ScoreMetrics with_ranking(ScoreMetrics m, const arma::vec& scores, const arma::vec& labels) {
  m.roc_auc = roc_auc(scores, labels);
  m.average_precision = average_precision(scores, labels);
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
  // 2U in whole numbers: a positive above every negative of the runs below
  // its own counts 2 for each, and 1 for each negative tied with it (the
  // average-rank rule). Exact up to 2 P N < 2^64, so the only rounding is
  // the final division.
  std::uint64_t negatives_below = 0, twice_u = 0, positives = 0;
  for (const ScoreRun& run : runs_of_equal_scores(scores, labels, false)) {
    twice_u += run.positives * (2 * negatives_below + run.negatives);
    negatives_below += run.negatives;
    positives += run.positives;
  }
  if (positives == 0 || negatives_below == 0) return not_a_number;
  return static_cast<double>(twice_u) /
         (2.0 * static_cast<double>(positives) * static_cast<double>(negatives_below));
}

double average_precision(const arma::vec& scores, const arma::vec& labels) {
  check_scores("average_precision", scores, labels);
  const std::vector<ScoreRun> runs = runs_of_equal_scores(scores, labels, true);
  std::uint64_t positives = 0;
  for (const ScoreRun& run : runs) positives += run.positives;
  if (positives == 0) return not_a_number;
  // Recall only moves at a threshold that takes in positives, by
  // run.positives / P; the precision there counts the whole run of ties.
  // The 1/P is taken out of the sum, so that precisions of 1 add up to
  // exactly P, and a perfect ranking scores exactly 1 (not 1 + an ulp).
  double sum = 0.0;
  std::uint64_t true_positives = 0, called_positive = 0;
  for (const ScoreRun& run : runs) {
    true_positives += run.positives;
    called_positive += run.positives + run.negatives;
    if (run.positives == 0) continue;
    sum += static_cast<double>(run.positives) *
           (static_cast<double>(true_positives) / static_cast<double>(called_positive));
  }
  return sum / static_cast<double>(positives);
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
