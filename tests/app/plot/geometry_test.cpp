// Clipping the boundary to the visible box, and the sides of the box.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "plot_internal.hpp"

namespace adtrain::plot {
namespace {

const Box unit_box{0.0, 1.0, 0.0, 1.0};

double polygon_area(const std::vector<Point>& polygon) {
  double twice = 0.0;
  for (std::size_t i = 0; i < polygon.size(); ++i) {
    const Point& p = polygon[i];
    const Point& q = polygon[(i + 1) % polygon.size()];
    twice += p.x * q.y - q.x * p.y;
  }
  return std::abs(twice) / 2.0;
}

TEST(PlotGeometry, DiagonalCrossesTheUnitBoxCornerToCorner) {
  const auto segment = clip_line({1.0, 1.0, -1.0}, unit_box);  // x + y = 1
  ASSERT_TRUE(segment);
  EXPECT_DOUBLE_EQ(segment->first.x, 0.0);
  EXPECT_DOUBLE_EQ(segment->first.y, 1.0);
  EXPECT_DOUBLE_EQ(segment->second.x, 1.0);
  EXPECT_DOUBLE_EQ(segment->second.y, 0.0);
}

TEST(PlotGeometry, VerticalAndHorizontalLines) {
  const auto vertical = clip_line({2.0, 0.0, -1.0}, unit_box);  // x = 0.5
  ASSERT_TRUE(vertical);
  EXPECT_DOUBLE_EQ(vertical->first.x, 0.5);
  EXPECT_DOUBLE_EQ(vertical->second.x, 0.5);
  EXPECT_DOUBLE_EQ(std::abs(vertical->second.y - vertical->first.y), 1.0);
  const auto horizontal = clip_line({0.0, -4.0, 1.0}, unit_box);  // y = 0.25
  ASSERT_TRUE(horizontal);
  EXPECT_DOUBLE_EQ(horizontal->first.y, 0.25);
  EXPECT_DOUBLE_EQ(horizontal->first.x, 0.0);
  EXPECT_DOUBLE_EQ(horizontal->second.x, 1.0);
}

TEST(PlotGeometry, LineThatMissesOrOnlyTouchesACornerIsNotDrawn) {
  EXPECT_FALSE(clip_line({1.0, 1.0, 5.0}, unit_box));   // x + y = -5
  EXPECT_FALSE(clip_line({1.0, 1.0, 0.0}, unit_box));   // touches (0, 0) only
  EXPECT_FALSE(clip_line({1.0, -1.0, 2.0}, unit_box));  // y = x + 2
}

TEST(PlotGeometry, DegenerateLineIsNotDrawn) {
  EXPECT_FALSE(clip_line({0.0, 0.0, 0.0}, unit_box));
  EXPECT_FALSE(clip_line({0.0, 0.0, 1.0}, unit_box));
}

TEST(PlotGeometry, ClippedEndpointsLieOnTheLineAndOnTheBoxEdge) {
  std::mt19937_64 random(11);
  std::uniform_real_distribution<double> coefficient(-50.0, 50.0);
  const Box box{-3.5, 120.0, -0.002, 0.004};
  int drawn = 0;
  for (int trial = 0; trial < 5000; ++trial) {
    // Lines through a random point near the box, in random directions.
    const Line line{coefficient(random), coefficient(random) * 1e4, 0.0};
    const Point through{coefficient(random) * 2.0, coefficient(random) * 1e-4};
    const Line shifted{line.a, line.b, -(line.a * through.x + line.b * through.y)};
    const auto segment = clip_line(shifted, box);
    if (!segment) continue;
    ++drawn;
    for (const Point& p : {segment->first, segment->second}) {
      const double scale =
          std::abs(shifted.a * p.x) + std::abs(shifted.b * p.y) + std::abs(shifted.c);
      ASSERT_LE(std::abs(shifted.at(p)), 1e-12 * scale);
      const bool on_vertical_edge = p.x == box.x_min || p.x == box.x_max;
      const bool on_horizontal_edge = p.y == box.y_min || p.y == box.y_max;
      ASSERT_TRUE(on_vertical_edge || on_horizontal_edge);
      ASSERT_GE(p.x, box.x_min - 1e-9);
      ASSERT_LE(p.x, box.x_max + 1e-9);
    }
  }
  EXPECT_GT(drawn, 500) << "the trial lines should often cross the box";
}

TEST(PlotGeometry, SidesOfTheBoxSplitItsArea) {
  const Line x_above_quarter{1.0, 0.0, -0.25};  // x >= 0.25
  EXPECT_NEAR(polygon_area(box_side(unit_box, x_above_quarter)), 0.75, 1e-12);
  EXPECT_NEAR(polygon_area(box_side(unit_box, {-1.0, 0.0, 0.25})), 0.25, 1e-12);
  EXPECT_NEAR(polygon_area(box_side(unit_box, {1.0, 1.0, -1.0})), 0.5, 1e-12);
  EXPECT_NEAR(polygon_area(box_side(unit_box, {0.0, 0.0, 1.0})), 1.0, 1e-12);
  EXPECT_TRUE(box_side(unit_box, {0.0, 0.0, -1.0}).empty());
}

}  // namespace
}  // namespace adtrain::plot
