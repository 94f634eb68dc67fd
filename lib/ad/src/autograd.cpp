#include "adtrain/ad.hpp"

#include <stdexcept>

#include "engine.hpp"

namespace ad {

std::vector<Tensor> grad(const Tensor& output, const std::vector<Tensor>& inputs,
                         const GradOptions& options) {
  if (!output.defined()) throw std::invalid_argument("grad(): the output tensor is undefined");
  for (const Tensor& input : inputs) {
    if (!input.defined()) throw std::invalid_argument("grad(): an input tensor is undefined");
  }
  arma::mat seed;
  if (options.seed) {
    seed = *options.seed;
  } else if (output.size() == 1) {
    seed = arma::mat{1.0};
  } else {
    throw std::invalid_argument("grad(): output has shape " + output.shape_string() +
                                "; a non-scalar output needs an explicit seed gradient");
  }
  return detail::gradients(output.node(), seed, inputs, options.create_graph, options.retain_graph);
}

}  // namespace ad
