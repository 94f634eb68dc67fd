// Deterministic test matrices, identical on every platform.
#pragma once

#include <armadillo>
#include <cmath>

namespace ad::testing {

// Values spread over [low, high), different for each salt.
inline arma::mat spread(arma::uword rows, arma::uword cols, double low, double high,
                        unsigned salt = 0) {
  arma::mat m(rows, cols);
  for (arma::uword k = 0; k < m.n_elem; ++k) {
    const double t = std::sin(12.9898 * static_cast<double>(k + 1) + 78.233 * salt) * 43758.5453;
    m(k) = low + (high - low) * (t - std::floor(t));
  }
  return m;
}

}  // namespace ad::testing
