// Which two features span the scatter panel.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace adtrain::plot {

// Indices into `features` of the two features to plot: `requested` (the
// names given to --plot-features), or the first two when it is empty.
// nullopt when nothing was requested and there are fewer than two features.
// Throws PlotError when `requested` is not two different feature names.
std::optional<std::array<std::size_t, 2>> choose_plane(const std::vector<std::string>& features,
                                                       const std::vector<std::string>& requested);

}  // namespace adtrain::plot
