#include "adtrain/ml/standardization.hpp"

#include <stdexcept>

namespace adtrain::ml {

Standardization Standardization::fit(const arma::mat& features) {
  Standardization s;
  s.mean = arma::mean(features, 0);
  // norm_type 1: divide by n, the spread of the data actually seen.
  s.std = arma::stddev(features, 1, 0);
  // A constant column carries no information; dividing by 0 would turn it
  // into NaN, so leave its scale alone.
  s.std.transform([](double v) { return v > 0.0 ? v : 1.0; });
  return s;
}

void Standardization::check_columns(const arma::mat& features) const {
  if (features.n_cols != mean.n_elem) {
    throw std::invalid_argument("standardization has " + std::to_string(mean.n_elem) +
                                " columns, data has " + std::to_string(features.n_cols));
  }
}

arma::mat Standardization::apply(const arma::mat& features) const {
  check_columns(features);
  arma::mat out = features;
  out.each_row() -= mean;
  out.each_row() /= std;
  return out;
}

}  // namespace adtrain::ml
