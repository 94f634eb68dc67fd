// Where a trained logistic-regression model's decision boundary lies, in the
// original units of the data, in the plane of two of its features.
#pragma once

#include <armadillo>
#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "adtrain/ml/model.hpp"
#include "adtrain/plot/geometry.hpp"

namespace adtrain::plot {

// The boundary logit = 0 restricted to the plane of data features
// `x_feature` and `y_feature`, every other feature j held at held_at[j].
Line boundary_in_plane(const ml::AffineLogit& logit, std::size_t x_feature, std::size_t y_feature,
                       const std::vector<double>& held_at);

}  // namespace adtrain::plot
