#include "adtrain/plot/sampling.hpp"

namespace adtrain::plot {

std::vector<std::size_t> evenly_spaced_indices(std::size_t total, std::size_t limit) {
  std::vector<std::size_t> indices;
  if (total <= limit) {
    for (std::size_t i = 0; i < total; ++i) indices.push_back(i);
    return indices;
  }
  if (limit == 0) return indices;
  if (limit == 1) return {0};
  // i * (total - 1) / (limit - 1), split into quotient and remainder so that
  // the product cannot overflow. total > limit, so consecutive indices differ
  // by at least 1: all distinct.
  const std::size_t whole = (total - 1) / (limit - 1);
  const std::size_t rest = (total - 1) % (limit - 1);
  for (std::size_t i = 0; i < limit; ++i) {
    indices.push_back(i * whole + i * rest / (limit - 1));
  }
  return indices;
}

}  // namespace adtrain::plot
