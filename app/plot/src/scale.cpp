#include "adtrain/plot/scale.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>

#include "adtrain/plot/plot_error.hpp"

namespace adtrain::plot {

Interval padded_interval(double min, double max, double fraction) {
  double pad = (max - min) * fraction;
  if (!(max > min)) pad = std::max(std::abs(min) * 0.1, 0.5);
  const Interval result{min - pad, max + pad};
  if (!std::isfinite(result.low) || !std::isfinite(result.high) || !std::isfinite(result.span()) ||
      !(result.span() > 0.0)) {
    throw PlotError(fmt::format("values from {:g} to {:g} are too large to plot", min, max));
  }
  return result;
}

}  // namespace adtrain::plot
