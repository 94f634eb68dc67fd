// Differentiable operations on Tensors.
//
// Element-wise binary ops broadcast: shapes are compatible when, in each
// dimension, they are equal or one of them is 1 (so a 1x1 tensor combines
// with any shape, a 1xn row or an mx1 column with an m x n matrix). The
// gradient of a broadcast input is summed back to that input's own shape.
// Incompatible shapes throw std::invalid_argument naming the op and both shapes.
#pragma once

#include "adtrain/ad/tensor.hpp"

namespace ad {

// --- Element-wise arithmetic (tensor or plain number on either side) -------
Tensor operator+(const Tensor& a, const Tensor& b);
Tensor operator-(const Tensor& a, const Tensor& b);
Tensor operator*(const Tensor& a, const Tensor& b);
Tensor operator/(const Tensor& a, const Tensor& b);
Tensor operator-(const Tensor& a);

Tensor operator+(const Tensor& a, double b);
Tensor operator+(double a, const Tensor& b);
Tensor operator-(const Tensor& a, double b);
Tensor operator-(double a, const Tensor& b);
Tensor operator*(const Tensor& a, double b);
Tensor operator*(double a, const Tensor& b);
Tensor operator/(const Tensor& a, double b);
Tensor operator/(double a, const Tensor& b);

// --- Element-wise functions -------------------------------------------------
Tensor exp(const Tensor& x);
Tensor log(const Tensor& x);
Tensor sin(const Tensor& x);
Tensor cos(const Tensor& x);
Tensor sqrt(const Tensor& x);
Tensor tanh(const Tensor& x);
Tensor abs(const Tensor& x);   // gradient 0 at x = 0
Tensor relu(const Tensor& x);  // gradient 0 at x = 0
Tensor pow(const Tensor& x, double exponent);
Tensor sigmoid(const Tensor& x);  // 1 / (1 + e^-x), without overflow for any x

// --- Linear algebra ---------------------------------------------------------
Tensor matmul(const Tensor& a, const Tensor& b);  // (m x k) * (k x n)
// a^T b and a b^T without forming either transpose: for a tall a (a design
// matrix) a^T b reads a once, in place. Their derivatives, and matmul's, are
// products of these three kinds again, so gradients of any order never copy
// an operand into its transpose.
Tensor matmul_transposed_left(const Tensor& a, const Tensor& b);   // a^T b: (k x m)^T * (k x n)
Tensor matmul_transposed_right(const Tensor& a, const Tensor& b);  // a b^T: (m x k) * (n x k)^T
Tensor transpose(const Tensor& x);
Tensor dot(const Tensor& a, const Tensor& b);  // same shapes; 1x1 sum of a*b

// --- Reductions ---------------------------------------------------------------
// Whole tensor -> 1x1. Along a dimension, as in Armadillo: dim 0 reduces each
// column (giving 1 x n), dim 1 reduces each row (giving m x 1).
Tensor sum(const Tensor& x);
Tensor sum(const Tensor& x, int dim);
Tensor mean(const Tensor& x);
Tensor mean(const Tensor& x, int dim);

// --- Shape ----------------------------------------------------------------------
// Repeats x to rows x cols under the broadcasting rule; its gradient sums back.
Tensor broadcast_to(const Tensor& x, arma::uword rows, arma::uword cols);
// Sums x down to rows x cols (the reverse of broadcast_to).
Tensor sum_to(const Tensor& x, arma::uword rows, arma::uword cols);

// --- Fused, numerically stable ops ---------------------------------------------
// log(sigmoid(z)) = -log(1 + e^-z), finite for every finite z.
Tensor log_sigmoid(const Tensor& z);

enum class Reduction { mean, sum, none };

// Binary cross-entropy of probabilities sigmoid(z) against targets y (same
// shape as z, usually 0 or 1), computed from the logits z directly:
//   loss = max(z, 0) - y z + log(1 + e^-|z|)
// Finite for every finite z, with gradient sigmoid(z) - y exact to rounding.
Tensor binary_cross_entropy_with_logits(const Tensor& z, const Tensor& y,
                                        Reduction reduction = Reduction::mean);

}  // namespace ad
