// Fused losses: one op where the composed form would lose precision.
#include "adtrain/ad/ops.hpp"
#include "backward_context.hpp"

namespace ad {

namespace detail {
namespace {

// bce(z, y)'z = g (sigmoid(z) - y), bce(z, y)'y = -g z, each divided by the
// element count for the mean. sigmoid(z) - y is evaluated as
// (1 - y) sigmoid(z) - y sigmoid(-z): equal, since sigmoid(z) + sigmoid(-z) = 1,
// but for y in {0, 1} one term vanishes exactly and the other keeps all its
// digits (sigmoid(40) - 1 would round to 0; -sigmoid(-40) is -4.2e-18).
struct BinaryCrossEntropyWithLogitsOp {
  static constexpr const char* name = "binary_cross_entropy_with_logits";
  template <class V>
  static void backward(BackwardContext<V>& ctx, const V& g) {
    const auto& z = ctx.input(0);
    const auto& y = ctx.input(1);
    const bool mean = ctx.args().reduction == Reduction::mean;
    const double count = static_cast<double>(vm::rows(z) * vm::cols(z));
    auto finish = [&](V grad) { return mean ? vm::div_scalar(grad, count) : grad; };
    if (ctx.needs(0)) ctx.accumulate(0, vm::bce_with_logits_gradient(g, z, y, mean ? count : 1.0));
    if (ctx.needs(1)) ctx.accumulate(1, finish(vm::neg(vm::mul(g, z))));
  }
};

}  // namespace
}  // namespace detail

Tensor binary_cross_entropy_with_logits(const Tensor& z, const Tensor& y, Reduction reduction) {
  return detail::record(detail::op_def<detail::BinaryCrossEntropyWithLogitsOp>,
                        kernel::binary_cross_entropy_with_logits(z.value(), y.value(), reduction),
                        z, y, {.reduction = reduction});
}

}  // namespace ad
