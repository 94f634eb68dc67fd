#include "adtrain/ml/logistic_regression.hpp"

namespace adtrain::ml {

LogisticRegression::LogisticRegression(arma::vec weights, std::optional<arma::uword> bias_index)
    : bias_index_(bias_index) {
  arma::mat mask(weights.n_elem, 1, arma::fill::ones);
  if (bias_index) mask(*bias_index) = 0.0;
  penalty_mask_ = ad::constant(std::move(mask));
  weights_ = ad::variable(std::move(weights));
}

ad::Tensor LogisticRegression::logits(const ad::Tensor& X) const {
  return ad::matmul(X, weights_);
}

ad::Tensor LogisticRegression::loss(const ad::Tensor& logits, const ad::Tensor& y,
                                    double l2) const {
  ad::Tensor data_term = ad::binary_cross_entropy_with_logits(logits, y);
  if (l2 == 0.0) return data_term;
  return data_term + (l2 / 2.0) * ad::sum(penalty_mask_ * weights_ * weights_);
}

arma::vec LogisticRegression::probabilities(const arma::mat& X) const {
  ad::NoGradGuard no_grad;
  return ad::sigmoid(logits(ad::constant(X))).value();
}

arma::vec LogisticRegression::predict(const arma::mat& X) const {
  const arma::vec z = X * weights_.value();
  return arma::conv_to<arma::vec>::from(z >= 0.0);
}

}  // namespace adtrain::ml
