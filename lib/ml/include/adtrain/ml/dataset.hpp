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

// One process's part of split_validation over a data set split among
// processes: `local` holds global rows [first_row, first_row + local.rows())
// of total_rows, and the rows held out are chosen among all total_rows
// exactly as split_validation chooses them. Each part keeps the original
// row order; *_first_row says where this process's part starts among all
// training (validation) rows.
struct ValidationShare {
  Dataset training, validation;
  std::size_t training_first_row = 0, validation_first_row = 0;
  std::size_t training_rows = 0, validation_rows = 0;  // of the whole data set
};
ValidationShare split_validation_share(const Dataset& local, std::size_t first_row,
                                       std::size_t total_rows, double fraction, std::uint64_t seed);

// Whether a stream holds out data record `record` (its number among the
// file's records) for validation: a seeded hash of the number below
// `fraction`. Each record is decided alone, so no pass needs the row count
// or a permutation of it, and every pass holds out the same rows; the count
// held out is about fraction * rows, not exactly round(fraction * rows) as
// split_validation holds out.
bool held_out_by_hash(std::uint64_t record, double fraction, std::uint64_t seed);

// The rows of `data` at `indices`, in that order.
Dataset select_rows(const Dataset& data, const std::vector<arma::uword>& indices);

}  // namespace adtrain::ml
