#include "engine.hpp"

#include <algorithm>
#include <atomic>
#include <memory>
#include <stdexcept>
#include <string>

#include "adtrain/ad.hpp"
#include "backward_context.hpp"
#include "matrix_pool.hpp"

namespace ad::detail {

namespace {

// Each pass stamps the nodes it visits with a fresh number, so "visited" needs
// no hash set and no clearing afterwards.
std::uint64_t next_pass_mark() {
  static std::atomic<std::uint64_t> counter{0};
  return counter.fetch_add(1, std::memory_order_relaxed) + 1;
}

struct Frame {
  const std::shared_ptr<Node>* handle;
  std::size_t next_input;
};

// The vectors a pass works in. Kept per thread between passes, so that a
// training loop building a small graph every step does not allocate them
// every step; trimmed after a pass over a huge graph so it does not pin that
// memory. A pass that starts inside another (none does today) gets its own.
struct PassScratch {
  std::vector<Frame> stack;
  std::vector<const std::shared_ptr<Node>*> nodes;
  std::vector<arma::mat> buffers;
  std::vector<std::uint8_t> filled;  // which buffers hold this pass's gradient
  bool in_use = false;
};

// A buffer whose gradient has been used. Small ones keep their storage for
// the next pass; large ones go back to the matrix pool instead of pinning
// megabytes between steps.
void release_buffer(arma::mat& buffer) {
  if (buffer.n_alloc >= min_pooled_elements) {
    recycle(std::move(buffer));
    buffer.reset();
  }
}
void release_buffer(Tensor& buffer) {
  buffer = Tensor{};
}

constexpr std::size_t max_kept_scratch_nodes = 4096;
thread_local PassScratch cached_scratch;

class ScratchLease {
 public:
  ScratchLease() {
    if (cached_scratch.in_use) {
      owned_ = std::make_unique<PassScratch>();
      scratch_ = owned_.get();
    } else {
      scratch_ = &cached_scratch;
    }
    scratch_->in_use = true;
  }
  ~ScratchLease() {
    if (scratch_->nodes.size() > max_kept_scratch_nodes) {
      scratch_->stack = {};
      scratch_->nodes = {};
      scratch_->buffers = {};
      scratch_->filled = {};
    } else {
      // Only the first nodes.size() buffers were used by this pass.
      const std::size_t used =
          released_ ? 0 : std::min(scratch_->nodes.size(), scratch_->buffers.size());
      for (std::size_t i = 0; i < used; ++i) release_buffer(scratch_->buffers[i]);
      scratch_->stack.clear();
      scratch_->nodes.clear();
    }
    scratch_->in_use = false;
  }
  ScratchLease(const ScratchLease&) = delete;
  ScratchLease& operator=(const ScratchLease&) = delete;
  PassScratch& get() { return *scratch_; }
  // The pass released every buffer itself; nothing is left to hand back.
  void all_buffers_released() { released_ = true; }

 private:
  PassScratch* scratch_;
  bool released_ = false;
  std::unique_ptr<PassScratch> owned_;
};

// The nodes that need a gradient, inputs before the ops that use them. Each
// entry points at a handle owned by the caller (the root) or by a consumer's
// input list, which stay alive and unchanged for the whole pass.
struct PassOrder {
  std::uint64_t mark = 0;
  std::vector<const std::shared_ptr<Node>*>& nodes;

