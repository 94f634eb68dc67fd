// What the scatter panel shows of the rows (app/plot/src/scatter_points.cpp):
// counts, ranges and the rows drawn, of a whole data set and of parts that
// combine into it to the bit, so that a run shared among processes draws
// the picture of one process.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "picture_fixture.hpp"
#include "plot_internal.hpp"

namespace adtrain::plot {
namespace {

using picture_fixture::Fixture;
using picture_fixture::points;
using picture_fixture::ten_labels;
using picture_fixture::ten_points;

std::vector<std::uint64_t> bits_of_values(const std::vector<double>& values) {
  std::vector<std::uint64_t> bits;
  for (double v : values) bits.push_back(std::bit_cast<std::uint64_t>(v));
  return bits;
}

void expect_same_points(const ScatterPoints& expected, const ScatterPoints& actual,
                        const std::string& what) {
  EXPECT_EQ(actual.rows, expected.rows) << what;
  EXPECT_EQ(actual.class_counts, expected.class_counts) << what;
  EXPECT_EQ(bits_of_values({actual.x_min, actual.x_max, actual.y_min, actual.y_max}),
            bits_of_values({expected.x_min, expected.x_max, expected.y_min, expected.y_max}))
      << what;
  EXPECT_EQ(bits_of_values(actual.x), bits_of_values(expected.x)) << what;
  EXPECT_EQ(bits_of_values(actual.y), bits_of_values(expected.y)) << what;
  EXPECT_EQ(bits_of_values(actual.labels), bits_of_values(expected.labels)) << what;
}

// Rows [first, last) of `data`, as one process would hold them.
ml::Dataset rows_between(const ml::Dataset& data, std::size_t first, std::size_t last) {
  std::vector<arma::uword> rows;
  for (std::size_t i = first; i < last; ++i) rows.push_back(i);
  return ml::select_rows(data, rows);
}

// More rows than the panel draws, three features, and ties at both ends of
// the ranges between 0 and -0, whose order only the first smallest and last
// largest rule settles.
ml::Dataset many_rows() {
  const arma::uword rows = 12345;
  arma::mat features = arma::randu<arma::mat>(rows, 3) * 2.0 - 1.0;
  features.col(2) = arma::abs(features.col(2));
  for (arma::uword i : {10u, 7000u}) features(i, 2) = 0.0;
  for (arma::uword i : {3u, 9000u}) features(i, 2) = -0.0;
  features.col(1) = -features.col(2);  // its largest values are the zeros
  arma::vec labels(rows);
  for (arma::uword i = 0; i < rows; ++i) labels(i) = features(i, 0) > 0.2;
  return points(features, labels, {"a", "b", "c"});
}

TEST(PlotScatterPoints, AWholeSmallDataSetIsDrawnRowByRow) {
  const ml::Dataset data = points(ten_points, ten_labels);
  const ScatterPoints p = scatter_points(data, {1, 0});
  EXPECT_EQ(p.rows, 10u);
  EXPECT_EQ(p.class_counts, (std::array<std::size_t, 2>{5, 5}));
  EXPECT_EQ(p.x, arma::conv_to<std::vector<double>>::from(ten_points.col(1)));
  EXPECT_EQ(p.y, arma::conv_to<std::vector<double>>::from(ten_points.col(0)));
  EXPECT_EQ(p.labels, arma::conv_to<std::vector<double>>::from(ten_labels));
  EXPECT_EQ(p.x_min, 0.1);
  EXPECT_EQ(p.x_max, 0.9);
  EXPECT_EQ(p.y_min, 0.05);
  EXPECT_EQ(p.y_max, 0.95);
}

TEST(PlotScatterPoints, BeyondTheLimitTheRowsDrawnAreSpreadEvenlyAndTheRangesAreOfAllRows) {
  const ml::Dataset data = many_rows();
  const ScatterPoints p = scatter_points(data, {0, 1});
  const std::vector<std::size_t> rows = evenly_spaced_indices(data.rows(), scatter_point_limit);
  ASSERT_EQ(p.x.size(), scatter_point_limit);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    ASSERT_EQ(p.x[i], data.features(rows[i], 0)) << i;
    ASSERT_EQ(p.y[i], data.features(rows[i], 1)) << i;
    ASSERT_EQ(p.labels[i], data.labels(rows[i])) << i;
  }
  EXPECT_EQ(p.rows, data.rows());
  EXPECT_EQ(p.x_min, data.features.col(0).min());
  EXPECT_EQ(p.x_max, data.features.col(0).max());
  EXPECT_EQ(p.class_counts[1], static_cast<std::size_t>(arma::accu(data.labels)));
}

TEST(PlotScatterPoints, PartsCombineIntoTheWholeToTheBit) {
  const ml::Dataset data = many_rows();
  const std::size_t n = data.rows();
  // Cuts as processes would hold the rows: empty parts first, in the middle
  // and last, one row alone, and cuts between the zeros that tie.
  for (const std::vector<std::size_t>& cuts :
       std::vector<std::vector<std::size_t>>{{0, n},
                                             {0, 0, n},
                                             {0, 4, 4, 7001, n, n},
                                             {0, 1, 2, 3, 4, 5, 11, 8999, 9001, n},
                                             {0, 6000, 6001, 12000, n}}) {
    for (const std::array<std::size_t, 2> plane : {std::array<std::size_t, 2>{0, 1}, {2, 1}}) {
      std::vector<ScatterPoints> parts;
      for (std::size_t i = 0; i + 1 < cuts.size(); ++i) {
        parts.push_back(
            scatter_points(rows_between(data, cuts[i], cuts[i + 1]), plane, cuts[i], n));
      }
      const std::string what =
          std::to_string(parts.size()) + " parts, plane " + std::to_string(plane[0]);
      expect_same_points(scatter_points(data, plane), combine(parts), what);
    }
  }
}

TEST(PlotScatterPoints, TheTiesBetweenZerosEndAsInTheWhole) {
  const ml::Dataset data = many_rows();
  const ScatterPoints whole = scatter_points(data, {2, 1});
  // The first smallest of c is row 3's -0; the last largest of b is row
  // 9000's 0 (b = -c).
  EXPECT_TRUE(std::signbit(whole.x_min));
  EXPECT_FALSE(std::signbit(whole.y_max));
  // Split after row 10, whose c is 0 (and b -0): the first part ends its
  // ranges on -0 for c's smallest and b's largest, the second on 0.
  const ScatterPoints parts[] = {
      scatter_points(rows_between(data, 0, 11), {2, 1}, 0, data.rows()),
      scatter_points(rows_between(data, 11, data.rows()), {2, 1}, 11, data.rows())};
  EXPECT_TRUE(std::signbit(parts[0].y_max));
  EXPECT_FALSE(std::signbit(parts[1].x_min));
  EXPECT_TRUE(std::signbit(combine(parts).x_min));
  EXPECT_FALSE(std::signbit(combine(parts).y_max));
}

TEST(PlotScatterPoints, CombinedPartsDrawTheWholePicture) {
  const ml::Dataset data = many_rows();
  ml::LogisticModel m;
  m.feature_names = data.feature_names;
  m.weights = {1.5, -2.0, 0.5};
  m.bias = 0.25;
  Fixture whole(data, m), parted(data, m);
  whole.request.scatter->held_at = parted.request.scatter->held_at = {0.0, 0.0, 0.5};
  const std::vector<std::size_t> cuts{0, 4096, 4096, 8192, data.rows()};
  std::vector<ScatterPoints> parts;
  for (std::size_t i = 0; i + 1 < cuts.size(); ++i) {
    parts.push_back(
        scatter_points(rows_between(data, cuts[i], cuts[i + 1]), {0, 1}, cuts[i], data.rows()));
  }
  parted.request.scatter->points = combine(parts);
  EXPECT_EQ(parted.draw(), whole.draw());
}

TEST(PlotScatterPoints, AnEmptyPartHasNoRowsAndDrawsNone) {
  const ml::Dataset data = many_rows();
  const ScatterPoints p = scatter_points(rows_between(data, 0, 0), {0, 1}, 300, data.rows());
  EXPECT_EQ(p.rows, 0u);
  EXPECT_TRUE(p.x.empty());
  EXPECT_EQ(p.class_counts, (std::array<std::size_t, 2>{0, 0}));
}

TEST(PlotScatterPoints, RowsOrFeaturesBeyondTheDataSetAreRefused) {
  const ml::Dataset data = points(ten_points, ten_labels);
  EXPECT_THROW(scatter_points(data, {0, 1}, 5, 14), std::invalid_argument);
  EXPECT_THROW(scatter_points(data, {0, 1}, 20, 14), std::invalid_argument);
  EXPECT_THROW(scatter_points(data, {0, 2}), std::invalid_argument);
  EXPECT_NO_THROW(scatter_points(data, {0, 1}, 4, 14));
}

}  // namespace
}  // namespace adtrain::plot
