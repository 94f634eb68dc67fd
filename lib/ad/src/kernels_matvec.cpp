// A design matrix times a weight vector, and its transpose times a gradient:
// the two products of every full-batch step. BLAS's dgemv makes one pass over
// the output per column of the matrix (and reference BLAS is what Debian
// installs by default); here each block of rows is finished while it is in
// cache, so the matrix and the vectors are each read once.
#include <algorithm>
#include <vector>

#include "kernels.hpp"
#include "matrix_pool.hpp"
#include "parallel.hpp"

namespace ad::kernel {

namespace {

// Wider matrices are left to BLAS, whose blocking suits them better.
constexpr uword max_tall_cols = 64;

// Columns are taken up to this many at a time in one pass over a block's
// rows: reading them side by side costs no more memory traffic than one
// column, and a column at a time made one pass over the output per column.
constexpr uword column_group = 4;

// o(i) (+)= sum_j a(i, j0 + j) w(j0 + j) for the G columns from j0, each term
// added in column order: the same operations, in the same order, as a loop
// over the columns one at a time. `first` starts o from the first product.
template <uword G>
void add_column_group(const mat& a, const double* w, uword j0, uword begin, uword end, double* o,
                      bool first) {
  const double* c[G];
  double wj[G];
  for (uword j = 0; j < G; ++j) {
    c[j] = a.colptr(j0 + j);
    wj[j] = w[j0 + j];
  }
  auto rest = [&](uword i, double sum) {
    for (uword j = 1; j < G; ++j) sum += c[j][i] * wj[j];
    return sum;
  };
  if (first) {
    for (uword i = begin; i < end; ++i) o[i] = rest(i, c[0][i] * wj[0]);
  } else {
    for (uword i = begin; i < end; ++i) o[i] = rest(i, o[i] + c[0][i] * wj[0]);
  }
}

void add_columns(const mat& a, const double* w, uword begin, uword end, double* o) {
  for (uword j0 = 0; j0 < a.n_cols; j0 += column_group) {
    const bool first = j0 == 0;
    switch (std::min(column_group, a.n_cols - j0)) {
      case 1:
        add_column_group<1>(a, w, j0, begin, end, o, first);
        break;
      case 2:
        add_column_group<2>(a, w, j0, begin, end, o, first);
        break;
      case 3:
        add_column_group<3>(a, w, j0, begin, end, o, first);
        break;
      default:
        add_column_group<4>(a, w, j0, begin, end, o, first);
        break;
    }
  }
}

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
  detail::for_each_block(a.n_rows,
                         [&](uword begin, uword end, uword) { add_columns(a, w, begin, end, o); });
  return out;
}

namespace {

// sum_i a(i, j) y(i) over [begin, end) for the G columns from j0, side by
// side in one pass. Each column in four interleaved sums (a single running
// sum waits on each addition before the next, four cycles each), combined
// as (s0 + s1) + (s2 + s3).
template <uword G>
void dot_column_group(const mat& a, const double* y, uword j0, uword begin, uword end,
                      double* out) {
  const double* c[G];
  for (uword j = 0; j < G; ++j) c[j] = a.colptr(j0 + j);
  double sums[G][4] = {};
  uword i = begin;
  for (; i + 4 <= end; i += 4) {
    for (uword j = 0; j < G; ++j) {
      for (uword lane = 0; lane < 4; ++lane) sums[j][lane] += c[j][i + lane] * y[i + lane];
    }
  }
  for (; i < end; ++i) {
    for (uword j = 0; j < G; ++j) sums[j][0] += c[j][i] * y[i];
  }
  for (uword j = 0; j < G; ++j) out[j] = (sums[j][0] + sums[j][1]) + (sums[j][2] + sums[j][3]);
}

// out(j) = sum_i a(i, j) y(i) over [begin, end) for every column.
void dot_columns(const mat& a, const double* y, uword begin, uword end, double* out) {
  for (uword j0 = 0; j0 < a.n_cols; j0 += column_group) {
    switch (std::min(column_group, a.n_cols - j0)) {
      case 1:
        dot_column_group<1>(a, y, j0, begin, end, out + j0);
        break;
      case 2:
        dot_column_group<2>(a, y, j0, begin, end, out + j0);
        break;
      case 3:
        dot_column_group<3>(a, y, j0, begin, end, out + j0);
        break;
      default:
        dot_column_group<4>(a, y, j0, begin, end, out + j0);
        break;
    }
  }
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
    dot_columns(a, v.memptr(), 0, a.n_rows, out.memptr());
    return out;
  }
  std::vector<double> partial(blocks * a.n_cols);
  detail::for_each_block(a.n_rows, [&](uword begin, uword end, uword b) {
    dot_columns(a, v.memptr(), begin, end, &partial[b * a.n_cols]);
  });
  mat out(a.n_cols, 1, arma::fill::zeros);
  for (uword b = 0; b < blocks; ++b) {
    for (uword j = 0; j < a.n_cols; ++j) out(j) += partial[b * a.n_cols + j];
  }
  return out;
}

}  // namespace ad::kernel
