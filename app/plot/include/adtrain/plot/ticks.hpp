// Axis ticks at "nice" numbers: 1, 2 or 5 times a power of ten, the steps a
// person would choose, so that labels read 0.2, 0.4, ... and not 0.1873.
#pragma once

#include <string>
#include <vector>

namespace adtrain::plot {

struct Ticks {
  std::vector<double> values;  // ascending, all inside [low, high]
  double step = 1.0;
  int decimals = 0;  // digits after the point that tell the ticks apart
};

// About `target` ticks inside [low, high]. Steps are never below
// `smallest_step` (1 for epoch numbers). An empty or reversed interval gets
// the single tick `low`; a non-finite one gets none.
Ticks nice_ticks(double low, double high, int target = 5, double smallest_step = 0.0);

// A tick label with the ticks' decimals: "0.2", "-1", "1e+06" for large or
// tiny magnitudes, never "-0".
std::string format_tick(double value, const Ticks& ticks);

}  // namespace adtrain::plot
