// The graph's node, and how an op plugs its derivative into the engine.
#pragma once

#include <armadillo>
#include <array>
#include <cstdint>
#include <memory>

#include "adtrain/ad/ops.hpp"
#include "adtrain/ad/tensor.hpp"

namespace ad::detail {

template <class V>
class BackwardContext;

// One op's derivative. Each op writes it once as a template over the value
// type; it is instantiated for plain matrices (the ordinary first-order pass,
// no graph built) and for Tensors (a differentiable gradient, for second
// derivatives). No registry, no per-node closure: one pointer per node.
struct OpDef {
  const char* name;
  void (*backward_values)(BackwardContext<arma::mat>&, const arma::mat& grad_output);
  void (*backward_tensors)(BackwardContext<Tensor>&, const Tensor& grad_output);
};

template <class Op>
inline constexpr OpDef op_def{Op::name, &Op::template backward<arma::mat>,
                              &Op::template backward<Tensor>};

// The few non-tensor arguments an op's derivative needs.
struct OpArgs {
  double scalar = 0.0;
  int dim = 0;
  Reduction reduction = Reduction::mean;
};

// Three for the derivative of the fused loss, g (sigmoid(z) - y) / divisor,
// whose own derivative reaches g, z and y (ops_loss.cpp).
inline constexpr std::size_t max_inputs = 3;

struct Node {
  arma::mat value;
  std::unique_ptr<arma::mat> grad;  // only leaves that require grad have one
  // What the op's forward pass computed for its derivative, when keeping it
  // is cheaper than computing it again (see ops_loss.cpp).
  std::unique_ptr<arma::mat> saved;
  const OpDef* op = nullptr;  // null for leaves
  std::array<std::shared_ptr<Node>, max_inputs> inputs{};
  std::uint8_t input_count = 0;
  OpArgs args;
  bool requires_grad = false;
  // Set when a backward pass dropped this node's edges; another pass through
  // it is an error rather than a silently wrong gradient.
  bool released = false;

  // Bookkeeping of the engine's current pass (see engine.cpp).
  std::uint64_t visit_mark = 0;
  std::size_t order_index = 0;

  Node() = default;
  explicit Node(arma::mat&& v) : value(std::move(v)) {}
  Node(const Node&) = delete;
  Node& operator=(const Node&) = delete;
  // Frees the nodes only this one kept alive without recursing, so a chain of
  // a million ops does not overflow the stack when it goes away.
  ~Node();

  bool is_leaf() const { return op == nullptr; }
  void release_edges();
};

// Every node comes from here: pooled memory, the value moved in place.
std::shared_ptr<Node> make_node(arma::mat&& value);

// Builds an op's result: records the op and its inputs when grad mode is on
// and an input requires grad, otherwise returns a plain leaf.
Tensor record(const OpDef& op, arma::mat value, const Tensor& a, OpArgs args = {});
Tensor record(const OpDef& op, arma::mat value, const Tensor& a, const Tensor& b, OpArgs args = {});
Tensor record(const OpDef& op, arma::mat value, const Tensor& a, const Tensor& b, const Tensor& c,
              OpArgs args = {});

}  // namespace ad::detail
