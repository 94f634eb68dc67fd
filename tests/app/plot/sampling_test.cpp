// Evenly spaced sampling of rows beyond the point limit.
#include <gtest/gtest.h>

#include <set>

#include "plot_internal.hpp"

namespace adtrain::plot {
namespace {

TEST(PlotSampling, UpToTheLimitEveryRowIsKept) {
  EXPECT_EQ(evenly_spaced_indices(3, 5000), (std::vector<std::size_t>{0, 1, 2}));
  EXPECT_EQ(evenly_spaced_indices(5000, 5000).size(), 5000u);
  EXPECT_TRUE(evenly_spaced_indices(0, 5000).empty());
}

TEST(PlotSampling, BeyondTheLimitExactlyLimitDistinctRowsFromFirstToLast) {
  for (std::size_t total : {5001u, 6000u, 12345u, 1000000u}) {
    const std::vector<std::size_t> indices = evenly_spaced_indices(total, 5000);
    ASSERT_EQ(indices.size(), 5000u);
    EXPECT_EQ(indices.front(), 0u);
    EXPECT_EQ(indices.back(), total - 1);
    EXPECT_EQ(std::set<std::size_t>(indices.begin(), indices.end()).size(), 5000u);
    // Even: every gap is the same up to one row.
    const std::size_t shortest = (total - 1) / 4999;
    for (std::size_t i = 1; i < indices.size(); ++i) {
      const std::size_t gap = indices[i] - indices[i - 1];
      ASSERT_TRUE(gap == shortest || gap == shortest + 1) << total << " gap " << gap;
    }
  }
}

TEST(PlotSampling, TinyLimits) {
  EXPECT_EQ(evenly_spaced_indices(10, 1), (std::vector<std::size_t>{0}));
  EXPECT_EQ(evenly_spaced_indices(10, 2), (std::vector<std::size_t>{0, 9}));
}

}  // namespace
}  // namespace adtrain::plot
