// A design matrix times a weight vector, and its transpose times a gradient:
// the two products of every full-batch step. BLAS's dgemv makes one pass over
// the output per column of the matrix (and reference BLAS is what Debian
// installs by default); here each block of rows is finished while it is in
// cache, so the matrix and the vectors are each read once.
#include <vector>

#include "kernels.hpp"
#include "matrix_pool.hpp"
#include "parallel.hpp"

namespace ad::kernel {

namespace {

// Wider matrices are left to BLAS, whose blocking suits them better.
constexpr uword max_tall_cols = 64;

}  // namespace

// Any height: for the 1 x 3 rows of per-sample training, a call into BLAS
// (argument checks included) cost more than the three multiplications.
bool is_tall_times_vector(const mat& a, const mat& b) {
  return a.n_cols <= max_tall_cols && b.n_cols == 1;
}

// out(i) = sum_j a(i, j) v(j), the terms added in column order, as dgemv does.
mat tall_matrix_times_vector(const mat& a, const mat& v) {
  const double* w = v.memptr();
  if (a.n_rows == 1) {  // one sample: skip the blocked loops' set-up
    double sum = a.at(0, 0) * w[0];
    for (uword j = 1; j < a.n_cols; ++j) sum += a.at(0, j) * w[j];
    return mat{sum};
  }
  mat out = detail::uninitialized_matrix(a.n_rows, 1);
  double* o = out.memptr();
  detail::for_each_block(a.n_rows, [&](uword begin, uword end, uword) {
    for (uword i = begin; i < end; ++i) o[i] = a.at(i, 0) * w[0];
    for (uword j = 1; j < a.n_cols; ++j) {
      const double* column = a.colptr(j);
      for (uword i = begin; i < end; ++i) o[i] += column[i] * w[j];
    }
  });
  return out;
}

namespace {

// sum_i x(i) y(i) over [begin, end) in four interleaved sums: a single
// running sum waits on each addition before the next (four cycles each).
double dot_range(const double* x, const double* y, uword begin, uword end) {
  double sums[4] = {};
  uword i = begin;
  for (; i + 4 <= end; i += 4) {
    for (uword lane = 0; lane < 4; ++lane) sums[lane] += x[i + lane] * y[i + lane];
  }
  for (; i < end; ++i) sums[0] += x[i] * y[i];
  return (sums[0] + sums[1]) + (sums[2] + sums[3]);
}

}  // namespace

// out(j) = sum_i a(i, j) v(i): each block's partial sums, then the blocks
// added in order. The block boundaries do not depend on the thread count, so
// neither does the result.
mat tall_matrix_transposed_times_vector(const mat& a, const mat& v) {
  const uword blocks = detail::block_count(a.n_rows);
  if (a.n_rows == 1) {  // one sample: a(0, j) v(0), no sums at all
    mat out(a.n_cols, 1, arma::fill::none);
    for (uword j = 0; j < a.n_cols; ++j) out(j) = a.at(0, j) * v(0);
    return out;
  }
  if (blocks <= 1) {  // no list of partial sums to allocate
    mat out(a.n_cols, 1, arma::fill::none);
    for (uword j = 0; j < a.n_cols; ++j) out(j) = dot_range(a.colptr(j), v.memptr(), 0, a.n_rows);
    return out;
  }
  std::vector<double> partial(blocks * a.n_cols);
  detail::for_each_block(a.n_rows, [&](uword begin, uword end, uword b) {
    for (uword j = 0; j < a.n_cols; ++j) {
      partial[b * a.n_cols + j] = dot_range(a.colptr(j), v.memptr(), begin, end);
    }
  });
  mat out(a.n_cols, 1, arma::fill::zeros);
  for (uword b = 0; b < blocks; ++b) {
    for (uword j = 0; j < a.n_cols; ++j) out(j) += partial[b * a.n_cols + j];
  }
  return out;
}

}  // namespace ad::kernel
