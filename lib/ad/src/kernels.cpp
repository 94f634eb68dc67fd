#include "kernels.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace ad::kernel {

namespace {

template <class F>
mat map(const mat& x, F f) {
  mat out = detail::uninitialized_matrix(x.n_rows, x.n_cols);
  const double* in = x.memptr();
  double* o = out.memptr();
  for (uword k = 0; k < x.n_elem; ++k) o[k] = f(in[k]);
  return out;
}

// Either form alone overflows for large |x|: e^-x for very negative x, and
// 1 - e^x loses all digits for very positive x.
double stable_sigmoid(double x) {
  if (x >= 0) return 1.0 / (1.0 + std::exp(-x));
  const double e = std::exp(x);
  return e / (1.0 + e);
}

// log(1 + e^x) without overflow: max(x, 0) + log1p(e^-|x|).
double softplus(double x) {
  return std::max(x, 0.0) + std::log1p(std::exp(-std::abs(x)));
}

}  // namespace

std::string shape_string(uword rows, uword cols) {
  return std::to_string(rows) + "x" + std::to_string(cols);
}

Shape broadcast_shape(const char* op, const mat& a, const mat& b) {
  auto combine = [&](uword x, uword y) {
    if (x == y || y == 1) return x;
    if (x == 1) return y;
    throw std::invalid_argument(std::string(op) + ": shapes " + shape_string(a) + " and " +
                                shape_string(b) + " cannot be broadcast together");
  };
  const uword rows = combine(a.n_rows, b.n_rows);
  const uword cols = combine(a.n_cols, b.n_cols);
  return {rows, cols};
}

mat add(const mat& a, const mat& b) {
  return zip("add", a, b, [](double x, double y) { return x + y; });
}
mat sub(const mat& a, const mat& b) {
  return zip("sub", a, b, [](double x, double y) { return x - y; });
}
mat mul(const mat& a, const mat& b) {
  return zip("mul", a, b, [](double x, double y) { return x * y; });
}
mat div(const mat& a, const mat& b) {
  return zip("div", a, b, [](double x, double y) { return x / y; });
}

mat neg(const mat& x) {
  return map(x, [](double v) { return -v; });
}
mat add(const mat& x, double c) {
  return map(x, [c](double v) { return v + c; });
}
mat sub(double c, const mat& x) {
  return map(x, [c](double v) { return c - v; });
}
mat mul(const mat& x, double c) {
  return map(x, [c](double v) { return v * c; });
}
mat div(const mat& x, double c) {
  return map(x, [c](double v) { return v / c; });
}
mat div(double c, const mat& x) {
  return map(x, [c](double v) { return c / v; });
}

mat exp(const mat& x) {
  return map(x, [](double v) { return std::exp(v); });
}
mat log(const mat& x) {
  return map(x, [](double v) { return std::log(v); });
}
mat sin(const mat& x) {
  return map(x, [](double v) { return std::sin(v); });
}
mat cos(const mat& x) {
  return map(x, [](double v) { return std::cos(v); });
}
mat sqrt(const mat& x) {
  return map(x, [](double v) { return std::sqrt(v); });
}
mat tanh(const mat& x) {
  return map(x, [](double v) { return std::tanh(v); });
}
mat abs(const mat& x) {
  return map(x, [](double v) { return std::abs(v); });
}
mat sign(const mat& x) {
  return map(x, [](double v) { return v > 0 ? 1.0 : (v < 0 ? -1.0 : 0.0); });
}
// `v < 0 ? 0 : v` rather than max(v, 0) so that NaN propagates.
mat relu(const mat& x) {
  return map(x, [](double v) { return v < 0 ? 0.0 : v; });
}
mat positive_mask(const mat& x) {
  return map(x, [](double v) { return v > 0 ? 1.0 : 0.0; });
}
mat pow(const mat& x, double exponent) {
  return map(x, [exponent](double v) { return std::pow(v, exponent); });
}
mat sigmoid(const mat& x) {
  return map(x, stable_sigmoid);
}
mat sigmoid_derivative(const mat& x) {
  return map(x, [](double v) {
    const double e = std::exp(-std::abs(v));
    return (1.0 / (1.0 + e)) * (e / (1.0 + e));
  });
}
mat log_sigmoid(const mat& x) {
  return map(x, [](double v) { return -softplus(-v); });
}

