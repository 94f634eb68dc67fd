#include "adtrain/plot/ticks.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>

namespace adtrain::plot {

namespace {

double nice_step(double raw_step) {
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw_step)));
  const double fraction = raw_step / magnitude;
  if (fraction < 1.5) return magnitude;
  if (fraction < 3.0) return 2.0 * magnitude;
  if (fraction < 7.0) return 5.0 * magnitude;
  return 10.0 * magnitude;
}

int decimals_for(double step) {
  return std::max(0, static_cast<int>(-std::floor(std::log10(step) + 1e-9)));
}

}  // namespace

Ticks nice_ticks(double low, double high, int target, double smallest_step) {
  Ticks ticks;
  if (!std::isfinite(low) || !std::isfinite(high)) return ticks;
  if (!(high > low)) {
    ticks.values = {low};
    ticks.step = std::max(1.0, smallest_step);
    ticks.decimals = 0;
    return ticks;
  }
  ticks.step = std::max(nice_step((high - low) / std::max(target, 1)), smallest_step);
  ticks.decimals = decimals_for(ticks.step);
  // Multiplying integers by the step, rather than adding the step up, keeps
  // 0 exactly 0 and stops errors from accumulating.
  const double first = std::ceil(low / ticks.step - 1e-9);
  const double last = std::floor(high / ticks.step + 1e-9);
  for (double k = first; k <= last; k += 1.0) ticks.values.push_back(k * ticks.step);
  return ticks;
}

std::string format_tick(double value, const Ticks& ticks) {
  if (std::abs(value) < ticks.step * 1e-6) value = 0.0;
  const double largest = std::max(std::abs(ticks.values.empty() ? value : ticks.values.front()),
                                  std::abs(ticks.values.empty() ? value : ticks.values.back()));
  if (largest >= 1e6 || (ticks.step < 1e-4 && largest != 0.0)) {
    // Enough significant digits to reach the step, so that neighbours differ.
    const double magnitudes = std::floor(std::log10(largest)) - std::floor(std::log10(ticks.step));
    const int digits = std::max(1, static_cast<int>(magnitudes) + 1);
    return fmt::format("{:.{}g}", value, digits);
  }
  return fmt::format("{:.{}f}", value, ticks.decimals);
}

}  // namespace adtrain::plot
