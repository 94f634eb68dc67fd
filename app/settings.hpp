// Everything the command line (or a --config file) can say, per command.
// Plain values with their defaults; cli.cpp declares and validates them.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "adtrain/ml/trainer.hpp"

namespace adtrain::app {

// How to read a data file (see adtrain::data::ReadOptions).
struct ReadSettings {
  std::string delimiter = "auto";     // auto , ; tab space
  std::string header = "auto";        // auto yes no
  std::string label;                  // name or 0-based index; empty: last column
  std::vector<std::string> features;  // names; empty: all but the label
  std::string positive;               // spelling of the positive class; empty: automatic
  bool skip_bad_rows = false;
};

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

  // Model and optimisation
  std::string init = "zeros";  // zeros ones random
  ml::TrainOptions training;   // epochs, lr, batch size, shuffle, optimizer, l2, tol
  std::string optimizer = "sgd";
  // Threads for the kernels of large tensors; 0: one per core. One by
  // default: on a shared machine a second thread waiting for a busy core
  // made full-batch epochs 2.6x slower, and the results are the same bits.
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

}  // namespace adtrain::app
