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
// count, so that parts of a data set (blocks of rows, a batch, or another
// process's share) can be added up before finish() divides by the total and
// adds the L2 term, once.
#pragma once

#include <armadillo>
#include <cstddef>
#include <functional>
#include <limits>
#include <optional>
#include <vector>

#include "adtrain/ad.hpp"
#include "adtrain/ml/reducer.hpp"

namespace adtrain::ml {

struct Regularization {
  double l2 = 0.0;
  // The parameter the penalty leaves out (the bias), if any.
  std::optional<arma::uword> unpenalized;
};

// Rows are summed in blocks of this many, each block by one graph, and the
// blocks' sums are added in block order. A process of a K-process run holds
// a run of whole blocks, so for every K the same numbers are added in the
// same order: the same bits as one process. 16 of lib/ad's blocks of 4096,
// so a block's own sums still share work among threads.
inline constexpr arma::uword rows_per_block = 65536;

// The rows an objective sums over, one matrix per block of rows_per_block
// rows (the last of the data set may be shorter): X_b has a row per example
// (bias column included), y_b its 0/1 label. Built without an intermediate
// copy of the whole design matrix by design_blocks() (model.hpp).
struct RowBlocks {
  std::vector<arma::mat> X;
  std::vector<arma::vec> y;

  arma::uword rows() const;
};

// Training rows read anew on every pass instead of being held: a file larger
// than memory, streamed. A pass hands the rows over in runs, in the same
// order every time; the objective regroups them into blocks of
// rows_per_block rows, so that its sums are the same bits as over the same
// rows held in memory.
class RowSource {
 public:
  virtual ~RowSource() = default;
  // Runs of consecutive rows: the design rows X (bias column included) and
  // their 0/1 labels y.
  using Take = std::function<bool(const arma::mat& X, const arma::vec& y)>;
  // One pass: calls `take` with each run in order, until `take` returns
  // false. When `interruptible`, the source may also end the pass early (a
  // stop request). Returns whether the pass went through every row.
  virtual bool pass(const Take& take, bool interruptible) const = 0;
};

// Which of the data set's rows this process holds: global rows
// [first_row, first_row + rows held) of total_rows. One process: all of them.
struct RowShare {
  arma::uword first_row = 0;   // a multiple of rows_per_block when any are held
  arma::uword total_rows = 0;  // 0: the rows held are the whole data set
};

// The data term summed over some rows.
struct DataSums {
  std::size_t rows = 0;
  double loss = 0.0;        // sum of bce over the rows
  arma::vec gradient;       // sum of its gradients; empty when not asked for
  std::size_t correct = 0;  // rows whose class by is_positive(logit) equals the label
  // The rest of the confusion matrix (true negatives and the others follow
  // from these, rows and correct).
  std::size_t true_positives = 0;
  std::size_t predicted_positives = 0;
  // Sum of (sigmoid(logit) - y)^2, the Brier score's numerator; NaN when
  // not asked for (PassExtras), which every sum it joins then carries: an
  // evaluation-only figure, left out of the training passes.
  double squared_error = std::numeric_limits<double>::quiet_NaN();

  DataSums& operator+=(const DataSums& other);
};

// Each block's logits and 0/1 labels, in row order: the scores the ranking
// metrics sort, handed over by the pass that computes them anyway.
using BlockScores = std::function<void(const arma::vec& logits, const arma::vec& labels)>;

// What a pass over every row measures besides the loss and the counts (for
// the final evaluation). With several points, at the last one only.
struct PassExtras {
  bool squared_error = false;           // DataSums::squared_error
  const BlockScores* scores = nullptr;  // called with each block held here
};

// f and its gradient at one point, with the accuracy count of the pass.
struct ObjectiveValue {
  double value = 0.0;
  arma::vec gradient;  // empty when not asked for
  std::size_t rows = 0;
  std::size_t correct = 0;
};

// The data term of the rows X (design rows) and y, by one graph: what a
// mini-batch sums, wherever its rows come from.
DataSums batch_sums(const arma::mat& X, const arma::vec& y, const arma::vec& w, bool with_gradient);

class LogisticObjective;

// The Hessian of f at one point as an operator: the gradient's graph is
// recorded once per block, then every product is one backward pass through
// each. That pass reads X twice (X v, then X^T of a vector) and allocates
// nothing of X's size.
class HessianOperator {
 public:
  // H v over all rows (of every process), the L2 term included.
  arma::vec times(const arma::vec& v) const;
  // The data term's part: sum over rows of H_i v (no division, no L2).
  arma::vec data_sum_times(const arma::vec& v) const;

 private:
  friend class LogisticObjective;
  HessianOperator(const LogisticObjective& objective, ad::Tensor parameters,
                  std::vector<ad::Tensor> block_gradients, arma::vec at)
      : objective_(&objective),
        parameters_(std::move(parameters)),
        block_gradients_(std::move(block_gradients)),
        at_(std::move(at)) {}

