// A labelled data set in memory, the seed's generator, and splitting.
#pragma once

#include <armadillo>
#include <array>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace adtrain::ml {

struct Dataset {
  arma::mat features;  // rows x features, no bias column
  arma::vec labels;    // 0 or 1
  std::vector<std::string> feature_names;
  std::string label_name = "y";
  // How the two classes are spelled in the source (class 0, class 1).
  std::array<std::string, 2> classes{"0", "1"};

  arma::uword rows() const { return features.n_rows; }
  std::array<std::size_t, 2> class_counts() const;
};

// The seed's data: x1, x2 uniform on [0, 1), label 1 when x1 + x2 >= 1.
Dataset generate_seed_data(std::size_t rows, std::uint64_t seed);

// Holds out round(fraction * rows) rows chosen by the seed; returns
// {training, validation}, each keeping the original row order.
std::pair<Dataset, Dataset> split_validation(const Dataset& data, double fraction,
                                             std::uint64_t seed);

// The rows of `data` at `indices`, in that order.
Dataset select_rows(const Dataset& data, const std::vector<arma::uword>& indices);

}  // namespace adtrain::ml
