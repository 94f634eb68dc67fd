#include "node.hpp"

#include <vector>

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
  if (op != nullptr && op->release != nullptr && !released) op->release(state);
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
  if (op->release != nullptr && !released) op->release(state);
  released = true;
}

}  // namespace ad::detail
