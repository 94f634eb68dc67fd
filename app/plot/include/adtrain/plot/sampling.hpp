// Choosing which of many rows to draw.
#pragma once

#include <cstddef>
#include <vector>

namespace adtrain::plot {

// All of 0 .. total-1 when total <= limit; otherwise `limit` indices spread
// evenly from the first to the last, ascending. Even spacing keeps the
// picture's density honest where random sampling would add noise.
std::vector<std::size_t> evenly_spaced_indices(std::size_t total, std::size_t limit);

}  // namespace adtrain::plot