  bool contains(const Node& node) const { return node.visit_mark == mark; }
};

[[noreturn]] void throw_released(const Node& node) {
  throw std::logic_error(
      std::string("backward: the graph through '") + node.op->name +
      "' was already freed by an earlier backward pass; pass retain_graph = true to the first "
      "one to run backward through the same graph twice");
}

// Depth-first post-order with an explicit stack: no recursion, so depth is
// bounded by memory, not by the call stack.
PassOrder topological_order(const std::shared_ptr<Node>& root, PassScratch& scratch) {
  PassOrder order{next_pass_mark(), scratch.nodes};
  std::vector<Frame>& stack = scratch.stack;
  auto visit = [&](const std::shared_ptr<Node>& handle) {
    if (handle->released) throw_released(*handle);
    handle->visit_mark = order.mark;
    stack.push_back({&handle, 0});
  };
  visit(root);
  while (!stack.empty()) {
    Frame& top = stack.back();
    Node& node = **top.handle;
    if (top.next_input < node.input_count) {
      const std::shared_ptr<Node>& input = node.inputs[top.next_input++];
      if (input->requires_grad && !order.contains(*input)) visit(input);
    } else {
      node.order_index = order.nodes.size();
      order.nodes.push_back(top.handle);
      stack.pop_back();
    }
  }
  return order;
}

void check_seed(const Node& root, const arma::mat& seed) {
  if (!root.requires_grad) {
    throw std::logic_error(
        "backward: the output does not require grad (no input requires grad, or it was computed "
        "inside a no_grad scope)");
  }
  if (seed.n_rows != root.value.n_rows || seed.n_cols != root.value.n_cols) {
    throw std::invalid_argument("backward: seed gradient has shape " + kernel::shape_string(seed) +
                                " but the output has shape " + kernel::shape_string(root.value));
  }
}

// How one backward pass runs.
struct PassPlan {
  // Nodes whose total gradient the caller reads once the pass is over (the
  // inputs of grad()); null for none. Other buffers are freed once used.
  const std::vector<bool>* keep = nullptr;
  // Whether the graph is freed after this pass: its last use, so ops may
  // take over what their State holds (see BackwardContext::last_use).
  bool frees_graph = false;
  // Add each leaf's gradient to its grad() as soon as the pass reaches it
  // (backward()): every consumer comes later in `order`, so by then the sum
  // is complete, and one loop does what two did. Plain matrices only.
  bool into_leaves = false;
};

// Runs each op's derivative once, from the root towards the leaves. On return
// buffers[i] holds the total gradient of order.nodes[i] if that node is a leaf
// (and not delivered into its grad()) or is kept.
template <class V>
void run_pass(const PassOrder& order, std::vector<V>& buffers, std::vector<std::uint8_t>& filled,
              const PassPlan& plan) {
  // A Tensor buffer may be part of the graph being built: never overwritten.
  constexpr bool plain = std::is_same_v<V, arma::mat>;
  for (std::size_t i = order.nodes.size(); i-- > 0;) {
    const std::shared_ptr<Node>& handle = *order.nodes[i];
    if (!filled[i]) continue;
    if (handle->is_leaf()) {
      if constexpr (plain) {
        if (plan.into_leaves) {
          *handle->grad += buffers[i];
          release_buffer(buffers[i]);
          filled[i] = 0;
        }
      }
      continue;
    }
    const bool kept = plan.keep != nullptr && (*plan.keep)[i];
    V* reusable = plain && !kept ? &buffers[i] : nullptr;
    BackwardContext<V> context(handle, buffers, filled, plan.frees_graph, reusable);
    handle->op->derivative<V>()(context, buffers[i]);
    if (!kept) {
      release_buffer(buffers[i]);
      filled[i] = 0;
    }
  }
}

// Inputs first, so every node is released before the consumer that holds
// its handle: a released input may be destroyed, and no later step reads it.
void release_graph(const PassOrder& order) {
  for (const std::shared_ptr<Node>* handle : order.nodes) {
    if (!(*handle)->is_leaf()) (*handle)->release_edges();
  }
}

}  // namespace

void backward_into_leaves(const std::shared_ptr<Node>& root, arma::mat seed, bool retain_graph) {
  check_seed(*root, seed);
  ScratchLease lease;
  const PassOrder order = topological_order(root, lease.get());
  std::vector<arma::mat>& buffers = lease.get().buffers;
  std::vector<std::uint8_t>& filled = lease.get().filled;
  if (buffers.size() < order.nodes.size()) buffers.resize(order.nodes.size());
  filled.assign(order.nodes.size(), 0);
  buffers[root->order_index] = std::move(seed);
  filled[root->order_index] = 1;
  run_pass(order, buffers, filled, {.frees_graph = !retain_graph, .into_leaves = true});
  lease.all_buffers_released();
  if (!retain_graph) release_graph(order);
}

namespace {

// The seed, and a gradient handed back, as each value type: plain values
// become constant tensors; Tensors are already the differentiable result.
template <class V>
V seed_as(const arma::mat& seed);
template <>
arma::mat seed_as<arma::mat>(const arma::mat& seed) {
  return seed;
}
template <>
Tensor seed_as<Tensor>(const arma::mat& seed) {
  return constant(seed);
}
Tensor as_result(const arma::mat& gradient) {
  return constant(gradient);
}
Tensor as_result(const Tensor& gradient) {
  return gradient;
}

// d(root)/d(input) for each input, from a pass over buffers of type V.
template <class V>
std::vector<Tensor> gradients_by_pass(const std::shared_ptr<Node>& root, const arma::mat& seed,
                                      const std::vector<Tensor>& inputs, const PassOrder& order,
                                      std::vector<V>& buffers, std::vector<std::uint8_t>& filled,
                                      bool frees_graph) {
  std::vector<bool> keep(order.nodes.size(), false);
  for (const Tensor& input : inputs) {
    if (order.contains(*input.node())) keep[input.node()->order_index] = true;
  }
  if (buffers.size() < order.nodes.size()) buffers.resize(order.nodes.size());
  filled.assign(order.nodes.size(), 0);
  buffers[root->order_index] = seed_as<V>(seed);
  filled[root->order_index] = 1;
  run_pass(order, buffers, filled, {.keep = &keep, .frees_graph = frees_graph});

  std::vector<Tensor> result;
  result.reserve(inputs.size());
  for (const Tensor& input : inputs) {
    const Node& node = *input.node();
    if (order.contains(node) && filled[node.order_index]) {
      result.push_back(as_result(buffers[node.order_index]));
    } else {
      result.push_back(constant(arma::mat(input.rows(), input.cols(), arma::fill::zeros)));
    }
  }
  return result;
}

}  // namespace

std::vector<Tensor> gradients(const std::shared_ptr<Node>& root, const arma::mat& seed,
                              const std::vector<Tensor>& inputs, bool create_graph,
                              bool retain_graph) {
  check_seed(*root, seed);
  ScratchLease lease;
  const PassOrder order = topological_order(root, lease.get());
  // The Tensor pass differentiates through the graph, which must stay whole.
  const bool frees_graph = !retain_graph && !create_graph;
  std::vector<Tensor> result;
  if (create_graph) {
    EnableGradGuard recording;
    std::vector<Tensor> buffers;
    std::vector<std::uint8_t> filled;
    result = gradients_by_pass(root, seed, inputs, order, buffers, filled, frees_graph);
  } else {
    result = gradients_by_pass(root, seed, inputs, order, lease.get().buffers, lease.get().filled,
                               frees_graph);
  }
  if (frees_graph) release_graph(order);
  return result;
}

}  // namespace ad::detail
