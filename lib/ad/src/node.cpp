#include "node.hpp"

#include <vector>

#include "adtrain/ad/grad_mode.hpp"
#include "matrix_pool.hpp"
#include "node_pool.hpp"

namespace ad::detail {

namespace {

// True when destroying `handle` would free a node that owns further edges,
// i.e. when letting members destruct normally would recurse.
bool would_cascade(const std::shared_ptr<Node>& handle) {
  return handle && handle.use_count() == 1 && handle->input_count > 0;
}

}  // namespace

Node::~Node() {
  recycle(std::move(value));
  if (saved) recycle(std::move(*saved));
  // Inputs past input_count are always null: the loops stop there.
  bool cascades = false;
  for (std::size_t i = 0; i < input_count; ++i) cascades = cascades || would_cascade(inputs[i]);
  if (!cascades) return;  // common case: inputs outlive us, no work to defer

  // Take over the edges of every node that is about to die, so each one is
  // destroyed with no edges left and the recursion depth stays at one.
  std::vector<std::shared_ptr<Node>> pending;
  for (auto& input : inputs) {
    if (input) pending.push_back(std::move(input));
  }
  while (!pending.empty()) {
    std::shared_ptr<Node> node = std::move(pending.back());
    pending.pop_back();
    if (node.use_count() == 1) {
      for (auto& input : node->inputs) {
        if (input) pending.push_back(std::move(input));
      }
      node->input_count = 0;
    }
  }
}

void Node::release_edges() {
  for (std::size_t i = 0; i < input_count; ++i) inputs[i].reset();
  input_count = 0;
  if (saved) {
    recycle(std::move(*saved));
    saved.reset();
  }
  released = true;
}

std::shared_ptr<Node> make_node(arma::mat&& value) {
  return std::allocate_shared<Node>(NodeAllocator<Node>{}, std::move(value));
}

Tensor record(const OpDef& op, arma::mat value, const Tensor& a, OpArgs args) {
  auto node = make_node(std::move(value));
  if (grad_enabled() && a.requires_grad()) {
    node->op = &op;
    node->inputs[0] = a.node();
    node->input_count = 1;
    node->args = args;
    node->requires_grad = true;
  }
  return Tensor(std::move(node));
}

Tensor record(const OpDef& op, arma::mat value, const Tensor& a, const Tensor& b, OpArgs args) {
  auto node = make_node(std::move(value));
  if (grad_enabled() && (a.requires_grad() || b.requires_grad())) {
    node->op = &op;
    node->inputs[0] = a.node();
    node->inputs[1] = b.node();
    node->input_count = 2;
    node->args = args;
    node->requires_grad = true;
  }
  return Tensor(std::move(node));
}

Tensor record(const OpDef& op, arma::mat value, const Tensor& a, const Tensor& b, const Tensor& c,
              OpArgs args) {
  auto node = make_node(std::move(value));
  if (grad_enabled() && (a.requires_grad() || b.requires_grad() || c.requires_grad())) {
    node->op = &op;
    node->inputs[0] = a.node();
    node->inputs[1] = b.node();
    node->inputs[2] = c.node();
    node->input_count = 3;
    node->args = args;
    node->requires_grad = true;
  }
  return Tensor(std::move(node));
}

}  // namespace ad::detail
