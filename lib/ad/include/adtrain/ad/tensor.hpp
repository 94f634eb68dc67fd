// The Tensor handle: a float64 matrix that remembers how it was computed.
#pragma once

#include <armadillo>
#include <memory>
#include <string>

namespace ad {

namespace detail {
struct Node;
}

// Options for Tensor::backward().
struct BackwardOptions {
  // Keep the graph's edges after the pass so that backward() can run through
  // it again. Off by default: a training loop that builds a graph per step
  // then frees every intermediate as soon as its gradient is known.
  bool retain_graph = false;
};

// A cheap-to-copy handle to one node of the dynamic graph. Copies share the
// node, so `auto y = x * w + 1.0;` costs no matrix copies.
//
// A Tensor is either a *leaf* (made by the user, or by any op while no input
// requires grad or inside a no_grad scope) or the *result* of an op, in which
// case it records the op and its inputs. Only leaves that require grad keep a
// gradient; constants never accumulate one.
class Tensor {
 public:
  // An undefined tensor: holds no node. Only defined() may be asked of it.
  Tensor() = default;

  // A leaf holding `value`. With requires_grad it collects a gradient.
  explicit Tensor(arma::mat value, bool requires_grad = false);
  // A 1x1 leaf.
  explicit Tensor(double value, bool requires_grad = false);

  bool defined() const { return node_ != nullptr; }

  // --- Value and shape ---------------------------------------------------
  const arma::mat& value() const;
  // Mutable access to a leaf's value, for parameter updates. Changing a value
  // that a live graph has already used makes that graph's gradients stale.
  arma::mat& data();
  arma::uword rows() const { return value().n_rows; }
  arma::uword cols() const { return value().n_cols; }
  arma::uword size() const { return value().n_elem; }
  // The single value of a 1x1 tensor; throws std::invalid_argument otherwise.
  double item() const;
  std::string shape_string() const;

  // --- Graph ---------------------------------------------------------------
  bool requires_grad() const;
  bool is_leaf() const;
  // Name of the op that produced this tensor ("leaf" for leaves).
  const char* op_name() const;
  // A leaf sharing no graph with this tensor: same value (copied), no grad.
  Tensor detach() const;

  // --- Gradients -----------------------------------------------------------
  // Accumulated gradient of a leaf that requires grad (same shape as value).
  // Throws std::logic_error for any other tensor.
  const arma::mat& grad() const;
  void zero_grad();

  // Reverse pass from this 1x1 tensor (seed gradient 1). Adds d(this)/d(leaf)
  // into the grad() of every leaf that requires grad. Throws std::invalid_argument
  // for a non-scalar tensor: use the overload with an explicit seed.
  void backward(BackwardOptions options = {}) const;
  // Reverse pass with an explicit seed gradient of this tensor's shape.
  void backward(const arma::mat& seed, BackwardOptions options = {}) const;

  // For the library's own use.
  explicit Tensor(std::shared_ptr<detail::Node> node) : node_(std::move(node)) {}
  const std::shared_ptr<detail::Node>& node() const { return node_; }

 private:
  std::shared_ptr<detail::Node> node_;
};

// A leaf that requires grad: a parameter or an input to differentiate by.
Tensor variable(arma::mat value);
Tensor variable(double value);
// A leaf that never collects a gradient.
Tensor constant(arma::mat value);
Tensor constant(double value);
// A constant that reads `value` where it is, without copying it: for a data
// set of many megabytes that a training loop feeds to every step. `value`
// must outlive every tensor made from it and must not change while they are
// in use. Its data() is read-only: it throws std::logic_error.
Tensor borrowed_constant(const arma::mat& value);

}  // namespace ad
