// Writes parsed rows straight into the final column-major Armadillo matrix,
// sized up front from the counted records, so that rows are never gathered
// elsewhere and copied: the peak memory stays close to the result itself.
#pragma once

#include <armadillo>
#include <cstddef>

namespace adtrain::data {

class TableBuilder {
 public:
  TableBuilder(std::size_t feature_count, bool with_labels, std::size_t expected_rows);

  // A row is written in place and only kept once committed, so a bad row
  // costs nothing to drop.
  void begin_row() {
    if (rows_ == capacity_) grow();
  }
  void set_feature(std::size_t slot, double value) {
    features_.memptr()[slot * capacity_ + rows_] = value;
  }
  void set_label(double value) { labels_.memptr()[rows_] = value; }
  void commit_row() { ++rows_; }

  std::size_t rows() const { return rows_; }
  // Hands over the committed rows; the builder is empty afterwards.
  void finish(arma::mat& features, arma::vec& labels);

 private:
  // Only when the count was off; keeps the rows already written.
  void grow();

  arma::mat features_;
  arma::vec labels_;
  std::size_t capacity_ = 0;
  std::size_t rows_ = 0;
  bool with_labels_ = false;
};

}  // namespace adtrain::data
