#include "adtrain/plot/plane_choice.hpp"

#include <algorithm>

#include "adtrain/plot/plot_error.hpp"

namespace adtrain::plot {

namespace {

std::string joined(const std::vector<std::string>& names) {
  std::string text;
  for (const std::string& name : names) text += (text.empty() ? "" : ",") + name;
  return text;
}

}  // namespace

std::optional<std::array<std::size_t, 2>> choose_plane(const std::vector<std::string>& features,
                                                       const std::vector<std::string>& requested) {
  if (requested.empty()) {
    if (features.size() < 2) return std::nullopt;
    return std::array<std::size_t, 2>{0, 1};
  }
  if (requested.size() != 2) {
    throw PlotError("--plot-features needs exactly two feature names, got " +
                    std::to_string(requested.size()) + " (" + joined(requested) + ")");
  }
  if (requested[0] == requested[1]) {
    throw PlotError("--plot-features names " + requested[0] +
                    " twice; give two different features");
  }
  std::array<std::size_t, 2> plane{};
  for (std::size_t i = 0; i < 2; ++i) {
    const auto found = std::find(features.begin(), features.end(), requested[i]);
    if (found == features.end()) {
      throw PlotError("--plot-features: no feature named '" + requested[i] +
                      "' (the features are " + joined(features) + ")");
    }
    plane[i] = static_cast<std::size_t>(found - features.begin());
  }
  return plane;
}

}  // namespace adtrain::plot
