// The graph's node, and how an op plugs its derivative into the engine.
#pragma once

#include <armadillo>
#include <array>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <new>
#include <tuple>
#include <type_traits>

#include "adtrain/ad.hpp"
#include "node_pool.hpp"

namespace ad::detail {

template <class V>
class BackwardContext;

// An op's derivative on one value type: plain matrices for the ordinary
// first-order pass (numbers, no graph built), Tensors for a differentiable
// gradient (create_graph, for second derivatives).
template <class V>
using Derivative = void (*)(BackwardContext<V>&, const V& grad_output);

// What an op keeps for its derivative beyond its inputs and its output: an
// exponent, a divisor, a matrix its forward pass computed anyway. Each op
// names its own as `Op::State`, a struct of at most 16 bytes stored in the
// node itself, so recording an op allocates nothing more.
class OpState {
 public:
  static constexpr std::size_t capacity = 16;

  template <class S>
  void emplace(S&& state) {
    using T = std::remove_cvref_t<S>;
    static_assert(sizeof(T) <= capacity && alignof(T) <= alignof(double));
    ::new (static_cast<void*>(bytes_)) T(std::forward<S>(state));
  }
  template <class S>
  S& get() {
    return *std::launder(reinterpret_cast<S*>(bytes_));
  }

 private:
  alignas(double) std::byte bytes_[capacity];
};

// One op, as the engine sees it. The op writes its derivative once, as a
// template over the value type; `derivatives` holds its two instantiations,
// and the engine takes the one for the value type of its pass. No registry,
// no per-node closure: one pointer per node.
struct OpDef {
  const char* name;
  std::tuple<Derivative<arma::mat>, Derivative<Tensor>> derivatives;
  // Frees what the op's State holds, once no backward pass can read it
  // again; null for ops whose State is plain numbers (or that have none).
  void (*release)(OpState&) noexcept;

  template <class V>
  Derivative<V> derivative() const {
    return std::get<Derivative<V>>(derivatives);
  }
};

template <class Op>
constexpr auto release_of() {
  if constexpr (requires(OpState & s) { Op::release(s); }) {
    return &Op::release;
  } else {
    return static_cast<void (*)(OpState&) noexcept>(nullptr);
  }
}

template <class Op>
inline constexpr OpDef op_def{Op::name,
                              {&Op::template backward<arma::mat>, &Op::template backward<Tensor>},
                              release_of<Op>()};

// Three for the derivative of the fused loss, g (sigmoid(z) - y) / divisor,
// whose own derivative reaches g, z and y (ops_loss.cpp).
inline constexpr std::size_t max_inputs = 3;

struct Node {
  arma::mat value;
  std::unique_ptr<arma::mat> grad;  // only leaves that require grad have one
  const OpDef* op = nullptr;        // null for leaves
  std::array<std::shared_ptr<Node>, max_inputs> inputs{};
  std::uint8_t input_count = 0;
  bool requires_grad = false;
  // Set when a backward pass dropped this node's edges and state; another
  // pass through it is an error rather than a silently wrong gradient.
  bool released = false;
  OpState state;  // the op's State, when it has one

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
  // Drops the edges and what the op's State holds (the "last backward pass"
  // of a graph that is not retained).
  void release_edges();
};

// Every node comes from here: pooled memory, the value moved in place.
// Inline, so that recording an op (below) makes its node without a call.
inline std::shared_ptr<Node> make_node(arma::mat&& value) {
  return std::allocate_shared<Node>(NodeAllocator<Node>{}, std::move(value));
}

// Whether an op on these inputs is recorded in the graph: grad mode is on
// and an input requires grad. The one place this rule is written; an op
// that saves something for its derivative asks it before computing that.
template <std::same_as<Tensor>... Inputs>
bool records(const Inputs&... inputs) {
  return grad_enabled() && (inputs.requires_grad() || ...);
}

// Makes `node` the result of Op on `inputs`.
template <class Op, std::same_as<Tensor>... Inputs>
void attach(Node& node, const Inputs&... inputs) {
  static_assert(sizeof...(Inputs) >= 1 && sizeof...(Inputs) <= max_inputs);
  node.op = &op_def<Op>;
  std::size_t slot = 0;
  ((node.inputs[slot++] = inputs.node()), ...);
  node.input_count = sizeof...(Inputs);
  node.requires_grad = true;
}

// An op's result: a node recording Op and its inputs (and its State) when
// records(inputs...), otherwise a plain leaf holding `value`.
template <class Op, std::same_as<Tensor>... Inputs>
Tensor record(arma::mat value, const Inputs&... inputs) {
  std::shared_ptr<Node> node = make_node(std::move(value));
  if (records(inputs...)) attach<Op>(*node, inputs...);
  return Tensor(std::move(node));
}
template <class Op, std::same_as<Tensor>... Inputs>
Tensor record(arma::mat value, typename Op::State state, const Inputs&... inputs) {
  std::shared_ptr<Node> node = make_node(std::move(value));
  if (records(inputs...)) {
    attach<Op>(*node, inputs...);
    node->state.emplace(std::move(state));
  }
  return Tensor(std::move(node));
}

}  // namespace ad::detail
