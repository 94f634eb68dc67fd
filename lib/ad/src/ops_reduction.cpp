// Sums, means and the two shape ops that broadcasting is made of. g is the
// gradient arriving from the output; x the input.
#include "adtrain/ad/ops.hpp"
#include "backward_context.hpp"

namespace ad {

namespace detail {
namespace {

template <class V>
void accumulate_broadcast(BackwardContext<V>& ctx, const V& g) {
  const auto& x = ctx.input(0);
  ctx.accumulate(0, vm::broadcast_to(g, vm::rows(x), vm::cols(x)));
}

// sum(x)' = g repeated to the shape of x (whole tensor or along dim)
struct SumOp {
  static constexpr const char* name = "sum";
  template <class V>
  static void backward(BackwardContext<V>& ctx, const V& g) {
    accumulate_broadcast(ctx, g);
  }
};

// mean(x)' = g / count, repeated to the shape of x; args().scalar is the count
struct MeanOp {
  static constexpr const char* name = "mean";
  template <class V>
  static void backward(BackwardContext<V>& ctx, const V& g) {
    accumulate_broadcast(ctx, vm::div_scalar(g, ctx.args().scalar));
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

using detail::op_def;
using detail::record;

Tensor sum(const Tensor& x) {
  return record(op_def<detail::SumOp>, kernel::sum(x.value()), x);
}
Tensor sum(const Tensor& x, int dim) {
  return record(op_def<detail::SumOp>, kernel::sum(x.value(), dim), x);
}
Tensor mean(const Tensor& x) {
  return record(op_def<detail::MeanOp>, kernel::mean(x.value()), x,
                {.scalar = static_cast<double>(x.size())});
}
Tensor mean(const Tensor& x, int dim) {
  arma::mat value = kernel::mean(x.value(), dim);  // checks dim first
  const auto count = static_cast<double>(dim == 0 ? x.rows() : x.cols());
  return record(op_def<detail::MeanOp>, std::move(value), x, {.scalar = count});
}
Tensor broadcast_to(const Tensor& x, arma::uword rows, arma::uword cols) {
  return record(op_def<detail::BroadcastToOp>, kernel::broadcast_to(x.value(), rows, cols), x);
}
Tensor sum_to(const Tensor& x, arma::uword rows, arma::uword cols) {
  return record(op_def<detail::SumToOp>, kernel::sum_to(x.value(), rows, cols), x);
}

}  // namespace ad
