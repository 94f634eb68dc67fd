// The trained model as a value: everything needed to turn raw feature rows
// into classes, and nothing about how it was trained.
#pragma once

#include <armadillo>
#include <array>
#include <optional>
#include <string>
#include <vector>

#include "adtrain/ml/objective.hpp"
#include "adtrain/ml/standardization.hpp"

namespace adtrain::ml {

// The logit as an affine function of the raw, unstandardized features:
// intercept + sum of coefficients[j] * x[j].
struct AffineLogit {
  std::vector<double> coefficients;  // one per data feature
  double intercept = 0.0;
};

// The one class rule: a row is of the positive class when its logit reaches
// the cut, logit(threshold). At the default threshold 0.5 the cut is exactly
// 0, so predictions agree bit for bit with the accuracy counted in training.
double logit_cut(double threshold);
inline bool is_positive(double logit, double cut = 0.0) {
  return logit >= cut;
}

struct LogisticModel {
  // One weight per data feature, in the units the model reads them: the
  // standardized ones when `standardization` is set.
  arma::vec weights;
  // The intercept; none for a model trained with --no-bias.
  std::optional<double> bias = 0.0;
  // Applied to raw rows before the weights: (x - mean) / std.
  std::optional<Standardization> standardization;
  std::vector<std::string> feature_names;  // the data columns, one per weight
  std::string label_name = "y";
  // How the source spells class 0 and class 1; class 1 is the positive one.
  std::array<std::string, 2> classes{"0", "1"};
  double threshold = 0.5;  // on the probability of class 1

  const std::string& positive_class() const { return classes[1]; }

  // The parameter vector training optimises, in design-matrix order: the
  // bias first (when there is one), then the weights. set_parameters takes
  // the same layout back.
  arma::vec parameters() const;
  void set_parameters(const arma::vec& parameters);

  // On raw feature rows (rows x feature_names.size()). Throws
  // std::invalid_argument on a column count that does not match.
  arma::vec logits(const arma::mat& raw_features) const;
  arma::vec probabilities(const arma::mat& raw_features) const;
  // 0/1 per row by is_positive at this model's threshold.
  arma::vec predict(const arma::mat& raw_features) const;
  arma::vec classify(const arma::vec& logits) const;

  // The bias and the standardization folded into one affine function, so the
  // decision boundary logit = 0 can be drawn in the data's own units.
  AffineLogit logit_in_original_units() const;
};

// The matrix a model reads: the features, standardized when
// `standardization` is given, after a bias column of ones when `bias` is set.
// Built in one allocation with no intermediate copy: for a million rows each
// copy would cost tens of megabytes at the peak.
arma::mat design_matrix(const arma::mat& features, const Standardization* standardization,
                        bool bias);
// The same matrix in blocks of rows_per_block rows, with the labels: what a
// LogisticObjective sums over. Each block is built directly, so the peak is
// one design matrix, as above.
RowBlocks design_blocks(const arma::mat& features, const arma::vec& labels,
                        const Standardization* standardization, bool bias);

}  // namespace adtrain::ml
