// Everything the command line (or a --config file) can say, per command.
// Plain values with their defaults; cli.cpp declares them, converts words to
// the enums here and validates them, so nothing past the parser reads a
// user's word again.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "adtrain/data.hpp"
#include "adtrain/ml.hpp"

namespace adtrain::app {

// How to read a data file (see adtrain::data::ReadOptions).
struct ReadSettings {
  data::Delimiter delimiter = data::Delimiter::automatic;
  data::HeaderMode header = data::HeaderMode::automatic;
  std::string label;                  // name or 0-based index; empty: last column
  std::vector<std::string> features;  // names; empty: all but the label
  std::string positive;               // spelling of the positive class; empty: automatic
  bool skip_bad_rows = false;
  std::string comment;  // one character starting comment lines; empty: no comments
};

enum class Initialization { zeros, ones, random };

// How the weights are found. Each optimizer reads its own fields.
struct OptimizationSettings {
  ml::OptimizerKind optimizer = ml::OptimizerKind::sgd;
  // First order. Full-batch gradient descent at lr 10 for 100 epochs
  // classifies every row of the built-in data correctly (lr 0.1, the old
  // default, ended at accuracy 0.67), and on noisy, non-separable data still
  // reaches the optimum; lr 100 would do better on the built-in data but
  // oscillates on noisy data (README, "Why these defaults").
  std::size_t epochs = 100;
  double learning_rate = 10.0;
  std::size_t batch_size = 0;  // 0: the whole data set in one step
  bool shuffle = true;         // reshuffle every epoch (only with batch_size > 0)
  // Rows of the shuffle buffer (ml::ShuffleBuffer); 0: every row in memory,
  // and with --stream what --memory-limit leaves.
  std::size_t shuffle_buffer = 0;
  double momentum = 0.9;  // momentum
  ml::AdamSettings adam;  // adam: beta1, beta2, epsilon (its learning rate is --lr)
  // Newton and L-BFGS.
  std::size_t max_iterations = 500;
  std::size_t lbfgs_memory = 10;
  // Both kinds: the stopping tolerance; its meaning and default depend on
  // the optimizer (see tolerance_for).
  std::optional<double> tolerance;
  // The objective.
  double l2 = 0.0;
  bool penalize_bias = false;
};

// Newton and L-BFGS stop when |grad f(w)| <= tol |grad f(w0)|, LIBLINEAR's
// rule. 1e-6 leaves the objective within about 1e-12 of its minimum on
// well-conditioned problems, and costs Newton one or two iterations more
// than LIBLINEAR's 0.01.
inline constexpr double default_gradient_tolerance = 1e-6;

inline double tolerance_for(const OptimizationSettings& s) {
  if (s.tolerance) return *s.tolerance;
  return ml::is_second_order(s.optimizer) ? default_gradient_tolerance : 0.0;
}

struct TrainSettings {
  // Data
  std::string data;               // CSV file, "-" for stdin; empty: generate
  std::size_t generate = 100;     // rows of the seed's data set when there is no --data
  std::string test;               // held-out file; empty: none
  double validation_split = 0.0;  // fraction held out from the data; 0: none
  ReadSettings read;
  std::uint64_t seed = 0;
  bool bias = true;
  bool standardize = false;
  // Read --data pass after pass in bounded memory (streaming.hpp).
  bool stream = false;
  // Bytes the data may take: with --stream, what the reader and the shuffle
  // buffer hold; without, a larger file is refused before it is read.
  // Default: default_memory_limit(), half of physical memory.
  std::optional<std::uint64_t> memory_limit;

  // Model and optimisation
  Initialization init = Initialization::zeros;
  OptimizationSettings optimization;
  // Threads for the kernels of large tensors; 0: one per core. One by
  // default: on a shared machine a second thread waiting for a busy core
  // made full-batch epochs 2 to 3 times slower (README, "Performance"), and
  // the results are the same bits.
  int threads = 1;

  // Output
  std::size_t log_every = 1;
  bool quiet = false;
  std::string report;                      // JSON report path; empty: none
  std::string plot;                        // SVG picture path; empty: none
  std::vector<std::string> plot_features;  // the scatter panel's two features; empty: first two
  std::string config_file;                 // the --config file, if any (recorded in the report)
};

struct PredictSettings {
  std::string model;  // a training report
  std::string data;
  std::string out;  // CSV path; empty: standard output
  ReadSettings read;
  std::string id;                   // input column copied as the output's first column; empty: none
  std::vector<std::string> keep;    // input columns copied after the predictions
  std::optional<double> threshold;  // overrides the model's, in (0, 1)
};

struct PlotSettings {
  std::string report;  // a training report: the model and its epochs
  std::string data;    // optional: points for the scatter panel
  std::string out;     // SVG path
  std::vector<std::string> plot_features;
  ReadSettings read;
};

struct GenerateSettings {
  std::size_t rows = 100;
  std::uint64_t seed = 0;
  std::string out;
};

inline std::string_view to_string(Initialization init) {
  switch (init) {
    case Initialization::zeros:
      return "zeros";
    case Initialization::ones:
      return "ones";
    case Initialization::random:
      return "random";
  }
  return "?";
}

}  // namespace adtrain::app
