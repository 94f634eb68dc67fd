// The one vocabulary every derivative is written in. An op's derivative is a
// template over the value type V and calls these names unqualified: for
// V = arma::mat they resolve to the kernels (kernels.hpp) and compute numbers;
// for V = Tensor to the differentiable ops (adtrain/ad.hpp) and build a
// graph that can be differentiated again. Both sides have the same names:
// exp, matmul, sum_to, ... Tensor needs only the few below on top of its
// public API: named forms of its operators (Armadillo's `*` on matrices is
// the matrix product, so derivatives never use operators) and two internal
// ops.
#pragma once

#include <armadillo>

#include "adtrain/ad.hpp"
#include "kernels.hpp"

namespace ad {

inline Tensor mul(const Tensor& a, const Tensor& b) {
  return a * b;
}
inline Tensor mul(const Tensor& x, double c) {
  return x * c;
}
inline Tensor div(const Tensor& a, const Tensor& b) {
  return a / b;
}
inline Tensor div(const Tensor& x, double c) {
  return x / c;
}
inline Tensor sub(double c, const Tensor& x) {
  return c - x;
}
inline Tensor neg(const Tensor& x) {
  return -x;
}
inline kernel::Shape shape_of(const Tensor& x) {
  return kernel::shape_of(x.value());
}
inline void add_into(Tensor& acc, const Tensor& x) {
  acc = acc + x;
}

// Piecewise-constant factors (of abs' and relu' derivatives): their own
// derivative is zero, so they are constants.
inline Tensor sign(const Tensor& x) {
  return constant(kernel::sign(x.value()));
}
inline Tensor positive_mask(const Tensor& x) {
  return constant(kernel::positive_mask(x.value()));
}

// g (sigmoid(z) - y) / divisor: the derivative of
// binary_cross_entropy_with_logits(z, y) by z, as one differentiable op with
// a derivative of its own (ops_loss.cpp), checked by gradcheck like any
// other. z and y have the same shape; g is 1x1 or that shape. One pass with
// one exp per element; it keeps sigmoid'(z) for its own derivative, so a
// Hessian-vector product through it computes no exp.
Tensor binary_cross_entropy_with_logits_gradient(const Tensor& g, const Tensor& z, const Tensor& y,
                                                 double divisor);

namespace detail {
// The kernels' names, visible beside the Tensor ops' in the ops' namespace.
using namespace ad::kernel;
}  // namespace detail

}  // namespace ad
