// The objective logistic regression minimises over a data set (X, y):
//
//   f(w) = (1/N) sum_i bce(x_i w, y_i) + l2/2 |M w|^2
//
// where bce is the binary cross-entropy of sigmoid(x_i w) against y_i, and M
// leaves out the bias unless it is penalised too. Its value, gradient and
// Hessian-vector products all come from the dynamic graph of lib/ad: the
// gradient by a backward pass, H v by a backward pass through the graph of
// the gradient itself. Nothing here is differentiated by hand.
//
// The data term is computed as *sums* over rows together with their row
// count, so that parts of a data set (a row range, a batch, or another
// process's share) can be added up before finish() divides by the total and
// adds the L2 term, once.
#pragma once

#include <armadillo>
#include <cstddef>
#include <optional>

#include "adtrain/ad.hpp"

namespace adtrain::ml {

struct Regularization {
  double l2 = 0.0;
  // The parameter the penalty leaves out (the bias), if any.
  std::optional<arma::uword> unpenalized;
};

// The data term summed over some rows.
struct DataSums {
  std::size_t rows = 0;
  double loss = 0.0;        // sum of bce over the rows
  arma::vec gradient;       // sum of its gradients; empty when not asked for
  std::size_t correct = 0;  // rows whose class by is_positive(logit) equals the label

  DataSums& operator+=(const DataSums& other);
};

// f and its gradient at one point, with the accuracy count of the pass.
struct ObjectiveValue {
  double value = 0.0;
  arma::vec gradient;  // empty when not asked for
  std::size_t rows = 0;
  std::size_t correct = 0;
};

class LogisticObjective;

// The Hessian of f at one point as an operator: the gradient's graph is
// recorded once, then every product is one backward pass through it. That
// pass reads X twice (X v, then X^T of a vector) and allocates nothing of
// X's size.
class HessianOperator {
 public:
  // H v over all rows, the L2 term included.
  arma::vec times(const arma::vec& v) const;
  // The data term's part: sum over rows of H_i v (no division, no L2).
  arma::vec data_sum_times(const arma::vec& v) const;

 private:
  friend class LogisticObjective;
  HessianOperator(const LogisticObjective& objective, ad::Tensor parameters,
                  ad::Tensor data_gradient)
      : objective_(&objective),
        parameters_(std::move(parameters)),
        data_gradient_(std::move(data_gradient)) {}

  const LogisticObjective* objective_;
  ad::Tensor parameters_;     // the leaf w the graph was recorded at
  ad::Tensor data_gradient_;  // sum of the rows' gradients, differentiable in w
};

// f, its gradient and its Hessian at one point.
struct SecondOrderPoint {
  ObjectiveValue value;
  HessianOperator hessian;
};

class LogisticObjective {
 public:
  // X: rows x parameters (the design matrix, bias column included); y: 0/1
  // per row. Both are borrowed: they must outlive the objective and stay
  // unchanged. Throws std::invalid_argument on mismatched shapes, no rows,
  // or a negative or non-finite l2.
  LogisticObjective(const arma::mat& X, const arma::vec& y, Regularization regularization);

  arma::uword rows() const { return X_->n_rows; }
  arma::uword parameters() const { return X_->n_cols; }
  const Regularization& regularization() const { return regularization_; }
  const arma::mat& X() const { return *X_; }
  const arma::vec& y() const { return *y_; }

  // --- Parts of the data term ---------------------------------------------
  // Over rows [first, first + count).
  DataSums sums(const arma::vec& w, arma::uword first, arma::uword count, bool with_gradient) const;
  // Over the rows at `rows`, in that order (a mini-batch).
  DataSums sums(const arma::vec& w, const arma::uvec& rows, bool with_gradient) const;
  // Over every row, reading X where it is.
  DataSums sums(const arma::vec& w, bool with_gradient) const;

  // Divides the summed data term by its row count and adds the L2 term once.
  ObjectiveValue finish(const DataSums& sums, const arma::vec& w) const;

  // --- The whole objective --------------------------------------------------
  double value(const arma::vec& w) const;
  ObjectiveValue value_and_gradient(const arma::vec& w) const;
  // Value, gradient and the Hessian operator at w, from one recorded graph.
  SecondOrderPoint second_order(const arma::vec& w) const;
  // One H v from scratch; second_order(w).hessian.times(v) for many.
  arma::vec hessian_times(const arma::vec& w, const arma::vec& v) const;

 private:
  friend class HessianOperator;
  // The L2 term's value and gradient, and its Hessian times v, each from a
  // small graph of its own.
  double penalty_value(const arma::vec& w) const;
  arma::vec penalty_gradient(const arma::vec& w) const;
  arma::vec penalty_hessian_times(const arma::vec& v) const;
  ad::Tensor penalty(const ad::Tensor& w) const;

  const arma::mat* X_;
  const arma::vec* y_;
  Regularization regularization_;
  arma::mat penalty_mask_;  // 1 for each parameter the L2 term covers
};

}  // namespace adtrain::ml
