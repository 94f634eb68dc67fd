// Gradients as values: first and higher order.
#pragma once

#include <optional>
#include <vector>

#include "adtrain/ad/tensor.hpp"

namespace ad {

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

}  // namespace ad
