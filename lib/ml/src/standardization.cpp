#include "adtrain/ml/standardization.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <vector>

#include "adtrain/ml/objective.hpp"

namespace adtrain::ml {

namespace {

// Every process's values, element by element, in process order.
std::vector<arma::rowvec> gather_rows(const Reducer& reducer, const std::vector<arma::rowvec>& mine,
                                      arma::uword width) {
  if (reducer.processes() == 1) return mine;
  std::vector<double> packed;
  for (const arma::rowvec& v : mine) packed.insert(packed.end(), v.begin(), v.end());
  const std::vector<double> all = reducer.all_gather(packed);
  std::vector<arma::rowvec> parts;
  for (std::size_t at = 0; at + width <= all.size(); at += width) {
    parts.emplace_back(all.data() + at, width);
  }
  return parts;
}

// The parts added in order, the first as it is.
arma::rowvec add_in_order(const std::vector<arma::rowvec>& parts, arma::uword width) {
  if (parts.empty()) return arma::rowvec(width, arma::fill::zeros);
  arma::rowvec total = parts.front();
  for (std::size_t i = 1; i < parts.size(); ++i) total += parts[i];
  return total;
}

}  // namespace

Standardization Standardization::fit(const arma::mat& features, const Reducer& reducer) {
  const arma::uword width = features.n_cols;
  const std::vector<double> all_rows =
      reducer.all_gather(std::vector<double>{static_cast<double>(features.n_rows)});
  double rows = 0.0;
  for (double r : all_rows) rows += r;

  // Scaled by a power of two (exact) so that neither the sum nor the
  // squares overflow, whatever the magnitudes: features near 1e300 have a
  // mean and a deviation like any others. The largest magnitude is exact
  // whatever the order it is taken in.
  arma::rowvec largest(width, arma::fill::zeros);
  for (arma::uword j = 0; j < width && features.n_rows > 0; ++j) {
    largest(j) = arma::abs(features.col(j)).max();
  }
  for (const arma::rowvec& theirs : gather_rows(reducer, {largest}, width)) {
    largest = arma::max(largest, theirs);
  }
  arma::rowvec scale(width);
  for (arma::uword j = 0; j < width; ++j) {
    scale(j) = largest(j) > 0.0 ? std::exp2(std::ilogb(largest(j))) : 1.0;
  }

  // Two passes, each a sum per block: the mean, then the squared deviations
  // from it (norm_type 1: divided by n, the spread of the data actually seen).
  auto block_sums = [&](auto&& term) {
    std::vector<arma::rowvec> sums;
    for (arma::uword first = 0; first < features.n_rows; first += rows_per_block) {
      const arma::uword last = std::min(features.n_rows, first + rows_per_block) - 1;
      arma::rowvec sum(width);
      for (arma::uword j = 0; j < width; ++j) {
        const arma::vec scaled = features.col(j).rows(first, last) / scale(j);
        sum(j) = term(scaled, j);
      }
      sums.push_back(std::move(sum));
    }
    return add_in_order(gather_rows(reducer, sums, width), width);
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
