// Fused losses: one op where the composed form would lose precision.
#include "adtrain/ad/grad_mode.hpp"
#include "adtrain/ad/ops.hpp"
#include "backward_context.hpp"
#include "kernels.hpp"

namespace ad {

namespace detail {
namespace {

// g (sigmoid(z) - y) / divisor. The residual sigmoid(z) - y comes from the
// forward pass when it saved one (see below; overwritten in place on its last
// use), else from z and y again; the kernels compute it the same way, so the
// gradient has the same bits either way.
template <class V>
V logits_gradient(BackwardContext<V>& ctx, const V& g, const V& z, const V& y, double divisor) {
  if constexpr (std::is_same_v<V, arma::mat>) {
    if (arma::mat* residual = ctx.saved_for_reuse()) {
      kernel::scale_residual_in_place(g, *residual, divisor);
      return std::move(*residual);
    }
    if (const arma::mat* residual = ctx.saved()) {
      return kernel::scale_residual(g, *residual, divisor);
    }
  }
  return vm::bce_with_logits_gradient(g, z, y, divisor);
}

// bce(z, y)'z = g (sigmoid(z) - y), bce(z, y)'y = -g z, each divided by the
// element count for the mean.
struct BinaryCrossEntropyWithLogitsOp {
  static constexpr const char* name = "binary_cross_entropy_with_logits";
  template <class V>
  static void backward(BackwardContext<V>& ctx, const V& g) {
    const auto& z = ctx.input(0);
    const auto& y = ctx.input(1);
    const bool mean = ctx.args().reduction == Reduction::mean;
    const double count = static_cast<double>(vm::rows(z) * vm::cols(z));
    if (ctx.needs(0)) ctx.accumulate(0, logits_gradient<V>(ctx, g, z, y, mean ? count : 1.0));
    if (ctx.needs(1)) {
      V grad = vm::neg(vm::mul(g, z));
      ctx.accumulate(1, mean ? vm::div_scalar(grad, count) : grad);
    }
  }
};

// Below this many elements recomputing the residual in the backward pass
// costs less than keeping it (an allocation per step on per-sample graphs).
constexpr arma::uword min_saved_elements = 256;

}  // namespace
}  // namespace detail

Tensor binary_cross_entropy_with_logits(const Tensor& z, const Tensor& y, Reduction reduction) {
  const detail::OpDef& op = detail::op_def<detail::BinaryCrossEntropyWithLogitsOp>;
  const detail::OpArgs args{.reduction = reduction};
  if (!(grad_enabled() && z.requires_grad() && z.size() >= detail::min_saved_elements)) {
    return detail::record(
        op, kernel::binary_cross_entropy_with_logits(z.value(), y.value(), reduction), z, y, args);
  }
  kernel::LossWithResidual both =
      kernel::binary_cross_entropy_with_logits_and_residual(z.value(), y.value(), reduction);
  Tensor loss = detail::record(op, std::move(both.loss), z, y, args);
  loss.node()->saved = std::make_unique<arma::mat>(std::move(both.residual));
  return loss;
}

}  // namespace ad
