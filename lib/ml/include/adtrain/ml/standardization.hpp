// z-scoring features with statistics taken from the training data. The
// z-scores themselves, (x - mean) / std column by column, are made by
// design_matrix (model.hpp), together with the bias column in one pass.
#pragma once

#include <armadillo>

namespace adtrain::ml {

struct Standardization {
  arma::rowvec mean;
  arma::rowvec std;  // population standard deviation; 1 for a constant column

  // Statistics of each column of `features`.
  static Standardization fit(const arma::mat& features);
  // Throws std::invalid_argument unless `features` has one column per statistic.
  void check_columns(const arma::mat& features) const;
};

}  // namespace adtrain::ml
