// adtrain's reverse-mode automatic differentiation on a dynamic graph: the
// library's whole public API, in one header. Values are float64 Armadillo
// matrices; every op on a Tensor records what produced it, and backward()
// walks that graph once, in reverse, to get the gradient.
#pragma once

#include <armadillo>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace ad {

// ==========================================================================
// The Tensor handle: a float64 matrix that remembers how it was computed.
// ==========================================================================

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

// ==========================================================================
// Differentiable operations on Tensors.
//
// Element-wise binary ops broadcast: shapes are compatible when, in each
// dimension, they are equal or one of them is 1 (so a 1x1 tensor combines
// with any shape, a 1xn row or an mx1 column with an m x n matrix). The
// gradient of a broadcast input is summed back to that input's own shape.
// Incompatible shapes throw std::invalid_argument naming the op and both shapes.
// ==========================================================================

// --- Element-wise arithmetic (tensor or plain number on either side) -------
Tensor operator+(const Tensor& a, const Tensor& b);
Tensor operator-(const Tensor& a, const Tensor& b);
Tensor operator*(const Tensor& a, const Tensor& b);
Tensor operator/(const Tensor& a, const Tensor& b);
Tensor operator-(const Tensor& a);

Tensor operator+(const Tensor& a, double b);
Tensor operator+(double a, const Tensor& b);
Tensor operator-(const Tensor& a, double b);
Tensor operator-(double a, const Tensor& b);
Tensor operator*(const Tensor& a, double b);
Tensor operator*(double a, const Tensor& b);
Tensor operator/(const Tensor& a, double b);
Tensor operator/(double a, const Tensor& b);

// --- Element-wise functions -------------------------------------------------
Tensor exp(const Tensor& x);
Tensor log(const Tensor& x);
Tensor sin(const Tensor& x);
Tensor cos(const Tensor& x);
Tensor sqrt(const Tensor& x);
Tensor tanh(const Tensor& x);
Tensor abs(const Tensor& x);   // gradient 0 at x = 0
Tensor relu(const Tensor& x);  // gradient 0 at x = 0
Tensor pow(const Tensor& x, double exponent);
Tensor sigmoid(const Tensor& x);  // 1 / (1 + e^-x), without overflow for any x

// --- Linear algebra ---------------------------------------------------------
Tensor matmul(const Tensor& a, const Tensor& b);  // (m x k) * (k x n)
// a^T b and a b^T without forming either transpose: for a tall a (a design
// matrix) a^T b reads a once, in place. Their derivatives, and matmul's, are
// products of these three kinds again, so gradients of any order never copy
// an operand into its transpose.
Tensor matmul_transposed_left(const Tensor& a, const Tensor& b);   // a^T b: (k x m)^T * (k x n)
Tensor matmul_transposed_right(const Tensor& a, const Tensor& b);  // a b^T: (m x k) * (n x k)^T
Tensor transpose(const Tensor& x);
Tensor dot(const Tensor& a, const Tensor& b);  // same shapes; 1x1 sum of a*b

// --- Reductions ---------------------------------------------------------------
// Whole tensor -> 1x1. Along a dimension, as in Armadillo: dim 0 reduces each
// column (giving 1 x n), dim 1 reduces each row (giving m x 1).
Tensor sum(const Tensor& x);
Tensor sum(const Tensor& x, int dim);
Tensor mean(const Tensor& x);
Tensor mean(const Tensor& x, int dim);

// --- Shape ----------------------------------------------------------------------
// Repeats x to rows x cols under the broadcasting rule; its gradient sums back.
Tensor broadcast_to(const Tensor& x, arma::uword rows, arma::uword cols);
// Sums x down to rows x cols (the reverse of broadcast_to).
Tensor sum_to(const Tensor& x, arma::uword rows, arma::uword cols);

// --- Fused, numerically stable ops ---------------------------------------------
// log(sigmoid(z)) = -log(1 + e^-z), finite for every finite z.
Tensor log_sigmoid(const Tensor& z);

