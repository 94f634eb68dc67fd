#include "table_builder.hpp"

#include <algorithm>

namespace adtrain::data {

TableBuilder::TableBuilder(std::size_t feature_count, bool with_labels, std::size_t expected_rows)
    : features_(expected_rows, feature_count, arma::fill::none),
      labels_(with_labels ? expected_rows : 0, arma::fill::none),
      capacity_(expected_rows),
      with_labels_(with_labels) {
}

void TableBuilder::grow() {
  const std::size_t capacity = std::max<std::size_t>(16, capacity_ + capacity_ / 2);
  arma::mat features(capacity, features_.n_cols, arma::fill::none);
  for (arma::uword column = 0; column < features_.n_cols; ++column) {
    std::copy_n(features_.colptr(column), rows_, features.colptr(column));
  }
  features_ = std::move(features);
  if (with_labels_) {
    arma::vec labels(capacity, arma::fill::none);
    std::copy_n(labels_.memptr(), rows_, labels.memptr());
    labels_ = std::move(labels);
  }
  capacity_ = capacity;
}

void TableBuilder::finish(arma::mat& features, arma::vec& labels) {
  if (rows_ == capacity_) {
    features = std::move(features_);
    labels = std::move(labels_);
  } else {
    // Skipped rows left unused space; trimming it costs one copy.
    features = features_.head_rows(rows_);
    labels = with_labels_ ? arma::vec(labels_.head(rows_)) : arma::vec();
  }
  features_.reset();
  labels_.reset();
  capacity_ = 0;
  rows_ = 0;
}

}  // namespace adtrain::data
