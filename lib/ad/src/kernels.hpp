// Plain-matrix math behind every op: the forward computations, and the
// first-order derivatives. Those are written once over a value type (see
// derivative_math.hpp) and call these functions by the same names as the
// Tensor ops, so on plain matrices they compute numbers. No graph here.
#pragma once

#include <armadillo>
#include <string>

#include "adtrain/ad.hpp"
#include "matrix_pool.hpp"

namespace ad::kernel {

using arma::mat;
using arma::uword;

std::string shape_string(uword rows, uword cols);
inline std::string shape_string(const mat& m) {
  return shape_string(m.n_rows, m.n_cols);
}

struct Shape {
  uword rows;
  uword cols;
  friend bool operator==(const Shape&, const Shape&) = default;
};
inline Shape shape_of(const mat& m) {
  return {m.n_rows, m.n_cols};
}
// acc += x, for a gradient summed from several consumers (same shapes).
inline void add_into(mat& acc, const mat& x) {
  acc += x;
}

// The shape both operands broadcast to; throws std::invalid_argument naming
// `op` and both shapes when there is none.
Shape broadcast_shape(const char* op, const mat& a, const mat& b);

// Applies f element by element over a and b broadcast to a common shape.
template <class F>
mat zip(const char* op, const mat& a, const mat& b, F f) {
  const Shape out_shape = broadcast_shape(op, a, b);
  mat out = detail::uninitialized_matrix(out_shape.rows, out_shape.cols);
  double* o = out.memptr();
  if (shape_of(a) == shape_of(b)) {
    const double* pa = a.memptr();
    const double* pb = b.memptr();
    for (uword k = 0; k < out.n_elem; ++k) o[k] = f(pa[k], pb[k]);
    return out;
  }
  // A dimension of size 1 repeats: step 0 along it.
  const uword a_row_step = a.n_rows == 1 ? 0 : 1;
  const uword b_row_step = b.n_rows == 1 ? 0 : 1;
  for (uword c = 0; c < out.n_cols; ++c) {
    const double* pa = a.colptr(a.n_cols == 1 ? 0 : c);
    const double* pb = b.colptr(b.n_cols == 1 ? 0 : c);
    for (uword r = 0; r < out.n_rows; ++r) *o++ = f(pa[r * a_row_step], pb[r * b_row_step]);
  }
  return out;
}

// Element-wise, broadcasting.
mat add(const mat& a, const mat& b);
mat sub(const mat& a, const mat& b);
mat mul(const mat& a, const mat& b);
mat div(const mat& a, const mat& b);

// With a plain number; each computes exactly the IEEE operation it names.
mat neg(const mat& x);
mat add(const mat& x, double c);  // x + c
mat sub(double c, const mat& x);  // c - x
mat mul(const mat& x, double c);  // x * c
mat div(const mat& x, double c);  // x / c
mat div(double c, const mat& x);  // c / x

mat exp(const mat& x);
mat log(const mat& x);
mat sin(const mat& x);
mat cos(const mat& x);
mat sqrt(const mat& x);
mat tanh(const mat& x);
mat abs(const mat& x);
mat sign(const mat& x);  // -1, 0 or 1
mat relu(const mat& x);
mat positive_mask(const mat& x);  // 1 where x > 0, else 0
mat pow(const mat& x, double exponent);
mat sigmoid(const mat& x);
mat sigmoid_derivative(const mat& x);  // sigmoid(x) sigmoid(-x), without overflow
mat log_sigmoid(const mat& x);

mat matmul(const mat& a, const mat& b);
// Products of a tall matrix (many rows, few columns: a design matrix) and a
// vector, in one pass over the matrix, blocked by rows (see kernels_matvec.cpp).
// `is_tall_times_vector` says whether a (n x k) and b (n x 1 or k x 1) are
// such a pair.
bool is_tall_times_vector(const mat& a, const mat& b);
mat tall_matrix_times_vector(const mat& a, const mat& v);             // a v
mat tall_matrix_transposed_times_vector(const mat& a, const mat& v);  // a^T v
// Without forming the transpose: a tall a^T times a vector is the one-pass
// product above; anything else goes to BLAS with the transpose flag.
mat matmul_transposed_left(const mat& a, const mat& b);   // a^T b, a k x m and b k x n
mat matmul_transposed_right(const mat& a, const mat& b);  // a b^T, a m x k and b n x k
mat transpose(const mat& x);
double dot(const mat& a, const mat& b);

mat sum(const mat& x);
mat sum(const mat& x, int dim);
mat mean(const mat& x);
mat mean(const mat& x, int dim);
void check_dim(const char* op, int dim);

mat broadcast_to(const mat& x, uword rows, uword cols);
mat sum_to(const mat& x, uword rows, uword cols);

void check_same_shape(const char* op, const mat& a, const mat& b);
mat binary_cross_entropy_with_logits(const mat& z, const mat& y, Reduction reduction);
// The loss and, from the same exp per element, the residual sigmoid(z) - y
// that the derivative needs: one pass instead of two.
struct LossWithResidual {
  mat loss;
  mat residual;
};
LossWithResidual binary_cross_entropy_with_logits_and_residual(const mat& z, const mat& y,
                                                               Reduction reduction);
// d bce / dz = g (sigmoid(z) - y) / divisor, element by element (g is 1x1 or
// the shape of z), in one pass with one exp per element.
mat binary_cross_entropy_with_logits_gradient(const mat& g, const mat& z, const mat& y,
                                              double divisor);
// The same from a saved residual: g residual / divisor, with no exp at all.
mat scale_residual(const mat& g, const mat& residual, double divisor);
void scale_residual_in_place(const mat& g, mat& residual, double divisor);
// The gradient above (the same bits) and, from the same exp per element, the
// curvature sigmoid'(z) = sigmoid(z) sigmoid(-z) that its own derivative
// needs: what a second-order pass (Hessian-vector products) reads.
struct GradientWithCurvature {
  mat gradient;
  mat curvature;
};
GradientWithCurvature binary_cross_entropy_with_logits_gradient_and_curvature(const mat& g,
                                                                              const mat& z,
                                                                              const mat& y,
                                                                              double divisor);
// grad_output g curvature / divisor, element by element (g 1x1 or the shape
// of curvature, grad_output the shape of curvature), in one pass.
mat scale_curvature(const mat& grad_output, const mat& g, const mat& curvature, double divisor);
void scale_curvature_in_place(mat& grad_output, const mat& g, const mat& curvature, double divisor);

}  // namespace ad::kernel
