#include "adtrain/ml.hpp"

#include <algorithm>
#include <climits>
#include <cmath>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

namespace adtrain::ml {

namespace {

constexpr int no_exponent = INT_MIN;

// Moments in units of 2^exponent moved to units of 2^to (to >= exponent):
// multiplications by powers of two, exact unless they fall below the
// smallest double.
void rescale(double& mean, double& squares, int exponent, int to) {
  if (exponent == no_exponent || exponent == to) return;
  mean = std::ldexp(mean, exponent - to);
  squares = std::ldexp(squares, 2 * (exponent - to));
}

}  // namespace

ColumnMoments::ColumnMoments(arma::uword columns)
    : columns_(columns), current_(columns, Moments{0.0, no_exponent, 0.0, 0.0}) {
}

void ColumnMoments::add_value(Moments& m, double x) {
  if (x != 0.0) {
    const int exponent = std::ilogb(x);
    if (m.exponent == no_exponent || exponent > m.exponent) {
      rescale(m.mean, m.squares, m.exponent, exponent);
      m.exponent = exponent;
    }
  }
  const double scaled = m.exponent == no_exponent ? 0.0 : std::ldexp(x, -m.exponent);
  m.count += 1.0;
  const double delta = scaled - m.mean;
  m.mean += delta / m.count;
  m.squares += delta * (scaled - m.mean);
}

void ColumnMoments::merge(Moments& into, const Moments& next) {
  if (next.count == 0.0) return;
  if (into.count == 0.0) {
    into = next;
    return;
  }
  const int exponent = std::max(into.exponent, next.exponent);
  double next_mean = next.mean, next_squares = next.squares;
  rescale(into.mean, into.squares, into.exponent, exponent);
  rescale(next_mean, next_squares, next.exponent, exponent);
  into.exponent = exponent;
  const double count = into.count + next.count;
  const double delta = next_mean - into.mean;
  into.mean += delta * (next.count / count);
  into.squares += next_squares + delta * delta * (into.count * next.count / count);
  into.count = count;
}

void ColumnMoments::add_row(const double* row) {
  for (arma::uword j = 0; j < columns_; ++j) add_value(current_[j], row[j]);
  if (++rows_ % rows_per_block == 0) {
    finished_.insert(finished_.end(), current_.begin(), current_.end());
    std::fill(current_.begin(), current_.end(), Moments{0.0, no_exponent, 0.0, 0.0});
  }
}

void ColumnMoments::add(const arma::mat& rows) {
  if (rows.n_cols != columns_) {
    throw std::invalid_argument("moments of " + std::to_string(columns_) + " columns, rows of " +
                                std::to_string(rows.n_cols));
  }
  std::vector<double> row(columns_);
  for (arma::uword i = 0; i < rows.n_rows; ++i) {
    for (arma::uword j = 0; j < columns_; ++j) row[j] = rows(i, j);
    add_row(row.data());
  }
}

Standardization ColumnMoments::result(const Reducer& reducer) const {
  // Every block's moments, this process's in order, as numbers: count,
  // exponent, mean and squares per column.
  std::vector<double> packed;
  auto pack = [&](const std::vector<Moments>& block, std::size_t first) {
    for (arma::uword j = 0; j < columns_; ++j) {
      const Moments& m = block[first + j];
      packed.insert(packed.end(), {m.count, static_cast<double>(m.exponent), m.mean, m.squares});
    }
  };
  for (std::size_t at = 0; at < finished_.size(); at += columns_) pack(finished_, at);
  if (rows_ % rows_per_block != 0) pack(current_, 0);
  const std::vector<double> all =
      reducer.processes() > 1 ? reducer.all_gather(packed) : std::move(packed);

  std::vector<Moments> total(columns_, Moments{0.0, no_exponent, 0.0, 0.0});
  const std::size_t stride = 4 * static_cast<std::size_t>(columns_);
  for (std::size_t at = 0; stride > 0 && at + stride <= all.size(); at += stride) {
    for (arma::uword j = 0; j < columns_; ++j) {
      const double* m = all.data() + at + 4 * j;
      merge(total[j], Moments{m[0], static_cast<int>(m[1]), m[2], m[3]});
    }
  }
  Standardization s;
  s.mean.zeros(columns_);
  s.std.ones(columns_);
  for (arma::uword j = 0; j < columns_; ++j) {
    const Moments& m = total[j];
    if (m.count == 0.0 || m.exponent == no_exponent) continue;
    s.mean(j) = std::ldexp(m.mean, m.exponent);
    s.std(j) = std::ldexp(std::sqrt(std::max(m.squares, 0.0) / m.count), m.exponent);
  }
  // A constant column carries no information; dividing by 0 would turn it
  // into NaN, so leave its scale alone. So is one whose spread is below
  // what a double can divide by without overflowing the z-scores.
  s.std.transform([](double v) { return v > 0.0 && std::isnormal(v) ? v : 1.0; });
  return s;
}

Standardization Standardization::fit(const arma::mat& features, const Reducer& reducer) {
  ColumnMoments moments(features.n_cols);
  moments.add(features);
  return moments.result(reducer);
}

void Standardization::check_columns(const arma::mat& features) const {
  if (features.n_cols != mean.n_elem) {
    throw std::invalid_argument("standardization has " + std::to_string(mean.n_elem) +
                                " columns, data has " + std::to_string(features.n_cols));
  }
}

}  // namespace adtrain::ml
