// Element-wise functions. Each op's comment states its derivative; g is the
// gradient arriving from the output, y the output itself.
#include "adtrain/ad.hpp"
#include "backward_context.hpp"

namespace ad {

namespace detail {
namespace {

// exp(x)' = g y
struct ExpOp {
  static constexpr const char* name = "exp";
  template <class V>
  static void backward(BackwardContext<V>& ctx, const V& g) {
    ctx.accumulate(0, mul(g, ctx.output()));
  }
};

// log(x)' = g / x
struct LogOp {
  static constexpr const char* name = "log";
  template <class V>
  static void backward(BackwardContext<V>& ctx, const V& g) {
    ctx.accumulate(0, div(g, ctx.input(0)));
  }
};

// sin(x)' = g cos(x)
struct SinOp {
  static constexpr const char* name = "sin";
  template <class V>
  static void backward(BackwardContext<V>& ctx, const V& g) {
    ctx.accumulate(0, mul(g, cos(ctx.input(0))));
  }
};

// cos(x)' = -g sin(x)
struct CosOp {
  static constexpr const char* name = "cos";
  template <class V>
  static void backward(BackwardContext<V>& ctx, const V& g) {
    ctx.accumulate(0, neg(mul(g, sin(ctx.input(0)))));
  }
};

// sqrt(x)' = g / (2 y)
struct SqrtOp {
  static constexpr const char* name = "sqrt";
  template <class V>
  static void backward(BackwardContext<V>& ctx, const V& g) {
    ctx.accumulate(0, div(g, mul(ctx.output(), 2.0)));
  }
};

// tanh(x)' = g (1 - y^2)
struct TanhOp {
  static constexpr const char* name = "tanh";
  template <class V>
  static void backward(BackwardContext<V>& ctx, const V& g) {
    const auto& y = ctx.output();
    ctx.accumulate(0, mul(g, sub(1.0, mul(y, y))));
  }
};

// |x|' = g sign(x), taken as 0 at x = 0
struct AbsOp {
  static constexpr const char* name = "abs";
  template <class V>
  static void backward(BackwardContext<V>& ctx, const V& g) {
    ctx.accumulate(0, mul(g, sign(ctx.input(0))));
  }
};

// relu(x)' = g [x > 0]
struct ReluOp {
  static constexpr const char* name = "relu";
  template <class V>
  static void backward(BackwardContext<V>& ctx, const V& g) {
    ctx.accumulate(0, mul(g, positive_mask(ctx.input(0))));
  }
};

// (x^p)' = g p x^(p-1); zero for p = 0 (also at x = 0, where x^-1 is inf)
struct PowOp {
  static constexpr const char* name = "pow";
  struct State {
    double exponent;
  };
  template <class V>
  static void backward(BackwardContext<V>& ctx, const V& g) {
    const double p = state_of<State>(ctx).exponent;
    if (p == 0.0) return;
    ctx.accumulate(0, mul(g, mul(pow(ctx.input(0), p - 1.0), p)));
  }
};

// sigmoid(x)' = g y (1 - y)
struct SigmoidOp {
  static constexpr const char* name = "sigmoid";
  template <class V>
  static void backward(BackwardContext<V>& ctx, const V& g) {
    const auto& y = ctx.output();
    ctx.accumulate(0, mul(g, mul(y, sub(1.0, y))));
  }
};

// log_sigmoid(x)' = g (1 - sigmoid(x)) = g sigmoid(-x), which keeps its
// digits where 1 - sigmoid(x) would round to 0
struct LogSigmoidOp {
  static constexpr const char* name = "log_sigmoid";
  template <class V>
  static void backward(BackwardContext<V>& ctx, const V& g) {
    ctx.accumulate(0, mul(g, sigmoid(neg(ctx.input(0)))));
  }
};

}  // namespace
}  // namespace detail

using detail::record;

Tensor exp(const Tensor& x) {
  return record<detail::ExpOp>(kernel::exp(x.value()), x);
}
Tensor log(const Tensor& x) {
  return record<detail::LogOp>(kernel::log(x.value()), x);
}
Tensor sin(const Tensor& x) {
  return record<detail::SinOp>(kernel::sin(x.value()), x);
}
Tensor cos(const Tensor& x) {
  return record<detail::CosOp>(kernel::cos(x.value()), x);
}
Tensor sqrt(const Tensor& x) {
  return record<detail::SqrtOp>(kernel::sqrt(x.value()), x);
}
Tensor tanh(const Tensor& x) {
  return record<detail::TanhOp>(kernel::tanh(x.value()), x);
}
Tensor abs(const Tensor& x) {
  return record<detail::AbsOp>(kernel::abs(x.value()), x);
}
Tensor relu(const Tensor& x) {
  return record<detail::ReluOp>(kernel::relu(x.value()), x);
}
Tensor pow(const Tensor& x, double exponent) {
  return record<detail::PowOp>(kernel::pow(x.value(), exponent), {.exponent = exponent}, x);
}
Tensor sigmoid(const Tensor& x) {
  return record<detail::SigmoidOp>(kernel::sigmoid(x.value()), x);
}
Tensor log_sigmoid(const Tensor& z) {
  return record<detail::LogSigmoidOp>(kernel::log_sigmoid(z.value()), z);
}

}  // namespace ad
