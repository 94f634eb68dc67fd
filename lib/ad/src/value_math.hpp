// One vocabulary of math for two value types, so each derivative is written
// once: on plain matrices it computes numbers (first order); on Tensors it
// builds a graph that can be differentiated again. Always call these with the
// `vm::` prefix: qualified names keep Armadillo's own overloads out.
#pragma once

#include <armadillo>

#include "adtrain/ad/ops.hpp"
#include "internal_ops.hpp"
#include "kernels.hpp"

namespace ad::detail::vm {

using arma::mat;
using arma::uword;

// --- Plain matrices ----------------------------------------------------------
inline uword rows(const mat& x) {
  return x.n_rows;
}
inline uword cols(const mat& x) {
  return x.n_cols;
}
inline void add_into(mat& acc, const mat& x) {
  acc += x;
}

inline mat add(const mat& a, const mat& b) {
  return kernel::add(a, b);
}
inline mat sub(const mat& a, const mat& b) {
  return kernel::sub(a, b);
}
inline mat mul(const mat& a, const mat& b) {
  return kernel::mul(a, b);
}
inline mat div(const mat& a, const mat& b) {
  return kernel::div(a, b);
}
inline mat neg(const mat& x) {
  return kernel::neg(x);
}
inline mat mul_scalar(const mat& x, double c) {
  return kernel::mul_scalar(x, c);
}
inline mat div_scalar(const mat& x, double c) {
  return kernel::div_scalar(x, c);
}
inline mat rsub_scalar(double c, const mat& x) {
  return kernel::rsub_scalar(c, x);
}
inline mat sin(const mat& x) {
  return kernel::sin(x);
}
inline mat cos(const mat& x) {
  return kernel::cos(x);
}
inline mat pow(const mat& x, double p) {
  return kernel::pow(x, p);
}
inline mat sigmoid(const mat& x) {
  return kernel::sigmoid(x);
}
inline mat sign(const mat& x) {
  return kernel::sign(x);
}
inline mat positive_mask(const mat& x) {
  return kernel::positive_mask(x);
}
inline mat matmul(const mat& a, const mat& b) {
  return kernel::matmul(a, b);
}
inline mat matmul_transposed_left(const mat& a, const mat& b) {
  return kernel::matmul_transposed_left(a, b);
}
inline mat matmul_transposed_right(const mat& a, const mat& b) {
  return kernel::matmul_transposed_right(a, b);
}
inline mat transpose(const mat& x) {
  return kernel::transpose(x);
}
inline mat broadcast_to(const mat& x, uword r, uword c) {
  return kernel::broadcast_to(x, r, c);
}
inline mat sum_to(const mat& x, uword r, uword c) {
  return kernel::sum_to(x, r, c);
}
inline mat bce_with_logits_gradient(const mat& g, const mat& z, const mat& y, double divisor) {
  return kernel::binary_cross_entropy_with_logits_gradient(g, z, y, divisor);
}

// --- Tensors ---------------------------------------------------------------------
inline uword rows(const Tensor& x) {
  return x.rows();
}
inline uword cols(const Tensor& x) {
  return x.cols();
}
inline void add_into(Tensor& acc, const Tensor& x) {
  acc = acc + x;
}

inline Tensor add(const Tensor& a, const Tensor& b) {
  return a + b;
}
inline Tensor sub(const Tensor& a, const Tensor& b) {
  return a - b;
}
inline Tensor mul(const Tensor& a, const Tensor& b) {
  return a * b;
}
inline Tensor div(const Tensor& a, const Tensor& b) {
  return a / b;
}
inline Tensor neg(const Tensor& x) {
  return -x;
}
inline Tensor mul_scalar(const Tensor& x, double c) {
  return x * c;
}
inline Tensor div_scalar(const Tensor& x, double c) {
  return x / c;
}
inline Tensor rsub_scalar(double c, const Tensor& x) {
  return c - x;
}
inline Tensor sin(const Tensor& x) {
  return ad::sin(x);
}
inline Tensor cos(const Tensor& x) {
  return ad::cos(x);
}
inline Tensor pow(const Tensor& x, double p) {
  return ad::pow(x, p);
}
inline Tensor sigmoid(const Tensor& x) {
  return ad::sigmoid(x);
}
// Piecewise-constant factors: their own derivative is zero, so constants.
inline Tensor sign(const Tensor& x) {
  return constant(kernel::sign(x.value()));
}
inline Tensor positive_mask(const Tensor& x) {
  return constant(kernel::positive_mask(x.value()));
}
inline Tensor matmul(const Tensor& a, const Tensor& b) {
  return ad::matmul(a, b);
}
inline Tensor matmul_transposed_left(const Tensor& a, const Tensor& b) {
  return ad::matmul_transposed_left(a, b);
}
inline Tensor matmul_transposed_right(const Tensor& a, const Tensor& b) {
  return ad::matmul_transposed_right(a, b);
}
inline Tensor transpose(const Tensor& x) {
  return ad::transpose(x);
}
inline Tensor broadcast_to(const Tensor& x, uword r, uword c) {
  return ad::broadcast_to(x, r, c);
}
inline Tensor sum_to(const Tensor& x, uword r, uword c) {
  return ad::sum_to(x, r, c);
}
// g (sigmoid(z) - y) / divisor as one differentiable op: the same numbers
// as the matrix kernel, in one pass (ops_loss.cpp).
inline Tensor bce_with_logits_gradient(const Tensor& g, const Tensor& z, const Tensor& y,
                                       double divisor) {
  return detail::bce_with_logits_gradient(g, z, y, divisor);
}

}  // namespace ad::detail::vm
