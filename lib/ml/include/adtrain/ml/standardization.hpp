// z-scoring features with statistics taken from the training data. The
// z-scores themselves, (x - mean) / std column by column, are made by
// design_matrix (model.hpp), together with the bias column in one pass.
#pragma once

#include <armadillo>
#include <cstddef>
#include <vector>

#include "adtrain/ml/reducer.hpp"

namespace adtrain::ml {

struct Standardization {
  arma::rowvec mean;
  arma::rowvec std;  // population standard deviation; 1 for a constant column

  // Statistics of each column of `features`: with several processes, of
  // every process's rows together, each process holding whole blocks of
  // rows_per_block rows (objective.hpp) in process order. The same as
  // ColumnMoments fed the same rows in order, so every process count, and a
  // stream of the rows, gives the same bits. A collective when `reducer`
  // has several processes.
  static Standardization fit(const arma::mat& features, const Reducer& reducer = single_process());
  // Throws std::invalid_argument unless `features` has one column per statistic.
  void check_columns(const arma::mat& features) const;
};

// Column means and variances of rows that arrive in order, in one pass and
// constant memory: what a stream's first pass measures. Within each block of
// rows_per_block rows (counted from the first row added) Welford's update
// takes one row at a time (B. P. Welford, "Note on a method for calculating
// corrected sums of squares and products", Technometrics 4, 1962); the
// blocks are then combined in order by the pairwise formula of Chan, Golub
// and LeVeque ("Updating formulae and a pairwise algorithm for computing
// sample variances", Stanford CS report STAN-CS-79-773, 1979). Each column
// is kept in units of a power of two near its largest magnitude so far,
// changed exactly as larger values arrive, so that neither the mean nor the
// squares overflow: features near 1e300 are summarised like any others.
class ColumnMoments {
 public:
  explicit ColumnMoments(arma::uword columns);

  // The next rows, in order.
  void add(const arma::mat& rows);
  void add_row(const double* row);
  std::size_t rows() const { return rows_; }

  // Mean and population standard deviation of every row added (of every
  // process's, in process order, when `reducer` has several: each process
  // must then have added whole blocks, the last process excepted). A
  // collective when `reducer` has several processes.
  Standardization result(const Reducer& reducer = single_process()) const;

 private:
  // One column of one block: a count, the exponent of its unit, and the
  // mean and sum of squared deviations in that unit.
  struct Moments {
    double count = 0.0;
    int exponent;  // no_exponent while every value seen is 0
    double mean = 0.0, squares = 0.0;
  };
  static void add_value(Moments& m, double x);
  static void merge(Moments& into, const Moments& next);

  arma::uword columns_;
  std::size_t rows_ = 0;
  std::vector<Moments> current_;   // the block being filled, per column
  std::vector<Moments> finished_;  // finished blocks, block after block, per column
};

}  // namespace adtrain::ml
