// What an op's derivative sees during a backward pass: its inputs and output
// as values of type V, its State, and where to send each input's gradient.
#pragma once

#include <cstdint>
#include <vector>

#include "derivative_math.hpp"
#include "node.hpp"

namespace ad::detail {

// A node as a value of type V. Plain matrices are borrowed; Tensors are
// handles into the graph, so that a differentiable gradient stays connected
// to them.
template <class V>
struct NodeAs;
template <>
struct NodeAs<arma::mat> {
  static const arma::mat& of(const std::shared_ptr<Node>& node) { return node->value; }
};
template <>
struct NodeAs<Tensor> {
  static Tensor of(const std::shared_ptr<Node>& node) { return Tensor(node); }
};

template <class V>
class BackwardContext {
 public:
  // `self` is the handle the engine holds for the node being differentiated;
  // `buffers` holds the gradient summed so far for each node of the pass,
  // meaningful where `filled` is set (a buffer keeps its storage between
  // passes, which saves freeing and reallocating small ones every step).
  // `last_use`: the graph is freed once this pass is over. `reusable_grad_output`:
  // the buffer holding the gradient of this node's output, when nothing reads
  // it after this op's derivative (else null).
  BackwardContext(const std::shared_ptr<Node>& self, std::vector<V>& buffers,
                  std::vector<std::uint8_t>& filled, bool last_use, V* reusable_grad_output)
      : self_(self),
        buffers_(buffers),
        filled_(filled),
        last_use_(last_use),
        reusable_grad_output_(reusable_grad_output) {}

  decltype(auto) input(std::size_t i) const { return NodeAs<V>::of(self_->inputs[i]); }
  decltype(auto) output() const { return NodeAs<V>::of(self_); }
  // The op's own State, as record() stored it.
  template <class State>
  State& state() const {
    return self_->state.template get<State>();
  }
  // No backward pass reads this node again: what its State holds may be
  // taken over (moved out, overwritten in place) instead of copied.
  bool last_use() const { return last_use_; }

  // The gradient arriving from the output (the `g` an op's derivative is
  // given), to overwrite in place and hand on with accumulate(), when this
  // is its last use; else null. After that the op must not read `g` again.
  V* grad_output_for_reuse() const { return reusable_grad_output_; }

  // Whether input i wants a gradient; ops skip the work for those that don't.
  bool needs(std::size_t i) const {
    return i < self_->input_count && self_->inputs[i]->requires_grad;
  }

  // Adds `grad` to input i's gradient. A gradient of the broadcast shape is
  // summed back to the input's own shape here, once for every op.
  void accumulate(std::size_t i, V grad) {
    const Node& input = *self_->inputs[i];
    if (shape_of(grad) != kernel::shape_of(input.value)) {
      grad = sum_to(grad, input.value.n_rows, input.value.n_cols);
    }
    V& slot = buffers_[input.order_index];
    std::uint8_t& filled = filled_[input.order_index];
    if (!filled) {
      slot = std::move(grad);
      filled = 1;
    } else {
      add_into(slot, grad);
    }
  }

 private:
  const std::shared_ptr<Node>& self_;
  std::vector<V>& buffers_;
  std::vector<std::uint8_t>& filled_;
  bool last_use_;
  V* reusable_grad_output_;
};

// The State of the node a derivative is running for: `state_of<S>(ctx)`
// reads better inside a template than `ctx.template state<S>()`.
template <class State, class V>
State& state_of(const BackwardContext<V>& ctx) {
  return ctx.template state<State>();
}

}  // namespace ad::detail
