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
  BinaryMetrics m;
  m.total = labels.n_elem;
  for (arma::uword i = 0; i < labels.n_elem; ++i) {
    const bool actual = labels(i) == 1.0;
    const bool guess = predicted(i) == 1.0;
    if (actual && guess) ++m.true_positives;
    if (actual && !guess) ++m.false_negatives;
    if (!actual && guess) ++m.false_positives;
    if (!actual && !guess) ++m.true_negatives;
  }
  m.correct = m.true_positives + m.true_negatives;
  m.accuracy = ratio(m.correct, m.total);
  m.precision = ratio(m.true_positives, m.true_positives + m.false_positives);
  m.recall = ratio(m.true_positives, m.true_positives + m.false_negatives);
  m.f1 =
      m.precision + m.recall == 0.0 ? 0.0 : 2.0 * m.precision * m.recall / (m.precision + m.recall);
  return m;
}

}  // namespace adtrain::ml
