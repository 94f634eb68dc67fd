// Where a trained logistic-regression model's decision boundary lies, in the
// original units of the data, in the plane of two of its features.
#pragma once

#include <armadillo>
#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "adtrain/ml/standardization.hpp"
#include "adtrain/plot/geometry.hpp"

namespace adtrain::plot {

// The saved model, as the report stores it.
struct PictureModel {
  std::vector<std::string> feature_names;  // one per weight; the bias among them
  arma::vec weights;
  std::optional<arma::uword> bias_index;
  // Over the non-bias features, in weight order; the logit is computed on
  // (x - mean) / std when present.
  std::optional<ml::Standardization> standardization;
  std::string label_column = "y";
  std::array<std::string, 2> classes{"0", "1"};

  // The non-bias feature names, in weight order: the data columns.
  std::vector<std::string> data_feature_names() const;
};

// The logit as an affine function of the raw, unstandardized features:
// intercept + sum of coefficients[j] * x[j].
struct AffineLogit {
  std::vector<double> coefficients;  // one per data feature
  double intercept = 0.0;
};

// Folds the bias and the standardization into one affine function, so that
// the boundary can be drawn in the units the data file uses.
AffineLogit logit_in_original_units(const PictureModel& model);

// The boundary logit = 0 restricted to the plane of data features
// `x_feature` and `y_feature`, every other feature j held at held_at[j].
Line boundary_in_plane(const AffineLogit& logit, std::size_t x_feature, std::size_t y_feature,
                       const std::vector<double>& held_at);

}  // namespace adtrain::plot
