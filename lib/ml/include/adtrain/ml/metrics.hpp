// Classification quality of 0/1 predictions against 0/1 labels.
#pragma once

#include <armadillo>
#include <cstddef>

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

}  // namespace adtrain::ml
