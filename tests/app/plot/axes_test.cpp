// Axes (app/plot/src/axes.cpp): nice ticks, steps of 1, 2 or 5 times a power
// of ten inside the interval, and their labels.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "plot_internal.hpp"

namespace adtrain::plot {
namespace {

// ---- Ticks --------------------------------------------------------------------------------------

std::vector<std::string> labels(const Ticks& ticks) {
  std::vector<std::string> out;
  for (double value : ticks.values) out.push_back(format_tick(value, ticks));
  return out;
}

bool is_nice(double step) {
  const double magnitude = std::pow(10.0, std::floor(std::log10(step) + 1e-9));
  const double fraction = step / magnitude;
  for (double nice : {1.0, 2.0, 5.0, 10.0}) {
    if (std::abs(fraction - nice) < 1e-9) return true;
  }
  return false;
}

TEST(PlotTicks, UnitIntervalGetsTenthsInSteps) {
  const Ticks ticks = nice_ticks(-0.05, 1.05);
  EXPECT_DOUBLE_EQ(ticks.step, 0.2);
  EXPECT_EQ(labels(ticks), (std::vector<std::string>{"0.0", "0.2", "0.4", "0.6", "0.8", "1.0"}));
}

TEST(PlotTicks, LabelsHideFloatingPointNoise) {
  const Ticks ticks = nice_ticks(0.25, 0.75, 5);
  EXPECT_DOUBLE_EQ(ticks.step, 0.1);
  // 3 * 0.1 is 0.30000000000000004 in binary.
  EXPECT_EQ(labels(ticks), (std::vector<std::string>{"0.3", "0.4", "0.5", "0.6", "0.7"}));
}

TEST(PlotTicks, NegativeAndSmallRanges) {
  EXPECT_EQ(labels(nice_ticks(-52.6, 12.8)),
            (std::vector<std::string>{"-50", "-40", "-30", "-20", "-10", "0", "10"}));
  EXPECT_EQ(labels(nice_ticks(-0.0022, 0.0032)),
            (std::vector<std::string>{"-0.002", "-0.001", "0.000", "0.001", "0.002", "0.003"}));
}

TEST(PlotTicks, NeverNegativeZero) {
  const Ticks ticks = nice_ticks(-0.3, 0.3);
  for (const std::string& label : labels(ticks)) EXPECT_NE(label, "-0.0");
}

TEST(PlotTicks, HugeAndTinyMagnitudesUseExponents) {
  const Ticks huge = nice_ticks(0.0, 3e7);
  EXPECT_EQ(format_tick(huge.values.back(), huge), "3e+07");
  const Ticks tiny = nice_ticks(1e-7, 9e-7);
  EXPECT_EQ(format_tick(tiny.values.front(), tiny), "2e-07");
  const Ticks narrow = nice_ticks(1.001e7, 1.003e7);
  EXPECT_EQ(format_tick(narrow.values.front(), narrow), "1.001e+07");
}

TEST(PlotTicks, EpochTicksAreWholeNumbers) {
  const Ticks one = nice_ticks(0.5, 1.5, 6, 1.0);
  EXPECT_EQ(labels(one), (std::vector<std::string>{"1"}));
  const Ticks few = nice_ticks(1, 3, 6, 1.0);
  EXPECT_EQ(labels(few), (std::vector<std::string>{"1", "2", "3"}));
  const Ticks many = nice_ticks(1, 300, 6, 1.0);
  EXPECT_EQ(labels(many), (std::vector<std::string>{"50", "100", "150", "200", "250", "300"}));
}

TEST(PlotTicks, EmptyIntervalGetsOneTickAndNonFiniteNone) {
  EXPECT_EQ(nice_ticks(2.0, 2.0).values, std::vector<double>{2.0});
  EXPECT_TRUE(nice_ticks(0.0, std::nan("")).values.empty());
  EXPECT_TRUE(nice_ticks(-INFINITY, 1.0).values.empty());
}

TEST(PlotTicks, AnyIntervalGetsAFewNiceTicksInside) {
  std::mt19937_64 random(7);
  std::uniform_real_distribution<double> exponent(-8.0, 8.0), unit(-1.0, 1.0);
  for (int trial = 0; trial < 2000; ++trial) {
    const double scale = std::pow(10.0, exponent(random));
    double low = unit(random) * scale, high = unit(random) * scale;
    if (low > high) std::swap(low, high);
    if (!(high > low)) continue;
    const Ticks ticks = nice_ticks(low, high);
    ASSERT_TRUE(is_nice(ticks.step)) << low << " " << high << " step " << ticks.step;
    ASSERT_GE(ticks.values.size(), 2u) << low << " " << high;
    ASSERT_LE(ticks.values.size(), 11u) << low << " " << high;
    for (double value : ticks.values) {
      ASSERT_GE(value, low - ticks.step * 1e-6);
      ASSERT_LE(value, high + ticks.step * 1e-6);
    }
    for (std::size_t i = 1; i < ticks.values.size(); ++i) {
      ASSERT_NE(format_tick(ticks.values[i], ticks), format_tick(ticks.values[i - 1], ticks))
          << "ticks must be told apart by their labels";
    }
  }
}

TEST(PlotTicks, AnyRangeGetsABoundedNumberOfTicks) {
  const std::vector<std::pair<double, double>> ranges = {
      {0.3, 0.30000000000000004},
      {1.0, 1.0000000000000002},
      {0.0, 0.0},
      {0.0, 5e-324},
      {-1e-320, 1e-320},
      {-1e308, 1e308},
      {-1.7976931348623157e308, 1.7976931348623157e308},
      {1e300, 1.0000000000001e300},
      {-1e-300, 0.0},
      {9007199254740992.0, 9007199254740994.0}};
  for (const auto& [low, high] : ranges) {
    const Ticks ticks = nice_ticks(low, high);
    ASSERT_FALSE(ticks.values.empty()) << low << " " << high;
    EXPECT_LE(ticks.values.size(), 20u) << low << " " << high;
    for (std::size_t k = 0; k < ticks.values.size(); ++k) {
      EXPECT_TRUE(std::isfinite(ticks.values[k])) << low << " " << high;
      if (k > 0) {
        EXPECT_GT(ticks.values[k], ticks.values[k - 1]) << low << " " << high;
      }
    }
    EXPECT_TRUE(std::isfinite(ticks.step) && ticks.step > 0) << low << " " << high;
    for (double value : ticks.values) EXPECT_FALSE(format_tick(value, ticks).empty());
  }
}

}  // namespace
}  // namespace adtrain::plot
