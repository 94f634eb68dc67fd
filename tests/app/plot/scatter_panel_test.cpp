// The scatter panel (app/plot/src/scatter_panel.cpp): clipping the boundary
// to the visible box and the sides of the box, the boundary in the data's
// own units, sampling rows beyond the point limit, and the panel as the
// picture draws it.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "picture_fixture.hpp"
#include "plot_internal.hpp"
#include "support/svg_inspection.hpp"

namespace adtrain::plot {
namespace {

using picture_fixture::Fixture;
using picture_fixture::model;
using picture_fixture::points;
using picture_fixture::ten_labels;
using picture_fixture::ten_points;

// ---- Geometry -----------------------------------------------------------------------------------

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

// ---- The decision line --------------------------------------------------------------------------
// Folding bias and standardization away must not move it.

ml::LogisticModel standardized_model() {
  ml::LogisticModel model;
  model.feature_names = {"a", "b", "c"};
  model.weights = {-2.5, 4.0, 1.25};
  model.bias = 0.7;
  ml::Standardization s;
  s.mean = {-20.0, 0.0005, 5.0};
  s.std = {15.0, 0.0015, 2.0};
  model.standardization = s;
  return model;
}

double model_logit(const ml::LogisticModel& model, const std::vector<double>& x) {
  return model.logits(arma::rowvec(x))(0);
}

TEST(PlotDecisionLine, PointsOnTheLineInAPlaneHaveLogitZeroWithTheOthersHeld) {
  const ml::LogisticModel model = standardized_model();
  const std::vector<double> held{-20.0, 0.0005, 5.0};
  // The plane of a (x) and c (y); b held at 0.0005.
  const Line line = boundary_in_plane(model.logit_in_original_units(), 0, 2, held);
  for (double a : {-60.0, -20.0, 0.0, 13.0}) {
    const double c = -(line.a * a + line.c) / line.b;
    EXPECT_NEAR(model_logit(model, {a, held[1], c}), 0.0, 1e-9) << a;
  }
}

// ---- Sampling rows ------------------------------------------------------------------------------

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

// ---- The panel in a picture ---------------------------------------------------------------------

TEST(PlotPicture, OneMarkerPerPointAndClass) {
  arma::vec labels = ten_labels;
  labels(0) = 1;  // 4 of class 0, 6 of class 1
  const std::string svg = Fixture(points(ten_points, labels), model(-1, 1, 1)).draw();
  EXPECT_EQ(testing::count_of(svg, "class=\"marker-0\""), 4u);
  EXPECT_EQ(testing::count_of(svg, "class=\"marker-1\""), 6u);
  EXPECT_EQ(testing::count_of(svg, "<circle class=\"marker-0\""), 4u) << "class 0 are circles";
  EXPECT_EQ(testing::count_of(svg, "<path class=\"marker-1\""), 6u) << "class 1 are triangles";
  EXPECT_NE(svg.find("y = 0 (4)"), std::string::npos);
  EXPECT_NE(svg.find("y = 1 (6)"), std::string::npos);
  EXPECT_EQ(testing::count_of(svg, "class=\"decision-boundary\""), 1u);
}

TEST(PlotPicture, BeyondFiveThousandPointsTheyAreSampledAndTheCaptionSaysSo) {
  const arma::mat many = arma::randu<arma::mat>(6000, 2);
  arma::vec labels(6000);
  for (arma::uword i = 0; i < 6000; ++i) labels(i) = many(i, 0) + many(i, 1) >= 1.0;
  const std::string svg = Fixture(points(many, labels), model(-1, 1, 1)).draw();
  EXPECT_EQ(
      testing::count_of(svg, "class=\"marker-0\"") + testing::count_of(svg, "class=\"marker-1\""),
      5000u);
  EXPECT_NE(testing::caption_text(svg).find("Showing 5,000 of 6,000 points, sampled evenly."),
            std::string::npos);
  // The legend counts every point, not only those drawn.
  const auto positives = static_cast<std::size_t>(arma::accu(labels));
  EXPECT_NE(svg.find("y = 1 (" + std::to_string(positives).insert(1, ",") + ")"),
            std::string::npos);
}

TEST(PlotPicture, UpToTheLimitNothingIsSaidAboutSampling) {
  const std::string svg = Fixture(points(ten_points, ten_labels), model(-1, 1, 1)).draw();
  EXPECT_EQ(testing::caption_text(svg).find("sampled"), std::string::npos);
}

TEST(PlotPicture, BoundaryOutsideTheBoxIsNotDrawnAndTheCaptionSaysWhere) {
  // x1 + x2 = -100: far below and left of the points; logit > 0 everywhere shown.
  const std::string svg = Fixture(points(ten_points, ten_labels), model(100, 1, 1)).draw();
  EXPECT_EQ(svg.find("decision-boundary"), std::string::npos);
  EXPECT_EQ(svg.find("decision boundary (p = 0.5)"), std::string::npos) << "no legend entry";
  EXPECT_NE(testing::caption_text(svg).find(
                "The decision boundary lies outside the plotted area: the model predicts "
                "y = 1 everywhere shown."),
            std::string::npos);
}

TEST(PlotPicture, ZeroWeightsInThePlaneMeanNoBoundary) {
  const std::string svg = Fixture(points(ten_points, ten_labels), model(-2, 0, 0)).draw();
  EXPECT_EQ(svg.find("decision-boundary"), std::string::npos);
  EXPECT_NE(testing::caption_text(svg).find(
                "No decision boundary in this plane (the model's weights for x1 and x2 "
                "are 0): the model predicts y = 0 everywhere shown."),
            std::string::npos);
}

TEST(PlotPicture, AllPointsOfOneClass) {
  const arma::vec ones(10, arma::fill::ones);
  const std::string svg = Fixture(points(ten_points, ones), model(-1, 1, 1)).draw();
  EXPECT_EQ(testing::count_of(svg, "class=\"marker-0\""), 0u);
  EXPECT_EQ(testing::count_of(svg, "class=\"marker-1\""), 10u);
  EXPECT_NE(svg.find("y = 0 (0)"), std::string::npos) << "both classes stay in the legend";
}

TEST(PlotPicture, IdenticalZeroAndNegativeCoordinatesStillGetAxes) {
  arma::mat flat(4, 2, arma::fill::zeros);
  flat.col(1) = arma::vec{-3.0, -1.0, -2.0, -5.0};
  const std::string svg = Fixture(points(flat, {0, 1, 0, 1}), model(0, 1, 1)).draw();
  EXPECT_EQ(testing::count_of(svg, "class=\"marker-"), 4u);
  EXPECT_NE(svg.find(">-4<"), std::string::npos) << "negative tick labels";
}

TEST(PlotPicture, CoordinatesTooLargeToPlaceAreAnError) {
  const arma::mat huge = {{-1.7e308, 0.0}, {1.7e308, 1.0}};
  Fixture fixture(points(huge, {0, 1}), model(0, 1, 1));
  EXPECT_THROW(fixture.draw(), PlotError);
}

}  // namespace
}  // namespace adtrain::plot
