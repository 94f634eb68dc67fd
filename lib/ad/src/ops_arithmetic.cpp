// + - * / on tensors and plain numbers. Each op's comment states its
// derivative; g is the gradient arriving from the output.
#include "adtrain/ad.hpp"
#include "backward_context.hpp"

namespace ad {

namespace detail {
namespace {

// (a + b)'a = g, (a + b)'b = g
struct AddOp {
  static constexpr const char* name = "add";
  template <class V>
  static void backward(BackwardContext<V>& ctx, const V& g) {
    if (ctx.needs(0)) ctx.accumulate(0, g);
    if (ctx.needs(1)) ctx.accumulate(1, g);
  }
};

// (a - b)'a = g, (a - b)'b = -g
struct SubOp {
  static constexpr const char* name = "sub";
  template <class V>
  static void backward(BackwardContext<V>& ctx, const V& g) {
    if (ctx.needs(0)) ctx.accumulate(0, g);
    if (ctx.needs(1)) ctx.accumulate(1, neg(g));
  }
};

// (a b)'a = g b, (a b)'b = g a
struct MulOp {
  static constexpr const char* name = "mul";
  template <class V>
  static void backward(BackwardContext<V>& ctx, const V& g) {
    if (ctx.needs(0)) ctx.accumulate(0, mul(g, ctx.input(1)));
    if (ctx.needs(1)) ctx.accumulate(1, mul(g, ctx.input(0)));
  }
};

// (a / b)'a = g / b, (a / b)'b = -g a / b^2 = -(g / b) (a / b)
struct DivOp {
  static constexpr const char* name = "div";
  template <class V>
  static void backward(BackwardContext<V>& ctx, const V& g) {
    V g_over_b = div(g, ctx.input(1));
    if (ctx.needs(1)) ctx.accumulate(1, neg(mul(g_over_b, ctx.output())));
    if (ctx.needs(0)) ctx.accumulate(0, std::move(g_over_b));
  }
};

// (-x)' = -g
struct NegOp {
  static constexpr const char* name = "neg";
  template <class V>
  static void backward(BackwardContext<V>& ctx, const V& g) {
    ctx.accumulate(0, neg(g));
  }
};

// (x + c)' = g
struct AddScalarOp {
  static constexpr const char* name = "add_scalar";
  template <class V>
  static void backward(BackwardContext<V>& ctx, const V& g) {
    ctx.accumulate(0, g);
  }
};

// (c - x)' = -g
struct RSubScalarOp {
  static constexpr const char* name = "rsub_scalar";
  template <class V>
  static void backward(BackwardContext<V>& ctx, const V& g) {
    ctx.accumulate(0, neg(g));
  }
};

// (x c)' = g c
struct MulScalarOp {
  static constexpr const char* name = "mul_scalar";
  struct State {
    double factor;
  };
  template <class V>
  static void backward(BackwardContext<V>& ctx, const V& g) {
    ctx.accumulate(0, mul(g, state_of<State>(ctx).factor));
  }
};

// (x / c)' = g / c
struct DivScalarOp {
  static constexpr const char* name = "div_scalar";
  struct State {
    double divisor;
  };
  template <class V>
  static void backward(BackwardContext<V>& ctx, const V& g) {
    ctx.accumulate(0, div(g, state_of<State>(ctx).divisor));
  }
};

// (c / x)' = -g c / x^2 = -g (c / x) / x
struct RDivScalarOp {
  static constexpr const char* name = "rdiv_scalar";
  template <class V>
  static void backward(BackwardContext<V>& ctx, const V& g) {
    ctx.accumulate(0, neg(div(mul(g, ctx.output()), ctx.input(0))));
  }
};

}  // namespace
}  // namespace detail

using detail::record;

Tensor operator+(const Tensor& a, const Tensor& b) {
  return record<detail::AddOp>(kernel::add(a.value(), b.value()), a, b);
}
Tensor operator-(const Tensor& a, const Tensor& b) {
  return record<detail::SubOp>(kernel::sub(a.value(), b.value()), a, b);
}
Tensor operator*(const Tensor& a, const Tensor& b) {
  return record<detail::MulOp>(kernel::mul(a.value(), b.value()), a, b);
}
Tensor operator/(const Tensor& a, const Tensor& b) {
  return record<detail::DivOp>(kernel::div(a.value(), b.value()), a, b);
}
Tensor operator-(const Tensor& a) {
  return record<detail::NegOp>(kernel::neg(a.value()), a);
}

// IEEE addition and multiplication commute, and x - c equals x + (-c)
// exactly, so one op serves both operand orders.
Tensor operator+(const Tensor& a, double b) {
  return record<detail::AddScalarOp>(kernel::add(a.value(), b), a);
}
Tensor operator+(double a, const Tensor& b) {
  return b + a;
}
Tensor operator-(const Tensor& a, double b) {
  return a + (-b);
}
Tensor operator-(double a, const Tensor& b) {
  return record<detail::RSubScalarOp>(kernel::sub(a, b.value()), b);
}
Tensor operator*(const Tensor& a, double b) {
  return record<detail::MulScalarOp>(kernel::mul(a.value(), b), {.factor = b}, a);
}
Tensor operator*(double a, const Tensor& b) {
  return b * a;
}
Tensor operator/(const Tensor& a, double b) {
  return record<detail::DivScalarOp>(kernel::div(a.value(), b), {.divisor = b}, a);
}
Tensor operator/(double a, const Tensor& b) {
  return record<detail::RDivScalarOp>(kernel::div(a, b.value()), b);
}

}  // namespace ad