  const LogisticObjective* objective_;
  ad::Tensor parameters_;  // the leaf w the graphs were recorded at
  // Per block held: sum of its rows' gradients, differentiable in w. Empty
  // for a streamed objective, which records each block's graph again on
  // every product (one pass over the rows), at `at_`.
  std::vector<ad::Tensor> block_gradients_;
  arma::vec at_;
};

// f, its gradient and its Hessian at one point.
struct SecondOrderPoint {
  ObjectiveValue value;
  HessianOperator hessian;
};

class LogisticObjective {
 public:
  static constexpr arma::uword unknown_rows = ~arma::uword{0};

  // X: rows x parameters (the design matrix, bias column included); y: 0/1
  // per row. Both are borrowed when they fit in one block (they must then
  // outlive the objective and stay unchanged), else copied into blocks.
  // Throws std::invalid_argument on mismatched shapes, no rows, or a
  // negative or non-finite l2.
  LogisticObjective(const arma::mat& X, const arma::vec& y, Regularization regularization);
  // This process's share of a data set, in blocks; with several processes
  // every sum is combined through `reducer`, which must outlive the
  // objective. A process may hold no rows; the data set may not be empty.
  LogisticObjective(RowBlocks blocks, Regularization regularization,
                    const Reducer& reducer = single_process(), RowShare share = {});
  // Rows read from `source` on every pass (it must outlive the objective):
  // `rows` of them, each of `parameters` columns, as a first pass counted,
  // or unknown_rows for a source that can be read only once (standard
  // input), which only a single-pass mini-batch run (TrainOptions::
  // single_pass) can train on. Every sum, H v included, is one pass;
  // mini-batches are the first-order optimizers' business (they shuffle the
  // rows of a pass). One process.
  LogisticObjective(const RowSource& source, arma::uword rows, arma::uword parameters,
                    Regularization regularization);

  // Rows of the whole data set (every process's).
  arma::uword rows() const { return total_rows_; }
  // Rows this process holds: global rows [first_row(), first_row() + local_rows()).
  arma::uword local_rows() const { return local_rows_; }
  arma::uword first_row() const { return first_row_; }
  arma::uword parameters() const { return parameters_; }
  const Regularization& regularization() const { return regularization_; }
  const Reducer& reducer() const { return *reducer_; }
  // The rows' source when they are streamed, else null.
  const RowSource* source() const { return source_; }

  // --- Parts of the data term ---------------------------------------------
  // Over the rows at `rows` (global indices), in that order: a mini-batch.
  // Each process sums the rows it holds; the parts are added in process
  // order.
  DataSums sums(const arma::vec& w, const arma::uvec& rows, bool with_gradient) const;
  // Over every row, block by block, the blocks added in order.
  DataSums sums(const arma::vec& w, bool with_gradient, PassExtras extras = {}) const;
  // The same at several points in one pass over the rows (one read of a
  // streamed file): element k is sums(points[k], with_gradient), bit for bit,
  // and the extras are the last point's.
  std::vector<DataSums> sums(const std::vector<arma::vec>& points, bool with_gradient,
                             PassExtras extras = {}) const;

  // Divides the summed data term by its row count and adds the L2 term once.
  ObjectiveValue finish(const DataSums& sums, const arma::vec& w) const;

  // --- The whole objective --------------------------------------------------
  double value(const arma::vec& w) const;
  ObjectiveValue value_and_gradient(const arma::vec& w) const;
  // Value, gradient and the Hessian operator at w, from one recorded graph
  // per block.
  SecondOrderPoint second_order(const arma::vec& w) const;
  // One H v from scratch; second_order(w).hessian.times(v) for many.
  arma::vec hessian_times(const arma::vec& w, const arma::vec& v) const;

  // Over the rows, block by block: the blocks held here, or those a pass of
  // the source makes. Returns whether every block was visited. Public for
  // passes of the caller's own (the final evaluation's scores).
  bool for_each_block(const std::function<void(const arma::mat& X, const arma::vec& y)>& visit,
                      bool interruptible = false) const;

 private:
  friend class HessianOperator;
  // Refuses a bad l2 or unpenalized index; builds the penalty mask.
  void check(const Regularization& regularization);
  // Over rows held here (local indices), in that order.
  DataSums local_sums(const arma::vec& w, const arma::uvec& rows, bool with_gradient) const;
  // Every process's block sums (or parts of a batch), added in global block
  // (process) order; parts without rows add nothing.
  DataSums combine_blocks(const std::vector<DataSums>& local, std::size_t gradient_size) const;
  // The L2 term's value and gradient, and its Hessian times v, each from a
  // small graph of its own.
  double penalty_value(const arma::vec& w) const;
  arma::vec penalty_gradient(const arma::vec& w) const;
  arma::vec penalty_hessian_times(const arma::vec& v) const;
  ad::Tensor penalty(const ad::Tensor& w) const;

  RowBlocks blocks_;
  const RowSource* source_ = nullptr;
  arma::uword parameters_ = 0;
  arma::uword local_rows_ = 0;
  arma::uword first_row_ = 0;
  arma::uword total_rows_ = 0;
  const Reducer* reducer_;
  Regularization regularization_;
  arma::mat penalty_mask_;  // 1 for each parameter the L2 term covers
};

}  // namespace adtrain::ml
