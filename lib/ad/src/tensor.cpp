#include "adtrain/ad.hpp"

#include <stdexcept>

#include "engine.hpp"
#include "kernels.hpp"
#include "matrix_pool.hpp"
#include "node.hpp"

namespace ad {

Tensor::Tensor(arma::mat value, bool requires_grad) : node_(detail::make_node(std::move(value))) {
  if (requires_grad) {
    node_->grad =
        std::make_unique<arma::mat>(node_->value.n_rows, node_->value.n_cols, arma::fill::zeros);
  }
  node_->requires_grad = requires_grad;
}

Tensor::Tensor(double value, bool requires_grad) : Tensor(arma::mat{value}, requires_grad) {
}

const arma::mat& Tensor::value() const {
  return node_->value;
}

arma::mat& Tensor::data() {
  if (!node_->is_leaf()) {
    throw std::logic_error(
        std::string("data(): only a leaf's value may be changed, not the result of '") +
        node_->op->name + "'");
  }
  if (detail::is_borrowed_view(node_->value)) {
    throw std::logic_error(
        "data(): a borrowed constant is read-only; it views the caller's matrix");
  }
  return node_->value;
}

double Tensor::item() const {
  if (node_->value.n_elem != 1) {
    throw std::invalid_argument("item(): tensor has shape " + shape_string() + ", not 1x1");
  }
  return node_->value(0);
}

std::string Tensor::shape_string() const {
  return kernel::shape_string(node_->value);
}

bool Tensor::requires_grad() const {
  return node_->requires_grad;
}
bool Tensor::is_leaf() const {
  return node_->is_leaf();
}
const char* Tensor::op_name() const {
  return node_->is_leaf() ? "leaf" : node_->op->name;
}
Tensor Tensor::detach() const {
  return Tensor(node_->value);
}

const arma::mat& Tensor::grad() const {
  if (!node_->grad) {
    throw std::logic_error(
        std::string("grad(): only leaves that require grad keep a gradient; this tensor is ") +
        (node_->is_leaf() ? "a constant" : std::string("the result of '") + node_->op->name + "'") +
        " (use ad::grad() for gradients of intermediate results)");
  }
  return *node_->grad;
}

void Tensor::zero_grad() {
  if (node_->grad) node_->grad->zeros();
}

void Tensor::backward(BackwardOptions options) const {
  if (node_->value.n_elem != 1) {
    throw std::invalid_argument(
        "backward(): output has shape " + shape_string() +
        "; a non-scalar output needs an explicit seed gradient of that shape");
  }
  detail::backward_into_leaves(node_, arma::mat{1.0}, options.retain_graph);
}

void Tensor::backward(const arma::mat& seed, BackwardOptions options) const {
  detail::backward_into_leaves(node_, seed, options.retain_graph);
}

Tensor variable(arma::mat value) {
  return Tensor(std::move(value), true);
}
Tensor variable(double value) {
  return Tensor(value, true);
}
Tensor constant(arma::mat value) {
  return Tensor(std::move(value), false);
}
Tensor constant(double value) {
  return Tensor(value, false);
}
Tensor borrowed_constant(const arma::mat& value) {
  // Armadillo's view of external memory: no copy, and `strict` so that it
  // can never be resized away from that memory. The matrix is only read.
  return Tensor(arma::mat(const_cast<double*>(value.memptr()), value.n_rows, value.n_cols,
                          /*copy_aux_mem=*/false, /*strict=*/true),
                false);
}

}  // namespace ad
