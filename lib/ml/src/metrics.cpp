#include "adtrain/ml/metrics.hpp"

#include <stdexcept>

namespace adtrain::ml {

namespace {
double ratio(std::size_t numerator, std::size_t denominator) {
  return denominator == 0 ? 0.0 : static_cast<double>(numerator) / static_cast<double>(denominator);
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

}  // namespace adtrain::ml
