// The fused binary cross-entropy with logits: its value, and the residual
// sigmoid(z) - y that its derivative scales.
#include <cmath>
#include <vector>

#include "kernels.hpp"
#include "matrix_pool.hpp"
#include "parallel.hpp"

namespace ad::kernel {

namespace {

// sigmoid(z) - y from e = exp(-|z|), evaluated as (1 - y) sigmoid(z) -
// y sigmoid(-z): equal, since sigmoid(z) + sigmoid(-z) = 1, but for y in
// {0, 1} one term vanishes exactly and the other keeps all its digits
// (sigmoid(40) - 1 would round to 0; -sigmoid(-40) is -4.2e-18). Each sigmoid
// is the value stable_sigmoid gives.
inline double residual(double z, double y, double e) {
  const double large = 1.0 / (1.0 + e), small = e / (1.0 + e);
  const double sigmoid_z = z >= 0 ? large : small;
  const double sigmoid_minus_z = z >= 0 ? small : large;
  return (1.0 - y) * sigmoid_z - y * sigmoid_minus_z;
}

// bce(z, y) = softplus(z) - y z = (max(z, 0) - y z) + log1p(exp(-|z|)). The
// first part is exact for y in {0, 1}, so the small log1p part keeps its
// digits (with z = 40, y = 1 the loss is 4.2e-18, not 0).
inline double linear_part(double z, double y) {
  return std::max(z, 0.0) - y * z;
}
// One element's loss, from e = exp(-|z|).
inline double loss_term(double z, double y, double e) {
  return linear_part(z, y) + std::log1p(e);
}

// The log1p parts of a run of elements are summed as log1p(q), where
// 1 + q = prod(1 + e_k): q grows by e (1 + q) per element, all terms positive,
// so q keeps a relative error of a few ulp per element, which log1p(q)
// carries over. One log1p per `run` elements instead of one per element: the
// log1p was the costliest call of the loop. Runs are short enough (16, so
// at most 48 ulp in the worst case, as summing 16 separate log1p terms could
// lose) that accuracy matches per-element summation, and a single element is
// exactly log1p(e). Four runs interleave to hide the multiply-add latency.
constexpr arma::uword lanes = 4;
constexpr arma::uword run = 16;

struct BlockSums {
  double linear = 0.0;
  double logs = 0.0;
};

// Sums one block; writes the residual of each element when `out` is not null.
BlockSums sum_block(const double* z, const double* y, arma::uword begin, arma::uword end,
                    double* out) {
  BlockSums sums;
  double linear[lanes] = {};
  for (arma::uword chunk = begin; chunk < end; chunk += lanes * run) {
    const arma::uword chunk_end = std::min(end, chunk + lanes * run);
    double q[lanes] = {};
    for (arma::uword k = chunk; k < chunk_end; ++k) {
      const arma::uword lane = (k - chunk) % lanes;
      const double e = std::exp(-std::abs(z[k]));
      q[lane] += e * (1.0 + q[lane]);
      linear[lane] += linear_part(z[k], y[k]);
      if (out != nullptr) out[k] = residual(z[k], y[k], e);
    }
    for (double lane_q : q) sums.logs += std::log1p(lane_q);
  }
  for (double lane_sum : linear) sums.linear += lane_sum;
  return sums;
}

// The loss summed over every element, block by block, with the residual
// written to `out` when it is not null.
double summed_loss(const mat& z, const mat& y, double* out) {
  const arma::uword n = z.n_elem;
  if (n <= detail::block_size) {  // no list of block sums to allocate
    const BlockSums sums = sum_block(z.memptr(), y.memptr(), 0, n, out);
    return sums.linear + sums.logs;
  }
  std::vector<double> block_totals(detail::block_count(n));
  detail::for_each_block(n, [&](arma::uword begin, arma::uword end, arma::uword b) {
    const BlockSums sums = sum_block(z.memptr(), y.memptr(), begin, end, out);
    block_totals[b] = sums.linear + sums.logs;
  });
  double total = 0.0;
  for (double block_total : block_totals) total += block_total;
  return total;
}

mat reduce(double total, Reduction reduction, arma::uword count) {
  return mat{reduction == Reduction::sum ? total : total / static_cast<double>(count)};
}

}  // namespace

mat binary_cross_entropy_with_logits(const mat& z, const mat& y, Reduction reduction) {
  check_same_shape("binary_cross_entropy_with_logits", z, y);
  if (reduction == Reduction::none) {
    return zip("binary_cross_entropy_with_logits", z, y, [](double logit, double target) {
      return loss_term(logit, target, std::exp(-std::abs(logit)));
    });
  }
  // Summed on the fly: a per-element loss vector would be one more large
  // temporary per step.
  return reduce(summed_loss(z, y, nullptr), reduction, z.n_elem);
}

LossWithResidual binary_cross_entropy_with_logits_and_residual(const mat& z, const mat& y,
                                                               Reduction reduction) {
  check_same_shape("binary_cross_entropy_with_logits", z, y);
  LossWithResidual result;
  result.residual = detail::uninitialized_matrix(z.n_rows, z.n_cols);
  if (reduction == Reduction::none) {
    result.loss = detail::uninitialized_matrix(z.n_rows, z.n_cols);
    double* loss = result.loss.memptr();
    double* out = result.residual.memptr();
    detail::for_each_block(z.n_elem, [&](arma::uword begin, arma::uword end, arma::uword) {
      for (arma::uword k = begin; k < end; ++k) {
        const double e = std::exp(-std::abs(z[k]));
        loss[k] = loss_term(z[k], y[k], e);
        out[k] = residual(z[k], y[k], e);
      }
    });
  } else {
    result.loss = reduce(summed_loss(z, y, result.residual.memptr()), reduction, z.n_elem);
  }
  return result;
}

mat binary_cross_entropy_with_logits_gradient(const mat& g, const mat& z, const mat& y,
                                              double divisor) {
  mat out = detail::uninitialized_matrix(z.n_rows, z.n_cols);
  const double* pg = g.memptr();
  const uword g_step = g.n_elem == 1 ? 0 : 1;
  double* o = out.memptr();
  detail::for_each_block(z.n_elem, [&](arma::uword begin, arma::uword end, arma::uword) {
    for (uword k = begin; k < end; ++k) {
      o[k] = pg[k * g_step] * residual(z[k], y[k], std::exp(-std::abs(z[k]))) / divisor;
    }
  });
  return out;
}

namespace {

// out = g residual / divisor; `out` may be `residual` itself.
void scale_residual_into(const mat& g, const mat& residual, double divisor, mat& out) {
  const double* pg = g.memptr();
  const uword g_step = g.n_elem == 1 ? 0 : 1;
  const double* r = residual.memptr();
  double* o = out.memptr();
  detail::for_each_block(residual.n_elem, [&](arma::uword begin, arma::uword end, arma::uword) {
    for (uword k = begin; k < end; ++k) o[k] = pg[k * g_step] * r[k] / divisor;
  });
}

}  // namespace

GradientWithCurvature binary_cross_entropy_with_logits_gradient_and_curvature(const mat& g,
                                                                              const mat& z,
                                                                              const mat& y,
                                                                              double divisor) {
  GradientWithCurvature result;
  result.gradient = detail::uninitialized_matrix(z.n_rows, z.n_cols);
  result.curvature = detail::uninitialized_matrix(z.n_rows, z.n_cols);
  const double* pg = g.memptr();
  const uword g_step = g.n_elem == 1 ? 0 : 1;
  double* o = result.gradient.memptr();
  double* c = result.curvature.memptr();
  detail::for_each_block(z.n_elem, [&](arma::uword begin, arma::uword end, arma::uword) {
    for (uword k = begin; k < end; ++k) {
      const double e = std::exp(-std::abs(z[k]));
      o[k] = pg[k * g_step] * residual(z[k], y[k], e) / divisor;
      // sigmoid(z) sigmoid(-z), both as residual() evaluates them
      c[k] = (1.0 / (1.0 + e)) * (e / (1.0 + e));
    }
  });
  return result;
}

mat scale_curvature(const mat& grad_output, const mat& g, const mat& curvature, double divisor) {
  mat out = detail::uninitialized_matrix(curvature.n_rows, curvature.n_cols);
  const double* pgo = grad_output.memptr();
  const double* pg = g.memptr();
  const uword g_step = g.n_elem == 1 ? 0 : 1;
  const double* c = curvature.memptr();
  double* o = out.memptr();
  detail::for_each_block(curvature.n_elem, [&](arma::uword begin, arma::uword end, arma::uword) {
    for (uword k = begin; k < end; ++k) o[k] = pgo[k] * pg[k * g_step] * c[k] / divisor;
  });
  return out;
}

mat scale_residual(const mat& g, const mat& residual, double divisor) {
  mat out = detail::uninitialized_matrix(residual.n_rows, residual.n_cols);
  scale_residual_into(g, residual, divisor, out);
  return out;
}

void scale_residual_in_place(const mat& g, mat& residual, double divisor) {
  scale_residual_into(g, residual, divisor, residual);
}

}  // namespace ad::kernel
