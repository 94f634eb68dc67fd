#include "adtrain/ml/standardization.hpp"

#include <cmath>
#include <stdexcept>

namespace adtrain::ml {

Standardization Standardization::fit(const arma::mat& features) {
  Standardization s;
  s.mean.set_size(features.n_cols);
  s.std.set_size(features.n_cols);
  const double rows = static_cast<double>(features.n_rows);
  for (arma::uword j = 0; j < features.n_cols; ++j) {
    const arma::vec column = features.col(j);
    // Scaled by a power of two (exact) so that neither the sum nor the
    // squares overflow, whatever the magnitudes: features near 1e300 have a
    // mean and a deviation like any others.
    const double largest = column.is_empty() ? 0.0 : arma::abs(column).max();
    const double scale = largest > 0.0 ? std::exp2(std::ilogb(largest)) : 1.0;
    const arma::vec scaled = column / scale;
    const double mean = arma::accu(scaled) / rows;
    // norm_type 1: divide by n, the spread of the data actually seen.
    const double variance = arma::accu(arma::square(scaled - mean)) / rows;
    s.mean(j) = mean * scale;
    s.std(j) = std::sqrt(variance) * scale;
  }
  // A constant column carries no information; dividing by 0 would turn it
  // into NaN, so leave its scale alone. So is one whose spread is below
  // what a double can divide by without overflowing the z-scores.
  s.std.transform([](double v) { return v > 0.0 && std::isnormal(v) ? v : 1.0; });
  return s;
}

void Standardization::check_columns(const arma::mat& features) const {
  if (features.n_cols != mean.n_elem) {
    throw std::invalid_argument("standardization has " + std::to_string(mean.n_elem) +
                                " columns, data has " + std::to_string(features.n_cols));
  }
}

}  // namespace adtrain::ml
