#include "training_scatter.hpp"

#include <cstddef>
#include <span>
#include <stdexcept>
#include <utility>
#include <vector>

#include "adtrain/ml.hpp"

namespace adtrain::app {

namespace {

// A process's ScatterPoints travel as doubles, the one thing the reducer
// gathers: the counts (exact as doubles far beyond any row count), the
// ranges, then the rows drawn. Each part starts with what its length
// follows from, so that the parts read back one after another from the
// gathered whole.
constexpr std::size_t header_length = 8;

void append(std::vector<double>& out, const plot::ScatterPoints& points) {
  out.insert(out.end(),
             {static_cast<double>(points.rows), static_cast<double>(points.class_counts[0]),
              static_cast<double>(points.class_counts[1]), points.x_min, points.x_max, points.y_min,
              points.y_max, static_cast<double>(points.x.size())});
  for (const std::vector<double>* values : {&points.x, &points.y, &points.labels}) {
    out.insert(out.end(), values->begin(), values->end());
  }
}

std::vector<plot::ScatterPoints> parts_of(std::span<const double> gathered) {
  std::vector<plot::ScatterPoints> parts;
  while (!gathered.empty()) {
    if (gathered.size() < header_length) throw std::logic_error("scatter points cut short");
    plot::ScatterPoints points;
    points.rows = static_cast<std::size_t>(gathered[0]);
    points.class_counts = {static_cast<std::size_t>(gathered[1]),
                           static_cast<std::size_t>(gathered[2])};
    points.x_min = gathered[3];
    points.x_max = gathered[4];
    points.y_min = gathered[5];
    points.y_max = gathered[6];
    const auto drawn = static_cast<std::size_t>(gathered[7]);
    gathered = gathered.subspan(header_length);
    if (gathered.size() / 3 < drawn) throw std::logic_error("scatter points cut short");
    for (std::vector<double>* values : {&points.x, &points.y, &points.labels}) {
      values->assign(gathered.begin(), gathered.begin() + static_cast<std::ptrdiff_t>(drawn));
      gathered = gathered.subspan(drawn);
    }
    parts.push_back(std::move(points));
  }
  return parts;
}

// Every process's points, in process order, which is row order: process r
// holds the global training rows from training_share.first_row on.
plot::ScatterPoints all_points(const Cluster& processes, const TrainingData& data,
                               const std::array<std::size_t, 2>& plane) {
  const ml::RowShare& share = data.training_share;
  const std::size_t total = share.total_rows == 0 ? data.training.rows() : share.total_rows;
  std::vector<double> mine;
  append(mine, plot::scatter_points(data.training, plane, share.first_row, total));
  return plot::combine(parts_of(processes.reducer().all_gather(mine)));
}

// The training means as --standardize computes them, block sums added in
// block order: the same bits on any number of processes, which arma::mean
// of each process's rows could not give.
std::vector<double> training_means(const Cluster& processes, const TrainingData& data,
                                   const ml::LogisticModel& model) {
  const std::size_t features = data.training.feature_names.size();
  // With no feature outside the plane nothing is held: spare the two passes
  // over the data.
  if (features <= 2) return std::vector<double>(features, 0.0);
  // The model's own statistics are of these rows, computed this way.
  const arma::rowvec mean =
      model.standardization
          ? model.standardization->mean
          : ml::Standardization::fit(data.training.features, processes.reducer()).mean;
  return arma::conv_to<std::vector<double>>::from(mean);
}

}  // namespace

plot::ScatterRequest training_scatter(const Cluster& processes, const TrainingData& data,
                                      const ml::LogisticModel& model,
                                      const std::array<std::size_t, 2>& plane,
                                      const ml::BinaryMetrics& metrics) {
  plot::ScatterRequest scatter;
  scatter.points = all_points(processes, data, plane);
  scatter.feature_names = data.training.feature_names;
  scatter.plane = plane;
  scatter.held_at = training_means(processes, data, model);
  scatter.held_at_description = "their training mean";
  scatter.description = "Training data";
  scatter.metrics = metrics;
  return scatter;
}

}  // namespace adtrain::app
