// The reverse pass: one topological sort, then each node's derivative once.
#pragma once

#include <armadillo>
#include <memory>
#include <vector>

#include "adtrain/ad.hpp"
#include "node.hpp"

namespace ad::detail {

// Adds d(root)/d(leaf) into grad of every leaf that requires grad.
void backward_into_leaves(const std::shared_ptr<Node>& root, arma::mat seed, bool retain_graph);

// d(root)/d(input) for each input, as plain values (wrapped in constant tensors)
// or, with create_graph, as differentiable tensors.
std::vector<Tensor> gradients(const std::shared_ptr<Node>& root, const arma::mat& seed,
                              const std::vector<Tensor>& inputs, bool create_graph,
                              bool retain_graph);

}  // namespace ad::detail
