#include "adtrain/ml/model.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "adtrain/ad.hpp"

namespace adtrain::ml {

double logit_cut(double threshold) {
  // log(0.5 / 0.5) is exactly 0; spelled out so that no rounding can move it.
  if (threshold == 0.5) return 0.0;
  return std::log(threshold / (1.0 - threshold));
}

arma::vec LogisticModel::parameters() const {
  const arma::uword first = bias ? 1 : 0;
  arma::vec p(weights.n_elem + first);
  if (bias) p(0) = *bias;
  p.tail(weights.n_elem) = weights;
  return p;
}

void LogisticModel::set_parameters(const arma::vec& parameters) {
  const arma::uword first = bias ? 1 : 0;
  if (parameters.n_elem != weights.n_elem + first) {
    throw std::invalid_argument("set_parameters: " + std::to_string(parameters.n_elem) +
                                " parameters for a model of " +
                                std::to_string(weights.n_elem + first));
  }
  if (bias) bias = parameters(0);
  weights = parameters.tail(weights.n_elem);
}

arma::vec LogisticModel::logits(const arma::mat& raw_features) const {
  if (raw_features.n_cols != weights.n_elem) {
    throw std::invalid_argument("the model reads " + std::to_string(weights.n_elem) +
                                " features, the data has " + std::to_string(raw_features.n_cols) +
                                " columns");
  }
  const arma::mat X =
      design_matrix(raw_features, standardization ? &*standardization : nullptr, bias.has_value());
  // The library's product, so that logits equal training's to the bit.
  ad::NoGradGuard no_grad;
  return ad::matmul(ad::borrowed_constant(X), ad::constant(parameters())).value();
}

arma::vec LogisticModel::probabilities(const arma::mat& raw_features) const {
  ad::NoGradGuard no_grad;
  return ad::sigmoid(ad::constant(logits(raw_features))).value();
}

arma::vec LogisticModel::classify(const arma::vec& logits) const {
  const double cut = logit_cut(threshold);
  arma::vec classes(logits.n_elem);
  std::transform(logits.begin(), logits.end(), classes.begin(),
                 [cut](double z) { return is_positive(z, cut) ? 1.0 : 0.0; });
  return classes;
}

arma::vec LogisticModel::predict(const arma::mat& raw_features) const {
  return classify(logits(raw_features));
}

AffineLogit LogisticModel::logit_in_original_units() const {
  AffineLogit logit;
  logit.intercept = bias.value_or(0.0);
  logit.coefficients.assign(weights.begin(), weights.end());
  if (standardization) {
    // w (x - m) / s = (w / s) x - w m / s
    for (std::size_t j = 0; j < logit.coefficients.size(); ++j) {
      const double scaled = logit.coefficients[j] / standardization->std(j);
      logit.intercept -= scaled * standardization->mean(j);
      logit.coefficients[j] = scaled;
    }
  }
  return logit;
}

arma::mat design_matrix(const arma::mat& features, const Standardization* standardization,
                        bool bias) {
  if (standardization) standardization->check_columns(features);
  const arma::uword first = bias ? 1 : 0;
  arma::mat out(features.n_rows, features.n_cols + first, arma::fill::none);
  if (bias) out.col(0).ones();
  for (arma::uword j = 0; j < features.n_cols; ++j) {
    const double* x = features.colptr(j);
    double* o = out.colptr(first + j);
    if (standardization) {
      const double mean = standardization->mean(j), std = standardization->std(j);
      for (arma::uword i = 0; i < features.n_rows; ++i) o[i] = (x[i] - mean) / std;
    } else {
      std::copy(x, x + features.n_rows, o);
    }
  }
  return out;
}

}  // namespace adtrain::ml
