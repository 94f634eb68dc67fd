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

// exp(-|z|) of up to `chunk` elements, with libm's exp, into a buffer: the
// calls cannot be vectorised, everything after them can. Loops over the
// buffer then use SIMD for the divisions of the residual without changing a
// single operation, so the results are the same bits as element by element.
constexpr arma::uword chunk = lanes * run;
inline void exp_minus_abs(const double* z, arma::uword count, double* e) {
  for (arma::uword k = 0; k < count; ++k) e[k] = std::exp(-std::abs(z[k]));
}

// Calls f(first, count, e) for consecutive runs of at most `chunk` elements
// of [begin, end), with e[k] = exp(-|z[first + k]|).
template <class F>
void with_exps(const double* z, arma::uword begin, arma::uword end, F&& f) {
  double e[chunk];
  for (arma::uword first = begin; first < end; first += chunk) {
    const arma::uword count = std::min(end - first, chunk);
    exp_minus_abs(z + first, count, e);
    f(first, count, static_cast<const double*>(e));
  }
}

// Calls f(k, g_k) for k in [first, first + count), g being 1x1 or one value
// per element: two loops, so that the common 1x1 case vectorises.
template <class F>
void with_gradient(const mat& g, arma::uword first, arma::uword count, F&& f) {
  const double* pg = g.memptr();
  if (g.n_elem == 1) {
    const double g0 = pg[0];
    for (arma::uword k = first; k < first + count; ++k) f(k, g0);
  } else {
    for (arma::uword k = first; k < first + count; ++k) f(k, pg[k]);
  }
}

// Sums one block; writes the residual of each element when `out` is not null.
BlockSums sum_block(const double* z, const double* y, arma::uword begin, arma::uword end,
                    double* out) {
  BlockSums sums;
  double linear[lanes] = {};
  for (arma::uword first = begin; first < end; first += chunk) {
    const arma::uword count = std::min(end - first, chunk);
    const double* zc = z + first;
    const double* yc = y + first;
    double e[chunk];
    exp_minus_abs(zc, count, e);
    double q[lanes] = {};
    if (count == chunk) {  // whole chunk: lane-major loops that vectorise
      for (arma::uword r = 0; r < run; ++r) {
        for (arma::uword lane = 0; lane < lanes; ++lane) {
          const arma::uword k = r * lanes + lane;
          q[lane] += e[k] * (1.0 + q[lane]);
          linear[lane] += linear_part(zc[k], yc[k]);
        }
      }
      if (out != nullptr) {
        for (arma::uword k = 0; k < chunk; ++k) out[first + k] = residual(zc[k], yc[k], e[k]);
      }
    } else {
      for (arma::uword k = 0; k < count; ++k) {
        const arma::uword lane = k % lanes;
        q[lane] += e[k] * (1.0 + q[lane]);
        linear[lane] += linear_part(zc[k], yc[k]);
        if (out != nullptr) out[first + k] = residual(zc[k], yc[k], e[k]);
      }
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
    const double* pz = z.memptr();
    const double* py = y.memptr();
    detail::for_each_block(z.n_elem, [&](arma::uword begin, arma::uword end, arma::uword) {
      with_exps(pz, begin, end, [&](arma::uword first, arma::uword count, const double* e) {
        for (arma::uword k = 0; k < count; ++k) {
          loss[first + k] = loss_term(pz[first + k], py[first + k], e[k]);
          out[first + k] = residual(pz[first + k], py[first + k], e[k]);
        }
      });
    });
  } else {
    result.loss = reduce(summed_loss(z, y, result.residual.memptr()), reduction, z.n_elem);
  }
  return result;
}

mat binary_cross_entropy_with_logits_gradient(const mat& g, const mat& z, const mat& y,
                                              double divisor) {
  mat out = detail::uninitialized_matrix(z.n_rows, z.n_cols);
  const double* pz = z.memptr();
  const double* py = y.memptr();
  double* o = out.memptr();
  detail::for_each_block(z.n_elem, [&](arma::uword begin, arma::uword end, arma::uword) {
    with_exps(pz, begin, end, [&](arma::uword first, arma::uword count, const double* e) {
      with_gradient(g, first, count, [&](arma::uword k, double gk) {
        o[k] = gk * residual(pz[k], py[k], e[k - first]) / divisor;
      });
    });
  });
  return out;
}

namespace {

// out = g residual / divisor; `out` may be `residual` itself.
void scale_residual_into(const mat& g, const mat& residual, double divisor, mat& out) {
  const double* r = residual.memptr();
  double* o = out.memptr();
  detail::for_each_block(residual.n_elem, [&](arma::uword begin, arma::uword end, arma::uword) {
    with_gradient(g, begin, end - begin,
                  [&](arma::uword k, double gk) { o[k] = gk * r[k] / divisor; });
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
  const double* pz = z.memptr();
  const double* py = y.memptr();
  double* o = result.gradient.memptr();
  double* c = result.curvature.memptr();
  detail::for_each_block(z.n_elem, [&](arma::uword begin, arma::uword end, arma::uword) {
    with_exps(pz, begin, end, [&](arma::uword first, arma::uword count, const double* e) {
      with_gradient(g, first, count, [&](arma::uword k, double gk) {
        const double ek = e[k - first];
        o[k] = gk * residual(pz[k], py[k], ek) / divisor;
        // sigmoid(z) sigmoid(-z), both as residual() evaluates them
        c[k] = (1.0 / (1.0 + ek)) * (ek / (1.0 + ek));
      });
    });
  });
  return result;
}

namespace {

// out = grad_output g curvature / divisor; `out` may be `grad_output` itself.
void scale_curvature_into(const mat& grad_output, const mat& g, const mat& curvature,
                          double divisor, mat& out) {
  const double* pgo = grad_output.memptr();
  const double* c = curvature.memptr();
  double* o = out.memptr();
  detail::for_each_block(curvature.n_elem, [&](arma::uword begin, arma::uword end, arma::uword) {
    with_gradient(g, begin, end - begin,
                  [&](arma::uword k, double gk) { o[k] = pgo[k] * gk * c[k] / divisor; });
  });
}

}  // namespace

mat scale_curvature(const mat& grad_output, const mat& g, const mat& curvature, double divisor) {
  mat out = detail::uninitialized_matrix(curvature.n_rows, curvature.n_cols);
  scale_curvature_into(grad_output, g, curvature, divisor, out);
  return out;
}

void scale_curvature_in_place(mat& grad_output, const mat& g, const mat& curvature,
                              double divisor) {
  scale_curvature_into(grad_output, g, curvature, divisor, grad_output);
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
