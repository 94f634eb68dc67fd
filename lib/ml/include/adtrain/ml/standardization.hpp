// z-scoring features with statistics taken from the training data. The
// z-scores themselves, (x - mean) / std column by column, are made by
// design_matrix (model.hpp), together with the bias column in one pass.
#pragma once

#include <armadillo>

#include "adtrain/ml/reducer.hpp"

namespace adtrain::ml {

struct Standardization {
  arma::rowvec mean;
  arma::rowvec std;  // population standard deviation; 1 for a constant column

  // Statistics of each column of `features`: with several processes, of
  // every process's rows together, each process holding whole blocks of
  // rows_per_block rows (objective.hpp) in process order. Sums are taken
  // block by block and added in block order, so every process count gives
  // the same bits. A collective when `reducer` has several processes.
  static Standardization fit(const arma::mat& features, const Reducer& reducer = single_process());
  // Throws std::invalid_argument unless `features` has one column per statistic.
  void check_columns(const arma::mat& features) const;
};

}  // namespace adtrain::ml