mat matmul(const mat& a, const mat& b) {
  if (a.n_cols != b.n_rows) {
    throw std::invalid_argument("matmul: inner dimensions differ: " + shape_string(a) + " and " +
                                shape_string(b));
  }
  if (is_tall_times_vector(a, b)) return tall_matrix_times_vector(a, b);
  return a * b;
}
// Armadillo hands a.t() * b and a * b.t() to BLAS with a transpose flag: no
// transposed copy of either operand is made.
mat matmul_transposed_left(const mat& a, const mat& b) {
  if (a.n_rows != b.n_rows) {
    throw std::invalid_argument("matmul_transposed_left: a^T b needs as many rows in a as in b: " +
                                shape_string(a) + " and " + shape_string(b));
  }
  if (is_tall_times_vector(a, b)) return tall_matrix_transposed_times_vector(a, b);
  return a.t() * b;
}
mat matmul_transposed_right(const mat& a, const mat& b) {
  if (a.n_cols != b.n_cols) {
    throw std::invalid_argument(
        "matmul_transposed_right: a b^T needs as many columns in a as in b: " + shape_string(a) +
        " and " + shape_string(b));
  }
  return a * b.t();
}
mat transpose(const mat& x) {
  return x.t();
}

void check_same_shape(const char* op, const mat& a, const mat& b) {
  if (a.n_rows != b.n_rows || a.n_cols != b.n_cols) {
    throw std::invalid_argument(std::string(op) + ": shapes " + shape_string(a) + " and " +
                                shape_string(b) + " must be equal");
  }
}

double dot(const mat& a, const mat& b) {
  check_same_shape("dot", a, b);
  return arma::accu(a % b);
}

void check_dim(const char* op, int dim) {
  if (dim != 0 && dim != 1) {
    throw std::invalid_argument(std::string(op) +
                                ": dim must be 0 (down columns) or 1 (along rows), got " +
                                std::to_string(dim));
  }
}

mat sum(const mat& x) {
  return mat{arma::accu(x)};
}
mat sum(const mat& x, int dim) {
  check_dim("sum", dim);
  return arma::sum(x, static_cast<uword>(dim));
}
mat mean(const mat& x) {
  return mat{arma::accu(x) / static_cast<double>(x.n_elem)};
}
mat mean(const mat& x, int dim) {
  check_dim("mean", dim);
  const double count = static_cast<double>(dim == 0 ? x.n_rows : x.n_cols);
  return arma::sum(x, static_cast<uword>(dim)) / count;
}

mat broadcast_to(const mat& x, uword rows, uword cols) {
  const bool rows_ok = x.n_rows == rows || x.n_rows == 1;
  const bool cols_ok = x.n_cols == cols || x.n_cols == 1;
  if (!rows_ok || !cols_ok) {
    throw std::invalid_argument("broadcast_to: cannot broadcast " + shape_string(x) + " to " +
                                shape_string(rows, cols));
  }
  if (x.n_rows == rows && x.n_cols == cols) return x;
  // Direct fills: arma::repmat copies element by element and took ~25 ms to
  // repeat one number a million times (the gradient of a sum or mean).
  mat out = detail::uninitialized_matrix(rows, cols);
  if (x.n_elem == 1) {
    out.fill(x(0));
  } else if (x.n_rows == 1) {
    for (uword c = 0; c < cols; ++c) out.col(c).fill(x(0, x.n_cols == 1 ? 0 : c));
  } else {
    for (uword c = 0; c < cols; ++c) out.col(c) = x.col(x.n_cols == 1 ? 0 : c);
  }
  return out;
}

mat sum_to(const mat& x, uword rows, uword cols) {
  const bool rows_ok = x.n_rows == rows || rows == 1;
  const bool cols_ok = x.n_cols == cols || cols == 1;
  if (!rows_ok || !cols_ok) {
    throw std::invalid_argument("sum_to: cannot sum " + shape_string(x) + " down to " +
                                shape_string(rows, cols));
  }
  if (x.n_rows == rows && x.n_cols == cols) return x;
  if (x.n_rows != rows && x.n_cols != cols) return mat{arma::accu(x)};
  if (x.n_rows != rows) return arma::sum(x, 0);
  return arma::sum(x, 1);
}

}  // namespace ad::kernel
