// Sums, means and the two shape ops that broadcasting is made of. g is the
// gradient arriving from the output; x the input.
#include "adtrain/ad.hpp"
#include "backward_context.hpp"

namespace ad {

namespace detail {
namespace {

template <class V>
void accumulate_broadcast(BackwardContext<V>& ctx, const V& g) {
  const kernel::Shape x = shape_of(ctx.input(0));
  ctx.accumulate(0, broadcast_to(g, x.rows, x.cols));
}

// sum(x)' = g repeated to the shape of x (whole tensor or along dim)
struct SumOp {
  static constexpr const char* name = "sum";
  template <class V>
  static void backward(BackwardContext<V>& ctx, const V& g) {
    accumulate_broadcast(ctx, g);
  }
};

// mean(x)' = g / count, repeated to the shape of x
struct MeanOp {
  static constexpr const char* name = "mean";
  struct State {
    double count;  // of the elements averaged into each output element
  };
  template <class V>
  static void backward(BackwardContext<V>& ctx, const V& g) {
    accumulate_broadcast(ctx, div(g, state_of<State>(ctx).count));
  }
};

// broadcast_to(x)' = g summed back to the shape of x (done by accumulate)
struct BroadcastToOp {
  static constexpr const char* name = "broadcast_to";
  template <class V>
  static void backward(BackwardContext<V>& ctx, const V& g) {
    ctx.accumulate(0, g);
  }
};

// sum_to(x)' = g repeated to the shape of x
struct SumToOp {
  static constexpr const char* name = "sum_to";
  template <class V>
  static void backward(BackwardContext<V>& ctx, const V& g) {
    accumulate_broadcast(ctx, g);
  }
};

}  // namespace
}  // namespace detail

using detail::record;

Tensor sum(const Tensor& x) {
  return record<detail::SumOp>(kernel::sum(x.value()), x);
}
Tensor sum(const Tensor& x, int dim) {
  return record<detail::SumOp>(kernel::sum(x.value(), dim), x);
}
Tensor mean(const Tensor& x) {
  return record<detail::MeanOp>(kernel::mean(x.value()), {.count = static_cast<double>(x.size())},
                                x);
}
Tensor mean(const Tensor& x, int dim) {
  arma::mat value = kernel::mean(x.value(), dim);  // checks dim first
  const auto count = static_cast<double>(dim == 0 ? x.rows() : x.cols());
  return record<detail::MeanOp>(std::move(value), {.count = count}, x);
}
Tensor broadcast_to(const Tensor& x, arma::uword rows, arma::uword cols) {
  return record<detail::BroadcastToOp>(kernel::broadcast_to(x.value(), rows, cols), x);
}
Tensor sum_to(const Tensor& x, arma::uword rows, arma::uword cols) {
  return record<detail::SumToOp>(kernel::sum_to(x.value(), rows, cols), x);
}

}  // namespace ad
