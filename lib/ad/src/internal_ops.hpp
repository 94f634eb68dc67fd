// Differentiable ops that only the library's derivatives record: not part of
// the public API, but ops like any other (a derivative of their own, checked
// by gradcheck in tests/lib/ad).
#pragma once

#include "adtrain/ad/tensor.hpp"

namespace ad::detail {

// g (sigmoid(z) - y) / divisor: the derivative of
// binary_cross_entropy_with_logits(z, y) by z, as a tensor, for gradients
// with create_graph. z and y have the same shape; g is 1x1 or that shape.
// One pass with one exp per element; it keeps sigmoid'(z) for its own
// derivative, so a Hessian-vector product through it computes no exp.
Tensor bce_with_logits_gradient(const Tensor& g, const Tensor& z, const Tensor& y, double divisor);

}  // namespace ad::detail