enum class Reduction { mean, sum, none };

// Binary cross-entropy of probabilities sigmoid(z) against targets y (same
// shape as z, usually 0 or 1), computed from the logits z directly:
//   loss = max(z, 0) - y z + log(1 + e^-|z|)
// Finite for every finite z, with gradient sigmoid(z) - y exact to rounding.
Tensor binary_cross_entropy_with_logits(const Tensor& z, const Tensor& y,
                                        Reduction reduction = Reduction::mean);

// ==========================================================================
// Gradients as values: first and higher order.
// ==========================================================================

struct GradOptions {
  // Build a differentiable graph of the gradient itself, so it can be
  // differentiated again (second derivatives, Hessian-vector products).
  // Implies retain_graph.
  bool create_graph = false;
  // Keep the output's graph usable for another backward pass.
  bool retain_graph = false;
  // Seed gradient of the output; required when the output is not 1x1.
  std::optional<arma::mat> seed = std::nullopt;
};

// d(output)/d(input) for each input, without touching any leaf's grad().
// Inputs may be leaves or intermediate results; one the output does not
// depend on gets a zero gradient of its own shape.
std::vector<Tensor> grad(const Tensor& output, const std::vector<Tensor>& inputs,
                         const GradOptions& options = {});

// ==========================================================================
// Switching graph recording off, per thread.
// ==========================================================================

// True while ops record the graph (the default on every thread).
bool grad_enabled();

// Inside this scope no op records a graph: results are plain leaves. Use it
// for parameter updates and evaluation. Scopes nest; each restores what it found.
class NoGradGuard {
 public:
  NoGradGuard();
  ~NoGradGuard();
  NoGradGuard(const NoGradGuard&) = delete;
  NoGradGuard& operator=(const NoGradGuard&) = delete;

 private:
  bool previous_;
};

// The opposite: records the graph even inside a no_grad scope.
class EnableGradGuard {
 public:
  EnableGradGuard();
  ~EnableGradGuard();
  EnableGradGuard(const EnableGradGuard&) = delete;
  EnableGradGuard& operator=(const EnableGradGuard&) = delete;

 private:
  bool previous_;
};

using no_grad = NoGradGuard;

// ==========================================================================
// How many threads the kernels of large tensors may use.
// ==========================================================================

// The fused loss (binary_cross_entropy_with_logits and its residual) and
// the matrix-vector products split tensors of 64 K elements or more into
// fixed blocks and share the blocks among this many threads; other kernels,
// the element-wise ones included, and smaller tensors run on the calling
// thread.
// Results are the same bits for every thread count. The default is
// OpenMP's: OMP_NUM_THREADS if set, else one thread per core. Without
// OpenMP the library has one thread and set_max_threads() does nothing.
int max_threads();
// n >= 1; throws std::invalid_argument otherwise.
void set_max_threads(int n);
// Cores available to this process (1 without OpenMP).
int available_cores();

// ==========================================================================
// Checking analytic gradients against central finite differences.
// ==========================================================================

struct GradcheckOptions {
  double step = 1e-6;  // finite-difference step h
  double absolute_tolerance = 1e-6;
  double relative_tolerance = 1e-5;
};

struct GradcheckResult {
  bool passed = true;
  double max_abs_error = 0.0;
  // Where the worst element is and what both methods gave, for the message
  // of a failing test.
  std::string detail;
  explicit operator bool() const { return passed; }
};

using TensorFunction = std::function<Tensor(const std::vector<Tensor>&)>;

// Compares grad() of f against (f(x + h) - f(x - h)) / 2h for every element of
// every input. A non-scalar output is first reduced to sum(f(x) * R) with fixed
// weights R, so that each output element is checked with its own weight.
// The inputs' values are the point of evaluation; the tensors are not modified.
// An element passes when |analytic - numeric| <= atol + rtol * |numeric|.
GradcheckResult gradcheck(const TensorFunction& f, const std::vector<Tensor>& inputs,
                          const GradcheckOptions& options = {});

}  // namespace ad
