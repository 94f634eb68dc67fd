// Fused losses: one op where the composed form would lose precision.
#include <memory>

#include "adtrain/ad.hpp"
#include "backward_context.hpp"
#include "kernels.hpp"
#include "matrix_pool.hpp"

namespace ad {

namespace detail {
namespace {

// A matrix the forward pass computed anyway and the derivative reads, held
// by an op's State. Its storage goes back to the matrix pool when released.
using Saved = std::unique_ptr<arma::mat>;

void release_saved(Saved& saved) noexcept {
  if (saved) recycle(std::move(*saved));
  saved.reset();
}

// g (sigmoid(z) - y) / divisor. On matrices from the residual sigmoid(z) - y
// the forward pass saved, when it saved one (overwritten in place on its
// last use), else from z and y again; the kernels compute it the same way,
// so the gradient has the same bits either way.
arma::mat logits_gradient(const BackwardContext<arma::mat>& ctx, Saved& residual,
                          const arma::mat& g, const arma::mat& z, const arma::mat& y,
                          double divisor) {
  if (!residual) return binary_cross_entropy_with_logits_gradient(g, z, y, divisor);
  if (!ctx.last_use()) return kernel::scale_residual(g, *residual, divisor);
  // 1 r / 1 is r exactly: a summed loss's own backward() skips the pass.
  if (!(g.n_elem == 1 && g(0) == 1.0 && divisor == 1.0)) {
    kernel::scale_residual_in_place(g, *residual, divisor);
  }
  return std::move(*residual);
}
Tensor logits_gradient(const BackwardContext<Tensor>&, Saved&, const Tensor& g, const Tensor& z,
                       const Tensor& y, double divisor) {
  return binary_cross_entropy_with_logits_gradient(g, z, y, divisor);
}

// bce(z, y)'z = g (sigmoid(z) - y), bce(z, y)'y = -g z, each divided by the
// element count for the mean.
struct BinaryCrossEntropyWithLogitsOp {
  static constexpr const char* name = "binary_cross_entropy_with_logits";
  struct State {
    Reduction reduction;
    Saved residual;  // sigmoid(z) - y, when the forward pass kept it
  };
  static void release(OpState& state) noexcept {
    release_saved(state.get<State>().residual);
    std::destroy_at(&state.get<State>());
  }
  template <class V>
  static void backward(BackwardContext<V>& ctx, const V& g) {
    State& state = state_of<State>(ctx);
    const auto& z = ctx.input(0);
    const auto& y = ctx.input(1);
    const bool mean = state.reduction == Reduction::mean;
    const kernel::Shape shape = shape_of(z);
    const double count = static_cast<double>(shape.rows * shape.cols);
    if (ctx.needs(0)) {
      ctx.accumulate(0, logits_gradient(ctx, state.residual, g, z, y, mean ? count : 1.0));
    }
    if (ctx.needs(1)) {
      V grad = neg(mul(g, z));
      ctx.accumulate(1, mean ? div(grad, count) : grad);
    }
  }
};

// G g sigmoid'(z) / divisor, the part of r'z below. On matrices from the
// sigmoid'(z) its forward pass kept: one pass, no exp. When G is not read
// again it is overwritten in place (the last thing the op's derivative does
// with it).
arma::mat curvature_term(const BackwardContext<arma::mat>& ctx, const Saved& curvature,
                         const arma::mat& G, const arma::mat& g, const arma::mat& z,
                         double divisor) {
  // Not reached today (z requiring grad makes the forward pass keep it).
  if (!curvature) return kernel::scale_curvature(G, g, kernel::sigmoid_derivative(z), divisor);
  if (arma::mat* reusable = ctx.grad_output_for_reuse()) {
    kernel::scale_curvature_in_place(*reusable, g, *curvature, divisor);
    return std::move(*reusable);
  }
  return kernel::scale_curvature(G, g, *curvature, divisor);
}
Tensor curvature_term(const BackwardContext<Tensor>&, const Saved&, const Tensor& G,
                      const Tensor& g, const Tensor& z, double divisor) {
  const Tensor scaled = G * g * (sigmoid(z) * sigmoid(-z));
  return divisor == 1.0 ? scaled : scaled / divisor;
}

// r(g, z, y) = g (sigmoid(z) - y) / divisor, the derivative of bce by z:
// r'g = G (sigmoid(z) - y) / divisor, r'z = G g sigmoid(z) sigmoid(-z) / divisor,
// r'y = -G g / divisor.
struct BceWithLogitsGradientOp {
  static constexpr const char* name = "bce_with_logits_gradient";
  struct State {
    double divisor;
    Saved curvature;  // sigmoid'(z), when the forward pass kept it
  };
  static void release(OpState& state) noexcept {
    release_saved(state.get<State>().curvature);
    std::destroy_at(&state.get<State>());
  }
  template <class V>
  static void backward(BackwardContext<V>& ctx, const V& G) {
    const State& state = state_of<State>(ctx);
    const auto& g = ctx.input(0);
    const auto& z = ctx.input(1);
    const auto& y = ctx.input(2);
    const double divisor = state.divisor;
    if (ctx.needs(0)) {
      ctx.accumulate(0, binary_cross_entropy_with_logits_gradient(G, z, y, divisor));
    }
    if (ctx.needs(2)) {
      V grad = neg(mul(G, g));
      ctx.accumulate(2, divisor == 1.0 ? grad : div(grad, divisor));
    }
    // Last, since it may take G over.
    if (ctx.needs(1)) ctx.accumulate(1, curvature_term(ctx, state.curvature, G, g, z, divisor));
  }
};

// Below this many elements recomputing the residual in the backward pass
// costs less than keeping it (an allocation per step on per-sample graphs).
constexpr arma::uword min_saved_elements = 256;

}  // namespace
}  // namespace detail

Tensor binary_cross_entropy_with_logits(const Tensor& z, const Tensor& y, Reduction reduction) {
  using Op = detail::BinaryCrossEntropyWithLogitsOp;
  if (!(detail::records(z) && z.size() >= detail::min_saved_elements)) {
    return detail::record<Op>(
        kernel::binary_cross_entropy_with_logits(z.value(), y.value(), reduction),
        {.reduction = reduction, .residual = nullptr}, z, y);
  }
  kernel::LossWithResidual both =
      kernel::binary_cross_entropy_with_logits_and_residual(z.value(), y.value(), reduction);
  return detail::record<Op>(
      std::move(both.loss),
      {.reduction = reduction, .residual = std::make_unique<arma::mat>(std::move(both.residual))},
      z, y);
}

Tensor binary_cross_entropy_with_logits_gradient(const Tensor& g, const Tensor& z, const Tensor& y,
                                                 double divisor) {
  using Op = detail::BceWithLogitsGradientOp;
  kernel::check_same_shape("bce_with_logits_gradient", z.value(), y.value());
  if (g.size() != 1) kernel::check_same_shape("bce_with_logits_gradient", g.value(), z.value());
  if (!detail::records(z)) {
    return detail::record<Op>(
        kernel::binary_cross_entropy_with_logits_gradient(g.value(), z.value(), y.value(), divisor),
        {.divisor = divisor, .curvature = nullptr}, g, z, y);
  }
  kernel::GradientWithCurvature both =
      kernel::binary_cross_entropy_with_logits_gradient_and_curvature(g.value(), z.value(),
                                                                      y.value(), divisor);
  return detail::record<Op>(
      std::move(both.gradient),
      {.divisor = divisor, .curvature = std::make_unique<arma::mat>(std::move(both.curvature))}, g,
      z, y);
}

}  // namespace ad
