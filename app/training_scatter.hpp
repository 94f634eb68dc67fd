// The scatter panel of --plot, drawn from the training rows wherever they
// are held: each process summarises its own rows and process 0 draws them
// combined, the same picture as one process holding every row.
#pragma once

#include <array>
#include <cstddef>

#include "adtrain/ml.hpp"
#include "adtrain/plot.hpp"
#include "cluster.hpp"
#include "data_loading.hpp"

namespace adtrain::app {

// The scatter request for the training data in `plane`, on every process:
// the points of every process's rows, the features not shown held at their
// training mean, and `metrics` (of all rows). A collective when the run is
// shared among processes.
plot::ScatterRequest training_scatter(const Cluster& processes, const TrainingData& data,
                                      const ml::LogisticModel& model,
                                      const std::array<std::size_t, 2>& plane,
                                      const ml::BinaryMetrics& metrics);

}  // namespace adtrain::app
