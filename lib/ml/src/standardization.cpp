#include "adtrain/ml/standardization.hpp"

#include <algorithm>
#include <cmath>
#include <span>
#include <stdexcept>
#include <vector>

#include "adtrain/ml/objective.hpp"

namespace adtrain::ml {

Standardization Standardization::fit(const arma::mat& features, const Reducer& reducer) {
  const arma::uword width = features.n_cols;
  const double rows =
      add_in_order(reducer, {arma::vec{static_cast<double>(features.n_rows)}}, 1)(0);

  // Scaled by a power of two (exact) so that neither the sum nor the
  // squares overflow, whatever the magnitudes: features near 1e300 have a
  // mean and a deviation like any others. The largest magnitude is exact
  // whatever the order it is taken in.
  arma::rowvec largest(width, arma::fill::zeros);
  for (arma::uword j = 0; j < width && features.n_rows > 0; ++j) {
    largest(j) = arma::abs(features.col(j)).max();
  }
  const std::vector<double> all_largest =
      reducer.all_gather(std::span<const double>(largest.memptr(), width));
  for (std::size_t at = 0; at + width <= all_largest.size(); at += width) {
    largest = arma::max(largest, arma::rowvec(all_largest.data() + at, width));
  }
  arma::rowvec scale(width);
  for (arma::uword j = 0; j < width; ++j) {
    scale(j) = largest(j) > 0.0 ? std::exp2(std::ilogb(largest(j))) : 1.0;
  }

  // Two passes, each a sum per block: the mean, then the squared deviations
  // from it (norm_type 1: divided by n, the spread of the data actually seen).
  auto block_sums = [&](auto&& term) {
    std::vector<arma::vec> sums;
    for (arma::uword first = 0; first < features.n_rows; first += rows_per_block) {
      const arma::uword last = std::min(features.n_rows, first + rows_per_block) - 1;
      arma::vec sum(width);
      for (arma::uword j = 0; j < width; ++j) {
        const arma::vec scaled = features.col(j).rows(first, last) / scale(j);
        sum(j) = term(scaled, j);
      }
      sums.push_back(std::move(sum));
    }
    return arma::rowvec(add_in_order(reducer, sums, width).t());
  };
  const arma::rowvec mean =
      block_sums([](const arma::vec& scaled, arma::uword) { return arma::accu(scaled); }) / rows;
  const arma::rowvec variance = block_sums([&](const arma::vec& scaled, arma::uword j) {
                                  return arma::accu(arma::square(scaled - mean(j)));
                                }) /
                                rows;
  Standardization s;
  s.mean = mean % scale;
  s.std = arma::sqrt(variance) % scale;
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
