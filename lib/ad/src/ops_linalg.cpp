// Matrix products and transposition. g is the gradient arriving from the output.
//
// The three products a b, a^T b and a b^T differentiate into one another, so
// a differentiable gradient (create_graph) never transposes an operand: with
// a design matrix X of a million rows, matmul(transpose(X), g) copied all of
// X for every gradient built for Hessian-vector products.
#include "adtrain/ad.hpp"
#include "backward_context.hpp"

namespace ad {

namespace detail {
namespace {

// (a b)'a = g b^T, (a b)'b = a^T g
struct MatmulOp {
  static constexpr const char* name = "matmul";
  template <class V>
  static void backward(BackwardContext<V>& ctx, const V& g) {
    if (ctx.needs(0)) ctx.accumulate(0, matmul_transposed_right(g, ctx.input(1)));
    if (ctx.needs(1)) ctx.accumulate(1, matmul_transposed_left(ctx.input(0), g));
  }
};

// (a^T b)'a = b g^T, (a^T b)'b = a g
struct MatmulTransposedLeftOp {
  static constexpr const char* name = "matmul_transposed_left";
  template <class V>
  static void backward(BackwardContext<V>& ctx, const V& g) {
    if (ctx.needs(0)) ctx.accumulate(0, matmul_transposed_right(ctx.input(1), g));
    if (ctx.needs(1)) ctx.accumulate(1, matmul(ctx.input(0), g));
  }
};

// (a b^T)'a = g b, (a b^T)'b = g^T a
struct MatmulTransposedRightOp {
  static constexpr const char* name = "matmul_transposed_right";
  template <class V>
  static void backward(BackwardContext<V>& ctx, const V& g) {
    if (ctx.needs(0)) ctx.accumulate(0, matmul(g, ctx.input(1)));
    if (ctx.needs(1)) ctx.accumulate(1, matmul_transposed_left(g, ctx.input(0)));
  }
};

// (x^T)' = g^T
struct TransposeOp {
  static constexpr const char* name = "transpose";
  template <class V>
  static void backward(BackwardContext<V>& ctx, const V& g) {
    ctx.accumulate(0, transpose(g));
  }
};

// dot(a, b)'a = g b, dot(a, b)'b = g a, with g 1x1
struct DotOp {
  static constexpr const char* name = "dot";
  template <class V>
  static void backward(BackwardContext<V>& ctx, const V& g) {
    if (ctx.needs(0)) ctx.accumulate(0, mul(g, ctx.input(1)));
    if (ctx.needs(1)) ctx.accumulate(1, mul(g, ctx.input(0)));
  }
};

}  // namespace
}  // namespace detail

using detail::record;

Tensor matmul(const Tensor& a, const Tensor& b) {
  return record<detail::MatmulOp>(kernel::matmul(a.value(), b.value()), a, b);
}
Tensor matmul_transposed_left(const Tensor& a, const Tensor& b) {
  return record<detail::MatmulTransposedLeftOp>(
      kernel::matmul_transposed_left(a.value(), b.value()), a, b);
}
Tensor matmul_transposed_right(const Tensor& a, const Tensor& b) {
  return record<detail::MatmulTransposedRightOp>(
      kernel::matmul_transposed_right(a.value(), b.value()), a, b);
}
Tensor transpose(const Tensor& x) {
  return record<detail::TransposeOp>(kernel::transpose(x.value()), x);
}
Tensor dot(const Tensor& a, const Tensor& b) {
  return record<detail::DotOp>(arma::mat{kernel::dot(a.value(), b.value())}, a, b);
}

}  // namespace ad
