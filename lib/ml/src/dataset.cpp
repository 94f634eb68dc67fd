#include "adtrain/ml.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace adtrain::ml {

std::array<std::size_t, 2> Dataset::class_counts() const {
  const auto positives = static_cast<std::size_t>(arma::accu(labels == 1.0));
  return {static_cast<std::size_t>(labels.n_elem) - positives, positives};
}

Dataset generate_seed_data(std::size_t rows, std::uint64_t seed) {
  Random random(seed, streams::data);
  Dataset data;
  data.features.set_size(rows, 2);
  data.labels.set_size(rows);
  // Row by row, x1 then x2, so a longer data set starts with the shorter one.
  for (arma::uword i = 0; i < rows; ++i) {
    const double x1 = random.uniform();
    const double x2 = random.uniform();
    data.features(i, 0) = x1;
    data.features(i, 1) = x2;
    data.labels(i) = x1 + x2 >= 1.0 ? 1.0 : 0.0;
  }
  data.feature_names = {"x1", "x2"};
  return data;
}

Dataset select_rows(const Dataset& data, const std::vector<arma::uword>& indices) {
  Dataset out;
  const arma::uvec rows(indices);
  out.features = data.features.rows(rows);
  out.labels = data.labels.elem(rows);
  out.feature_names = data.feature_names;
  out.label_name = data.label_name;
  out.classes = data.classes;
  return out;
}

ValidationShare split_validation_share(const Dataset& local, std::size_t first_row,
                                       std::size_t total_rows, double fraction,
                                       std::uint64_t seed) {
  if (!(fraction > 0.0 && fraction < 1.0)) {
    throw std::invalid_argument("validation fraction must be between 0 and 1 (exclusive)");
  }
  const std::size_t rows = total_rows;
  const auto held_out =
      static_cast<std::size_t>(std::llround(fraction * static_cast<double>(rows)));
  if (held_out == 0 || held_out >= rows) {
    throw std::invalid_argument("a validation split of " + std::to_string(fraction) + " leaves " +
                                std::to_string(rows - held_out) + " training and " +
                                std::to_string(held_out) +
                                " validation rows; both need at least one");
  }
  if (first_row + local.rows() > total_rows) {
    throw std::invalid_argument("split_validation_share: the rows go past the data set's end");
  }
  // The same order on every process: it depends on the seed and the total only.
  std::vector<arma::uword> order(rows);
  for (std::size_t i = 0; i < rows; ++i) order[i] = i;
  Random(seed, streams::validation_split).shuffle(order);
  std::vector<bool> held(rows, false);
  for (std::size_t k = 0; k < held_out; ++k) held[order[k]] = true;

  ValidationShare share;
  share.training_rows = rows - held_out;
  share.validation_rows = held_out;
  std::vector<arma::uword> training, validation;
  for (std::size_t i = 0; i < first_row; ++i) {
    (held[i] ? share.validation_first_row : share.training_first_row) += 1;
  }
  for (std::size_t i = 0; i < local.rows(); ++i) {
    (held[first_row + i] ? validation : training).push_back(i);
  }
  share.training = select_rows(local, training);
  share.validation = select_rows(local, validation);
  return share;
}

std::pair<Dataset, Dataset> split_validation(const Dataset& data, double fraction,
                                             std::uint64_t seed) {
  ValidationShare share = split_validation_share(data, 0, data.rows(), fraction, seed);
  return {std::move(share.training), std::move(share.validation)};
}

bool held_out_by_hash(std::uint64_t record, double fraction, std::uint64_t seed) {
  // The record picks its own generator: the first number of an independent
  // sequence per record (Random mixes seed and stream through SplitMix64).
  Random random(seed ^ (record * 0x9e3779b97f4a7c15ULL), streams::validation_split);
  return random.uniform() < fraction;
}

}  // namespace adtrain::ml
