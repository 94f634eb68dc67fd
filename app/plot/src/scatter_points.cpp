// What the scatter panel shows of a data set's rows (adtrain/plot.hpp), made
// from consecutive rows and combined from parts: the rows drawn are chosen
// among all rows by their place in the whole data set, so that a part picks
// its share of them without seeing the others.
#include <fmt/core.h>

#include <algorithm>
#include <stdexcept>

#include "plot_internal.hpp"

namespace adtrain::plot {

ScatterPoints scatter_points(const ml::Dataset& part, const std::array<std::size_t, 2>& plane,
                             std::size_t first_row, std::size_t total_rows) {
  const std::size_t rows = part.rows();
  if (first_row > total_rows || rows > total_rows - first_row) {
    throw std::invalid_argument(fmt::format("scatter points: rows {} to {} of only {}", first_row,
                                            first_row + rows, total_rows));
  }
  const std::size_t columns = rows > 0 ? part.features.n_cols : part.feature_names.size();
  if (plane[0] >= columns || plane[1] >= columns) {
    throw std::invalid_argument(
        fmt::format("scatter points: features {} and {} of only {}", plane[0], plane[1], columns));
  }
  ScatterPoints points;
  points.rows = rows;
  if (rows == 0) return points;
  const double* x = part.features.colptr(plane[0]);
  const double* y = part.features.colptr(plane[1]);
  const auto [x_low, x_high] = std::minmax_element(x, x + rows);
  const auto [y_low, y_high] = std::minmax_element(y, y + rows);
  points.x_min = *x_low;
  points.x_max = *x_high;
  points.y_min = *y_low;
  points.y_max = *y_high;
  for (double label : part.labels) ++points.class_counts[label == 0.0 ? 0 : 1];
  for (std::size_t row : evenly_spaced_indices(total_rows, scatter_point_limit)) {
    if (row < first_row || row - first_row >= rows) continue;
    points.x.push_back(x[row - first_row]);
    points.y.push_back(y[row - first_row]);
    points.labels.push_back(part.labels[row - first_row]);
  }
  return points;
}

ScatterPoints scatter_points(const ml::Dataset& data, const std::array<std::size_t, 2>& plane) {
  return scatter_points(data, plane, 0, data.rows());
}

ScatterPoints combine(std::span<const ScatterPoints> parts) {
  ScatterPoints whole;
  for (const ScatterPoints& part : parts) {
    if (part.rows > 0) {
      // As std::minmax_element over all rows: the first of equal smallest
      // values and the last of equal largest ones (0 and -0 compare equal),
      // the parts coming in row order.
      const bool first = whole.rows == 0;
      if (first || part.x_min < whole.x_min) whole.x_min = part.x_min;
      if (first || part.y_min < whole.y_min) whole.y_min = part.y_min;
      if (first || !(part.x_max < whole.x_max)) whole.x_max = part.x_max;
      if (first || !(part.y_max < whole.y_max)) whole.y_max = part.y_max;
    }
    whole.rows += part.rows;
    for (std::size_t label : {0, 1}) whole.class_counts[label] += part.class_counts[label];
    whole.x.insert(whole.x.end(), part.x.begin(), part.x.end());
    whole.y.insert(whole.y.end(), part.y.begin(), part.y.end());
    whole.labels.insert(whole.labels.end(), part.labels.begin(), part.labels.end());
  }
  return whole;
}

}  // namespace adtrain::plot
