// The model: p = sigmoid(X w), trained on mean binary cross-entropy.
#pragma once

#include <armadillo>
#include <optional>

#include "adtrain/ad.hpp"

namespace adtrain::ml {

class LogisticRegression {
 public:
  // `bias_index` is the feature that is constant 1 (excluded from the L2
  // penalty), if any.
  LogisticRegression(arma::vec weights, std::optional<arma::uword> bias_index);

  ad::Tensor& weights() { return weights_; }
  const ad::Tensor& weights() const { return weights_; }
  std::optional<arma::uword> bias_index() const { return bias_index_; }

  // X w, recorded on the graph.
  ad::Tensor logits(const ad::Tensor& X) const;
  // mean BCE(logits, y) + l2 / 2 * |w without bias|^2, from the fused,
  // numerically stable op.
  ad::Tensor loss(const ad::Tensor& logits, const ad::Tensor& y, double l2) const;

  // Plain evaluation, no graph.
  arma::vec probabilities(const arma::mat& X) const;
  // 1 where sigmoid(x w) >= 0.5, i.e. where x w >= 0.
  arma::vec predict(const arma::mat& X) const;

 private:
  ad::Tensor weights_;
  std::optional<arma::uword> bias_index_;
  ad::Tensor penalty_mask_;  // 1 for every weight the L2 term covers
};

}  // namespace adtrain::ml
