#include "adtrain/ml.hpp"

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

namespace {

// Rows [first, first + count) of the design matrix.
arma::mat design_rows(const arma::mat& features, const Standardization* standardization, bool bias,
                      arma::uword first, arma::uword count) {
  if (standardization) standardization->check_columns(features);
  const arma::uword offset = bias ? 1 : 0;
  arma::mat out(count, features.n_cols + offset, arma::fill::none);
  if (bias) out.col(0).ones();
  for (arma::uword j = 0; j < features.n_cols; ++j) {
    const double* x = features.colptr(j) + first;
    double* o = out.colptr(offset + j);
    if (standardization) {
      const double mean = standardization->mean(j), std = standardization->std(j);
      for (arma::uword i = 0; i < count; ++i) o[i] = (x[i] - mean) / std;
    } else {
      std::copy(x, x + count, o);
    }
  }
  return out;
}

}  // namespace

arma::mat design_matrix(const arma::mat& features, const Standardization* standardization,
                        bool bias) {
  return design_rows(features, standardization, bias, 0, features.n_rows);
}

RowBlocks design_blocks(const arma::mat& features, const arma::vec& labels,
                        const Standardization* standardization, bool bias) {
  if (labels.n_elem != features.n_rows) {
    throw std::invalid_argument("design_blocks: " + std::to_string(features.n_rows) + " rows but " +
                                std::to_string(labels.n_elem) + " labels");
  }
  RowBlocks blocks;
  const arma::uword count = (features.n_rows + rows_per_block - 1) / rows_per_block;
  blocks.X.reserve(count);
  blocks.y.reserve(count);
  for (arma::uword first = 0; first < features.n_rows; first += rows_per_block) {
    const arma::uword rows = std::min(rows_per_block, features.n_rows - first);
    blocks.X.push_back(design_rows(features, standardization, bias, first, rows));
    blocks.y.push_back(labels.subvec(first, first + rows - 1));
  }
  return blocks;
}

}  // namespace adtrain::ml
