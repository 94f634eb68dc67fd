// Fused losses: one op where the composed form would lose precision.
#include "adtrain/ad/grad_mode.hpp"
#include "adtrain/ad/ops.hpp"
#include "backward_context.hpp"
#include "internal_ops.hpp"
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
      // 1 r / 1 is r exactly: a summed loss's own backward() skips the pass.
      if (!(g.n_elem == 1 && g(0) == 1.0 && divisor == 1.0)) {
        kernel::scale_residual_in_place(g, *residual, divisor);
      }
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

// G g sigmoid'(z) / divisor, the part of r'z below. On matrices from the
// sigmoid'(z) its forward pass kept: one pass, no exp.
// When G is not read again it is overwritten in place (the last thing the
// op's derivative does with it).
template <class V>
V curvature_term(BackwardContext<V>& ctx, const V& G, const V& g, const V& z, double divisor) {
  if constexpr (std::is_same_v<V, arma::mat>) {
    if (const arma::mat* curvature = ctx.saved()) {
      if (arma::mat* reusable = ctx.grad_output_for_reuse()) {
        kernel::scale_curvature_in_place(*reusable, g, *curvature, divisor);
        return std::move(*reusable);
      }
      return kernel::scale_curvature(G, g, *curvature, divisor);
    }
    // Not reached today (z requiring grad means the forward pass saved it).
    return kernel::scale_curvature(G, g, kernel::sigmoid_derivative(z), divisor);
  } else {
    const Tensor scaled = G * g * (ad::sigmoid(z) * ad::sigmoid(-z));
    return divisor == 1.0 ? scaled : scaled / divisor;
  }
}

// r(g, z, y) = g (sigmoid(z) - y) / divisor, the derivative of bce by z:
// r'g = G (sigmoid(z) - y) / divisor, r'z = G g sigmoid(z) sigmoid(-z) / divisor,
// r'y = -G g / divisor. args().scalar is the divisor.
struct BceWithLogitsGradientOp {
  static constexpr const char* name = "bce_with_logits_gradient";
  template <class V>
  static void backward(BackwardContext<V>& ctx, const V& G) {
    const auto& g = ctx.input(0);
    const auto& z = ctx.input(1);
    const auto& y = ctx.input(2);
    const double divisor = ctx.args().scalar;
    if (ctx.needs(0)) ctx.accumulate(0, vm::bce_with_logits_gradient(G, z, y, divisor));
    if (ctx.needs(2)) {
      V grad = vm::neg(vm::mul(G, g));
      ctx.accumulate(2, divisor == 1.0 ? grad : vm::div_scalar(grad, divisor));
    }
    // Last, since it may take G over.
    if (ctx.needs(1)) ctx.accumulate(1, curvature_term<V>(ctx, G, g, z, divisor));
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

namespace detail {

Tensor bce_with_logits_gradient(const Tensor& g, const Tensor& z, const Tensor& y, double divisor) {
  kernel::check_same_shape("bce_with_logits_gradient", z.value(), y.value());
  if (g.size() != 1) kernel::check_same_shape("bce_with_logits_gradient", g.value(), z.value());
  const OpDef& op = op_def<BceWithLogitsGradientOp>;
  const OpArgs args{.scalar = divisor};
  if (!(grad_enabled() && z.requires_grad())) {
    return record(
        op,
        kernel::binary_cross_entropy_with_logits_gradient(g.value(), z.value(), y.value(), divisor),
        g, z, y, args);
  }
  kernel::GradientWithCurvature both =
      kernel::binary_cross_entropy_with_logits_gradient_and_curvature(g.value(), z.value(),
                                                                      y.value(), divisor);
  Tensor result = record(op, std::move(both.gradient), g, z, y, args);
  result.node()->saved = std::make_unique<arma::mat>(std::move(both.curvature));
  return result;
}

}  // namespace detail

}  // namespace ad
