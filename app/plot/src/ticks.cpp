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
  target = std::max(target, 1);
  const double width = high - low;  // overflows for a range wider than DBL_MAX
  double raw_step = std::isfinite(width) ? width / target : high / target - low / target;
  // Finer than about 2^-50 of the values' magnitude, neighbouring ticks would
  // be the same double, and k * step below would stop advancing (k past 2^53).
  const double magnitude = std::max(std::abs(low), std::abs(high));
  raw_step = std::max({raw_step, magnitude * 0x1p-50, 1e-300});
  double step = std::max(nice_step(raw_step), smallest_step);
  if (!std::isfinite(step)) step = raw_step;  // a nice step past DBL_MAX
  ticks.step = step;
  ticks.decimals = decimals_for(step);
  // Multiplying integers by the step, rather than adding the step up, keeps
  // 0 exactly 0 and stops errors from accumulating. |first| <= 2^51 here, so
  // first + i is exact; the count is bounded by construction, and capped
  // against rounding all the same.
  const double first = std::ceil(low / step - 1e-9);
  const double last = std::floor(high / step + 1e-9);
  constexpr double max_ticks = 1000;
  for (double i = 0; first + i <= last && i < max_ticks; i += 1.0) {
    const double value = (first + i) * step;
    if (!std::isfinite(value) || value < low - step * 1e-9 || value > high + step * 1e-9) continue;
    if (ticks.values.empty() || value > ticks.values.back()) ticks.values.push_back(value);
  }
  if (ticks.values.empty()) ticks.values = {low};
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
