// What an op's derivative sees during a backward pass: its inputs and output
// as values of type V, its arguments, and where to send each input's gradient.
#pragma once

#include <cstdint>
#include <vector>

#include "node.hpp"
#include "value_math.hpp"

namespace ad::detail {

template <class V>
class BackwardContext {
 public:
  // `self` is the handle the engine holds for the node being differentiated;
  // `buffers` holds the gradient summed so far for each node of the pass,
  // meaningful where `filled` is set (a buffer keeps its storage between
  // passes, which saves freeing and reallocating small ones every step).
  // `frees_graph`: the graph's edges and saved tensors go once the pass is
  // over, so this is the last time anything reads them. `reusable_grad_output`:
  // the buffer holding the gradient of this node's output, when nothing reads
  // it after this op's derivative (else null).
  BackwardContext(const std::shared_ptr<Node>& self, std::vector<V>& buffers,
                  std::vector<std::uint8_t>& filled, bool frees_graph,
                  V* reusable_grad_output = nullptr)
      : self_(self),
        buffers_(buffers),
        filled_(filled),
        frees_graph_(frees_graph),
        reusable_grad_output_(reusable_grad_output) {}

  // Plain matrices are borrowed; Tensors are handles into the graph so that
  // a differentiable gradient stays connected to them.
  decltype(auto) input(std::size_t i) const {
    if constexpr (std::is_same_v<V, arma::mat>) {
      return static_cast<const arma::mat&>(self_->inputs[i]->value);
    } else {
      return Tensor(self_->inputs[i]);
    }
  }
  decltype(auto) output() const {
    if constexpr (std::is_same_v<V, arma::mat>) {
      return static_cast<const arma::mat&>(self_->value);
    } else {
      return Tensor(self_);
    }
  }
  const OpArgs& args() const { return self_->args; }
  // What the forward pass saved for the derivative, or null.
  const arma::mat* saved() const { return self_->saved.get(); }
  // The same, to overwrite in place, when this is its last use; else null.
  arma::mat* saved_for_reuse() const { return frees_graph_ ? self_->saved.get() : nullptr; }

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
    if (vm::rows(grad) != input.value.n_rows || vm::cols(grad) != input.value.n_cols) {
      grad = vm::sum_to(grad, input.value.n_rows, input.value.n_cols);
    }
    V& slot = buffers_[input.order_index];
    std::uint8_t& filled = filled_[input.order_index];
    if (!filled) {
      slot = std::move(grad);
      filled = 1;
    } else {
      vm::add_into(slot, grad);
    }
  }

 private:
  const std::shared_ptr<Node>& self_;
  std::vector<V>& buffers_;
  std::vector<std::uint8_t>& filled_;
  bool frees_graph_;
  V* reusable_grad_output_;
};

}  // namespace ad::detail
