// Logistic regression as library code, on lib/ad's dynamic graph: the
// library's whole public API, in one header. Its sections, each built on
// those before it: portable random numbers; how processes combine their
// sums (Reducer); data sets; metrics, and the ranking ones for more scores
// than memory holds; standardisation; the objective, whose every derivative
// comes from the graph; the model; the optimizers; the training loop.
#pragma once

#include <armadillo>
#include <array>
#include <csignal>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "adtrain/ad.hpp"

namespace adtrain::ml {

// ==========================================================================
// A small, portable pseudo-random generator: the same seed gives the same
// numbers on every platform and standard library (std::uniform_real_distribution
// does not promise that).
// ==========================================================================

// xoshiro256** seeded through SplitMix64. `stream` selects an independent
// sequence for the same seed, so data, initial weights and shuffling can each
// have their own without one consuming numbers from another.
class Random {
 public:
  explicit Random(std::uint64_t seed, std::uint64_t stream = 0);

  std::uint64_t next();
  // Uniform on [0, 1) with 53 random bits.
  double uniform();
  // Uniform on [low, high).
  double uniform(double low, double high) { return low + (high - low) * uniform(); }
  // Uniform integer on [0, bound), without modulo bias; bound > 0.
  std::uint64_t below(std::uint64_t bound);
  // Fisher-Yates shuffle.
  template <class T>
  void shuffle(std::vector<T>& items) {
    for (std::size_t i = items.size(); i > 1; --i) {
      const auto j = static_cast<std::size_t>(below(i));
      std::swap(items[i - 1], items[j]);
    }
  }

 private:
  std::uint64_t state_[4];
};

// A shuffle buffer, as tf.data's Dataset.shuffle keeps one: items arrive in
// order; while fewer than `capacity` are held, each is kept; once the buffer
// is full, each arrival sends out one held item chosen uniformly at random
// and takes its place; after the last arrival the rest leave one at a time,
// each chosen uniformly among those left. The caller keeps the items in its
// own slots 0..capacity-1 and this class says which slot, so that row
// numbers in memory and rows read from a file go through the very same
// draws: the same seed gives the same order from both. With a capacity of
// at least the item count it is a uniform shuffle of all of them.
class ShuffleBuffer {
 public:
  // capacity > 0; `random` must outlive the buffer, and its state carries
  // from one pass to the next.
  ShuffleBuffer(std::size_t capacity, Random& random);

  struct Arrival {
    std::size_t slot;  // where the new item goes
    bool emit_first;   // the item in that slot leaves first (the buffer was full)
  };
  Arrival arrive();

  struct Departure {
    std::size_t emit;  // the slot whose item leaves now
    std::size_t last;  // then the item in this slot moves into `emit` (unless equal)
  };
  // After the last arrival; nullopt once the buffer is empty, which leaves it
  // ready for the next pass.
  std::optional<Departure> depart();

  std::size_t size() const { return size_; }
  std::size_t capacity() const { return capacity_; }

 private:
  std::size_t capacity_;
  std::size_t size_ = 0;
  Random* random_;
};

// The order in which rows 0..rows-1 leave a ShuffleBuffer of `capacity`
// (0: all rows) fed in that order.
std::vector<std::size_t> shuffled_order(std::size_t rows, std::size_t capacity, Random& random);

// Stream numbers used by adtrain, one per purpose.
namespace streams {
inline constexpr std::uint64_t data = 0;
inline constexpr std::uint64_t initialization = 1;
inline constexpr std::uint64_t shuffling = 2;
inline constexpr std::uint64_t validation_split = 3;
}  // namespace streams

// ==========================================================================
// How the processes that share one training run combine what each computed.
//
// Training on K processes splits the rows among them; every sum over rows
// (the objective's value, gradient and H v, accuracy counts, the
// standardisation's statistics) is then made of every process's part. The
// library asks for one thing only: every process's numbers, in process order,
// on every process. It then adds them up itself, in a fixed order that does
// not depend on K, so that K processes compute the same bits as one. The
// default is one process, where there is nothing to combine; an MPI
// implementation lives in its own target (lib/mpi), so that neither this
// library nor lib/ad depends on MPI.
// ==========================================================================

class Reducer {
 public:
  virtual ~Reducer() = default;

  // How many processes share the run, and which one this is (0-based).
  virtual std::size_t processes() const { return 1; }
  virtual std::size_t rank() const { return 0; }

  // Every process's `local` (of any length, possibly empty), concatenated in
  // process order, on every process. A collective: every process calls it,
  // the same number of times, in the same order. With one process: `local`.
  virtual std::vector<double> all_gather(std::span<const double> local) const {
    return {local.begin(), local.end()};
  }
  // The same concatenation on process 0 only (the others get an empty
  // vector): for what one process alone needs, such as every row's score,
  // which gathered on every process would take each one's memory. A
  // collective. With one process: `local`.
  virtual std::vector<double> gather_to_root(std::span<const double> local) const {
    return {local.begin(), local.end()};
  }
};

// Every process's vectors of `width` elements (each process's in its own
// order, the processes in process order), added in that order, the first
// taken as it is: the same bits for any split of the same vectors among
// processes, and one vector comes back unchanged. Zeros when there are none.
// A collective when `reducer` has several processes.
arma::vec add_in_order(const Reducer& reducer, const std::vector<arma::vec>& mine,
                       arma::uword width);

// The one-process reducer, for callers that have no other.
inline const Reducer& single_process() {
  static const Reducer one;
  return one;
}

// ==========================================================================
// A labelled data set in memory, the seed's generator, and splitting.
// ==========================================================================

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

// ==========================================================================
// Classification quality against 0/1 labels: of 0/1 predictions (the
// confusion matrix), and of scores (the metrics that need no threshold).
// ==========================================================================

struct BinaryMetrics {
  std::size_t total = 0, correct = 0;
  std::size_t true_negatives = 0, false_positives = 0, false_negatives = 0, true_positives = 0;
  double accuracy = 0.0;
  // Defined as 0 when their denominator is 0 (no predicted or no actual
  // positives), so that they are always numbers.
  double precision = 0.0, recall = 0.0, f1 = 0.0;
};

BinaryMetrics evaluate_predictions(const arma::vec& labels, const arma::vec& predicted);
// The same from the confusion matrix's four counts.
BinaryMetrics metrics_from_counts(std::size_t true_negatives, std::size_t false_positives,
                                  std::size_t false_negatives, std::size_t true_positives);

// How good the scores are, whatever the threshold. NaN where a metric is
// undefined for these labels (see each), or was not computed.
struct ScoreMetrics {
  // Mean binary cross-entropy, -mean(y log p + (1 - y) log(1 - p)): from the
  // logits as softplus(-z) for a positive row and softplus(z) for a negative
  // one (softplus(x) = max(x, 0) + log1p(e^-|x|)), which stays exact where p
  // rounds to 0 or 1, and is 0 or +inf for an infinite logit (scikit-learn
  // clips p to [eps, 1 - eps] instead).
  double log_loss = std::numeric_limits<double>::quiet_NaN();
  // The probability that a random positive row scores above a random
  // negative one, ties counting one half: the Mann-Whitney U statistic over
  // P positives and N negatives, U / (P N), with U = (sum of the positives'
  // ranks) - P (P + 1) / 2 and tied scores given their average rank. The
  // area under the ROC curve, exactly (Hanley and McNeil 1982). NaN with only
  // one class present.
  double roc_auc = std::numeric_limits<double>::quiet_NaN();
  // scikit-learn's average_precision_score: sum over thresholds, from the
  // highest score down, of (R_n - R_{n-1}) P_n, with P_n and R_n the
  // precision and recall of calling every row scoring at least the n-th
  // threshold positive; tied scores are one threshold, so no
  // interpolation. NaN without positive rows.
  double average_precision = std::numeric_limits<double>::quiet_NaN();
  // Mean (p - y)^2 (Brier 1950).
  double brier = std::numeric_limits<double>::quiet_NaN();
};

// All four from logits z (p = sigmoid(z), as LogisticModel::probabilities
// computes it). Rows are ranked by their logits, which tie only where the
// scores really tie (probabilities near 0 or 1 round to equal doubles).
// Throws std::invalid_argument on lengths that differ, a NaN logit, or a
// label other than 0 and 1. No rows: every metric NaN.
ScoreMetrics score_metrics(const arma::vec& logits, const arma::vec& labels);
// The same from probabilities in [0, 1]; log_loss is then infinite for a
// probability of exactly 0 or 1 on the wrong side (nothing is clipped).
ScoreMetrics score_metrics_from_probabilities(const arma::vec& probabilities,
                                              const arma::vec& labels);

// The ranking metrics alone, for any scores where higher means more likely
// positive (logits or probabilities), with the rules above.
double roc_auc(const arma::vec& scores, const arma::vec& labels);
double average_precision(const arma::vec& scores, const arma::vec& labels);

// ==========================================================================
// The ranking metrics (ROC AUC and average precision) as one pass over
// scores in descending order, and that order for more scores than memory
// holds: sorted runs kept in a store (a file, for a streamed run) and merged.
//
// Both metrics depend only on how many positive and negative rows each run
// of equal scores holds, taken from the highest score down, and the counts
// are whole numbers. So any way of reaching that order (one sort in memory,
// or runs sorted apart and merged) gives the same counts and so the same
// bits, whatever order tied rows come in.
// ==========================================================================

struct RankingMetrics {
  // As ScoreMetrics::roc_auc and ::average_precision (above).
  double roc_auc = std::numeric_limits<double>::quiet_NaN();
  double average_precision = std::numeric_limits<double>::quiet_NaN();
};

// Both metrics in one pass over (score, label) pairs met from the highest
// score down, equal scores taken together as one threshold.
class DescendingRanking {
 public:
  // Throws std::invalid_argument for a NaN score or one above the previous.
  void add(double score, bool positive);
  // NaN where undefined: roc_auc with one class only, average_precision
  // without positives (so both with no pairs).
  RankingMetrics finish();

 private:
  void close_run();

  bool in_run_ = false;
  double run_score_ = 0.0;
  std::uint64_t run_positives_ = 0, run_negatives_ = 0;
  // Positives and rows of the runs closed so far (above the current one).
  std::uint64_t positives_above_ = 0, rows_above_ = 0, negatives_ = 0;
  // 2U in whole numbers, as roc_auc() counts it: here each negative counts 2
  // for every positive above its run and 1 for each positive tied with it.
  std::uint64_t twice_u_ = 0;
  // Sum over runs of positives x precision, average precision times P.
  double precision_sum_ = 0.0;
};

// The metrics of scores in any order: sorted (descending) in place, then
// one pass. 16 bytes a row.
struct ScorePair {
  double score = 0.0;
  double label = 0.0;  // 0 or 1
};
RankingMetrics ranking_of(std::vector<ScorePair>& pairs);
// Highest score first; ties in any order (they make one run whatever it is).
void sort_descending(std::span<ScorePair> pairs);

// Where RankingAccumulator keeps its sorted runs until it merges them.
class RunStore {
 public:
  virtual ~RunStore() = default;
  // Keeps `run` (sorted, not empty) as the next run. Throws
  // std::runtime_error, saying why, when it cannot (a disk that is full).
  virtual void append(std::span<const ScorePair> run) = 0;
  // Copies pairs of run `run` (0-based, in the order appended) from its
  // `offset`-th on into `into`, as many as fit or remain; returns how many.
  // Throws std::runtime_error when it cannot read them back.
  virtual std::size_t read(std::size_t run, std::size_t offset, std::span<ScorePair> into) = 0;
};

// The metrics of the sorted runs in `store`, of `run_sizes` pairs each (in
// the order appended), by a k-way merge whose read buffers share `room`
// (one pair per run at least, else it takes that much of its own). Throws
// std::runtime_error when the store cannot read them back,
// std::invalid_argument when a run is not sorted.
RankingMetrics merge_runs(RunStore& store, std::span<const std::size_t> run_sizes,
                          std::span<ScorePair> room);

// Runs held in memory: for tests, and to show what a store must do.
class MemoryRunStore final : public RunStore {
 public:
  void append(std::span<const ScorePair> run) override;
  std::size_t read(std::size_t run, std::size_t offset, std::span<ScorePair> into) override;
  std::size_t runs() const { return runs_.size(); }

 private:
  std::vector<std::vector<ScorePair>> runs_;
};

// The ranking metrics of (logit, label) pairs handed over block by block,
// exactly, in memory of `capacity` pairs: while they come, a buffer of up to
// that many, sorted into a run for the store whenever it fills; at the end,
// when there were runs, a k-way merge of them whose read buffers share the
// same room (at least one pair per run). When every pair fits, the store is
// never used.
class RankingAccumulator {
 public:
  // `store` must outlive the accumulator; capacity 0 counts as 1. The
  // buffer of `capacity` pairs is reserved whole at the first add, so that
  // it never grows past it: ask for no more than the pairs to come.
  RankingAccumulator(std::size_t capacity, RunStore& store);

  // Throws std::invalid_argument when the lengths differ or a label is not
  // 0 or 1. A NaN logit (weights that diverged) ranks nowhere: finish()
  // then gives NaN.
  void add(const arma::vec& logits, const arma::vec& labels);
  // The metrics of every pair added; NaN for both when the store failed
  // (failure() says why) or a logit was NaN. Once.
  RankingMetrics finish();

  // Why the store failed, or empty.
  const std::string& failure() const { return failure_; }
  // Runs handed to the store (0: everything fitted in memory).
  std::size_t runs() const { return run_sizes_.size(); }

 private:
  void spill();

  std::size_t capacity_;
  RunStore& store_;
  std::vector<ScorePair> buffer_;
  std::vector<std::size_t> run_sizes_;
  bool saw_nan_ = false;
  bool finished_ = false;
  std::string failure_;
};

// ==========================================================================
// z-scoring features with statistics taken from the training data. The
// z-scores themselves, (x - mean) / std column by column, are made by
// design_matrix (below), together with the bias column in one pass.
// ==========================================================================

struct Standardization {
  arma::rowvec mean;
  arma::rowvec std;  // population standard deviation; 1 for a constant column

  // Statistics of each column of `features`: with several processes, of
  // every process's rows together, each process holding whole blocks of
  // rows_per_block rows (below) in process order. The same as
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

// ==========================================================================
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
// ==========================================================================

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
// copy of the whole design matrix by design_blocks() (below).
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

// ==========================================================================
// The trained model as a value: everything needed to turn raw feature rows
// into classes, and nothing about how it was trained.
// ==========================================================================

// The logit as an affine function of the raw, unstandardized features:
// intercept + sum of coefficients[j] * x[j].
struct AffineLogit {
  std::vector<double> coefficients;  // one per data feature
  double intercept = 0.0;
};

// The one class rule: a row is of the positive class when its logit reaches
// the cut, logit(threshold). At the default threshold 0.5 the cut is exactly
// 0, so predictions agree bit for bit with the accuracy counted in training.
double logit_cut(double threshold);
inline bool is_positive(double logit, double cut = 0.0) {
  return logit >= cut;
}

struct LogisticModel {
  // One weight per data feature, in the units the model reads them: the
  // standardized ones when `standardization` is set.
  arma::vec weights;
  // The intercept; none for a model trained with --no-bias.
  std::optional<double> bias = 0.0;
  // Applied to raw rows before the weights: (x - mean) / std.
  std::optional<Standardization> standardization;
  std::vector<std::string> feature_names;  // the data columns, one per weight
  std::string label_name = "y";
  // How the source spells class 0 and class 1; class 1 is the positive one.
  std::array<std::string, 2> classes{"0", "1"};
  double threshold = 0.5;  // on the probability of class 1

  const std::string& positive_class() const { return classes[1]; }

  // The parameter vector training optimises, in design-matrix order: the
  // bias first (when there is one), then the weights. set_parameters takes
  // the same layout back.
  arma::vec parameters() const;
  void set_parameters(const arma::vec& parameters);

  // On raw feature rows (rows x feature_names.size()). Throws
  // std::invalid_argument on a column count that does not match.
  arma::vec logits(const arma::mat& raw_features) const;
  arma::vec probabilities(const arma::mat& raw_features) const;
  // 0/1 per row by is_positive at this model's threshold.
  arma::vec predict(const arma::mat& raw_features) const;
  arma::vec classify(const arma::vec& logits) const;

  // The bias and the standardization folded into one affine function, so the
  // decision boundary logit = 0 can be drawn in the data's own units.
  AffineLogit logit_in_original_units() const;
};

// The matrix a model reads: the features, standardized when
// `standardization` is given, after a bias column of ones when `bias` is set.
// Built in one allocation with no intermediate copy: for a million rows each
// copy would cost tens of megabytes at the peak.
arma::mat design_matrix(const arma::mat& features, const Standardization* standardization,
                        bool bias);
// The same matrix in blocks of rows_per_block rows, with the labels: what a
// LogisticObjective sums over. Each block is built directly, so the peak is
// one design matrix, as above.
RowBlocks design_blocks(const arma::mat& features, const arma::vec& labels,
                        const Standardization* standardization, bool bias);

// ==========================================================================
// Optimizers: configured by the caller, then handed the objective by the
// training loop one epoch (first order) or one iteration (newton, lbfgs) at
// a time. Every gradient and Hessian-vector product they use comes from the
// objective, that is from the dynamic graph.
// ==========================================================================

enum class OptimizerKind { sgd, momentum, adam, newton, lbfgs };
std::string_view to_string(OptimizerKind kind);
// Full-batch minimisers choose their own steps; first-order ones need --lr.
bool is_second_order(OptimizerKind kind);

// What one epoch or iteration did, for the training loop to record.
struct EpochOutcome {
  // First order: mean objective over the epoch's steps, each batch at the
  // weights it was evaluated at. Full batch: f at the weights now held.
  double loss = 0.0;
  std::size_t correct = 0;  // rows classified right by those same passes
  std::size_t rows = 0;
  // |mean of the step gradients| (first order) or |grad f(w)| (full batch).
  double grad_norm = 0.0;
  // Set by full-batch minimisers: |grad f| at the weights now held, which the
  // loop compares against the tolerance.
  std::optional<double> full_gradient_norm;
  // A loss, gradient or step that is not finite stopped the epoch; w is as
  // before that step, and what the epoch did not finish measuring is NaN.
  bool diverged = false;
  bool weights_not_finite = false;  // it was the step: the loss was still finite
  // Full batch: no step could lower f any further.
  bool no_progress = false;
  std::optional<std::size_t> cg_iterations;  // newton: conjugate-gradient steps
  // A streamed epoch that its source ended early (a stop request): the
  // figures are of the rows it got through, whose steps w holds.
  bool interrupted = false;
  // First order: the batches' sums (no gradient), each taken at the weights
  // before its own step: a progressive evaluation of the rows stepped on.
  DataSums progressive;
};

class Optimizer {
 public:
  virtual ~Optimizer() = default;
  virtual OptimizerKind kind() const = 0;
  // Updates w in place by one epoch or iteration on `objective`.
  virtual EpochOutcome run_epoch(const LogisticObjective& objective, arma::vec& w) = 0;
};

// --- First order: steps on mini-batch gradients ---------------------------

struct BatchOptions {
  std::size_t batch_size = 0;  // 0 or >= rows: the whole data set in one step
  // Reshuffle every epoch (only with smaller batches): the rows, in their
  // order, pass through a ShuffleBuffer (above) of `shuffle_buffer`
  // rows (0: every row, a uniform shuffle), drawn from one generator seeded
  // with `seed`, so that held and streamed rows come in the same order.
  bool shuffle = true;
  std::size_t shuffle_buffer = 0;
  std::uint64_t seed = 0;
};

class FirstOrderOptimizer : public Optimizer {
 public:
  explicit FirstOrderOptimizer(BatchOptions batches);
  // Steps through the batches of one epoch, in the (shuffled) order; over a
  // streamed objective, the rows of one pass of its source.
  EpochOutcome run_epoch(const LogisticObjective& objective, arma::vec& w) final;
  // One update of w from a batch's gradient.
  virtual void step(arma::vec& w, const arma::vec& gradient) = 0;

 private:
  class Steps;
  EpochOutcome run_streamed_epoch(const LogisticObjective& objective, arma::vec& w,
                                  std::size_t batch_size);

  BatchOptions batches_;
  Random shuffler_;
  std::vector<arma::uword> order_;
};

// w -= lr g
class Sgd final : public FirstOrderOptimizer {
 public:
  Sgd(double learning_rate, BatchOptions batches = {});
  OptimizerKind kind() const override { return OptimizerKind::sgd; }

  void step(arma::vec& w, const arma::vec& gradient) override;

 private:
  double learning_rate_;
};

// v = beta v + g; w -= lr v
class Momentum final : public FirstOrderOptimizer {
 public:
  Momentum(double learning_rate, double beta, BatchOptions batches = {});
  OptimizerKind kind() const override { return OptimizerKind::momentum; }

  void step(arma::vec& w, const arma::vec& gradient) override;

 private:
  double learning_rate_, beta_;
  arma::vec velocity_;
};

struct AdamSettings {
  double learning_rate = 0.001;
  double beta1 = 0.9;
  double beta2 = 0.999;
  double epsilon = 1e-8;
};

// Adam (Kingma & Ba, "Adam: a method for stochastic optimization", ICLR
// 2015), with bias-corrected first and second moments.
class Adam final : public FirstOrderOptimizer {
 public:
  explicit Adam(AdamSettings settings, BatchOptions batches = {});
  OptimizerKind kind() const override { return OptimizerKind::adam; }

  void step(arma::vec& w, const arma::vec& gradient) override;

 private:
  AdamSettings settings_;
  arma::vec first_moment_, second_moment_;
  double beta1_power_ = 1.0, beta2_power_ = 1.0;
};

// --- Full batch: minimisers that choose their own steps -------------------

// Trust-region Newton with conjugate gradient on Hessian-vector products,
// after LIBLINEAR's TRON: Lin, Weng & Keerthi, "Trust region Newton method
// for large-scale logistic regression", JMLR 9 (2008). Each iteration solves
// min g s + s H s / 2 within |s| <= radius by Steihaug's truncated CG, then
// accepts the step and resizes the region by the ratio of the actual to the
// predicted reduction (the paper's rules, eta and sigma below).
class TrustRegionNewton final : public Optimizer {
 public:
  struct Settings {
    // CG stops when its residual is below this fraction of |g| (the paper's xi).
    double cg_tolerance = 0.1;
  };
  TrustRegionNewton() : TrustRegionNewton(Settings{}) {}
  explicit TrustRegionNewton(Settings settings) : settings_(settings) {}
  OptimizerKind kind() const override { return OptimizerKind::newton; }
  EpochOutcome run_epoch(const LogisticObjective& objective, arma::vec& w) override;

 private:
  struct Step {
    arma::vec s;         // the step
    arma::vec residual;  // -g - H s
    std::size_t iterations = 0;
  };
  Step truncated_cg(const SecondOrderPoint& point) const;

  Settings settings_;
  std::unique_ptr<SecondOrderPoint> current_;  // f, g and H at the weights held
  arma::vec at_;                               // those weights
  double radius_ = 0.0;
  bool first_iteration_ = true;
};

// Limited-memory BFGS (Nocedal, "Updating quasi-Newton matrices with limited
// storage", Math. Comp. 35, 1980; the two-loop recursion of Nocedal & Wright,
// Numerical Optimization, 2nd ed., Algorithm 7.4) with a line search that
// satisfies the strong Wolfe conditions (Algorithms 3.5 and 3.6 there).
class Lbfgs final : public Optimizer {
 public:
  struct Settings {
    std::size_t memory = 10;            // (s, y) pairs kept
    double sufficient_decrease = 1e-4;  // c1
    double curvature = 0.9;             // c2
    std::size_t max_evaluations = 25;   // per line search
  };
  Lbfgs() : Lbfgs(Settings{}) {}
  explicit Lbfgs(Settings settings);
  OptimizerKind kind() const override { return OptimizerKind::lbfgs; }
  EpochOutcome run_epoch(const LogisticObjective& objective, arma::vec& w) override;

 private:
  arma::vec direction(const arma::vec& gradient) const;

  Settings settings_;
  std::optional<ObjectiveValue> current_;
  arma::vec at_;
  std::deque<std::pair<arma::vec, arma::vec>> history_;  // (s, y), oldest first
};

// ==========================================================================
// The training loop: hands the objective to the optimizer one epoch (first
// order) or one iteration (newton, lbfgs) at a time, records each in the
// same EpochRecord, and decides when to stop.
// ==========================================================================

// First-order runs that end with |grad f| above this fraction of where they
// started have stopped far from the optimum, and are told so (in the manner
// of scikit-learn's ConvergenceWarning).
inline constexpr double convergence_warning_threshold = 1e-3;

struct TrainOptions {
  // Epochs (first order) or iterations (newton, lbfgs).
  std::size_t max_epochs = 100;
  // Full-batch minimisers: converged when |grad f(w)| <= tol |grad f(w0)|,
  // LIBLINEAR's rule. 0: never.
  double gradient_tolerance = 0.0;
  // First order: stop when the epoch loss improves by less than this. 0: never.
  double loss_tolerance = 0.0;
  // When set and it becomes non-zero (a signal handler sets it), training
  // stops after the current epoch with StopReason::interrupted.
  const volatile std::sig_atomic_t* stop_requested = nullptr;
  // The training rows can be read only once (standard input streamed): one
  // first-order epoch and no pass of its own, so no gradient norms (NaN),
  // and the final training figures are the epoch's progressive ones (each
  // batch measured at the weights before its own step). Throws
  // std::invalid_argument with more than one epoch or a second-order
  // optimizer.
  bool single_pass = false;
  // When set, the final pass over the training rows (at the final weights;
  // none for a diverged run) hands it every block's logits and labels: the
  // ranking metrics of a streamed run, without a pass of their own.
  const BlockScores* final_scores = nullptr;
};

struct EpochRecord {
  std::size_t epoch = 0;  // 1-based: the epoch or iteration
  // First order: mean loss and accuracy over this epoch's own forward passes
  // (each batch with the weights it was evaluated at). Newton and lbfgs: the
  // objective and accuracy at the weights the iteration ended with. NaN where
  // a diverged epoch did not finish measuring them.
  double loss = 0.0;
  double accuracy = 0.0;
  // With validation data: a clean pass over it with the weights at epoch end.
  std::optional<double> validation_loss;
  std::optional<double> validation_accuracy;
  // First order: |mean of the epoch's step gradients|; else |grad f(w)|.
  double grad_norm = 0.0;
  std::optional<std::size_t> cg_iterations;  // newton
  double seconds = 0.0;
  arma::vec weights;  // at the end of the epoch
};

enum class TrainStatus { completed, stopped_early, diverged, interrupted };
std::string_view to_string(TrainStatus status);

// Why training ended.
enum class StopReason {
  epochs,          // first order: ran every epoch
  loss_tolerance,  // first order: the loss improved by less than the tolerance
  converged,       // |grad f| reached the tolerance
  max_iterations,  // newton, lbfgs: the iteration limit
  no_progress,     // newton, lbfgs: no step lowers f any further
  diverged,        // the loss became NaN or infinite
  interrupted,     // stop_requested was raised (SIGINT, SIGTERM)
};
std::string_view to_string(StopReason reason);

// The records a run keeps, so that memory does not grow with the epoch
// count: every epoch up to `capacity`; past that, every 2nd, then every 4th,
// ... (epoch 1 and multiples of the stride), and always the latest epoch. It
// never holds more than capacity + 1 records.
class EpochHistory {
 public:
  static constexpr std::size_t default_capacity = 10'000;
  explicit EpochHistory(std::size_t capacity = default_capacity);

  void add(EpochRecord record);
  // Ascending by epoch; the latest epoch last.
  const std::vector<EpochRecord>& records() const { return records_; }
  std::size_t stride() const { return stride_; }
  std::size_t capacity() const { return capacity_; }
  std::vector<EpochRecord> release() { return std::move(records_); }

 private:
  bool kept_for_good(std::size_t epoch) const { return epoch == 1 || epoch % stride_ == 0; }

  std::size_t capacity_;
  std::size_t stride_ = 1;
  std::vector<EpochRecord> records_;
};

struct Evaluation {
  double loss = 0.0;  // the objective, l2 term included
  BinaryMetrics metrics;
  // log_loss and brier from the same pass's sums (means over the rows, no
  // l2 term; brier NaN for single_pass's progressive figures), so they are
  // there wherever the loss is, with the same bits for any process count or
  // a stream. roc_auc and average_precision need every row's score in
  // order and stay NaN until add_score_metrics (or a RankingAccumulator fed
  // by the pass, for a stream) fills them in.
  ScoreMetrics scores;
};

struct TrainResult {
  TrainStatus status = TrainStatus::completed;
  StopReason stop_reason = StopReason::epochs;
  // The records kept (see EpochHistory), ending with the last epoch run.
  std::vector<EpochRecord> epochs;
  std::size_t epochs_run = 0;      // epochs or iterations
  std::size_t history_stride = 1;  // epochs[] holds epoch 1 and multiples of this
  // |grad f| of the whole objective at the first and the final weights.
  double initial_gradient_norm = 0.0;
  double final_gradient_norm = 0.0;
  // final / initial (0 when training started at the optimum).
  double relative_gradient_norm = 0.0;
  // Diverged because a step made the weights infinite or NaN, not the loss.
  bool weights_not_finite = false;
  // A first-order run that ended on its epoch count with the relative
  // gradient norm above convergence_warning_threshold.
  bool not_converged = false;
  // The objective and metrics at the final weights, from the loop's last
  // pass (as evaluate() gives them); none for a diverged run. With
  // single_pass, always: the epoch's progressive figures (loss NaN when no
  // step was taken).
  std::optional<Evaluation> final_training;
};

using EpochCallback = std::function<void(const EpochRecord&)>;

// Trains the parameters w in place. A non-finite loss, gradient or weight
// stops training at once (status diverged; the last record carries that loss,
// and w is left as it was before the step that produced it).
TrainResult train(arma::vec& w, const LogisticObjective& training,
                  const LogisticObjective* validation, Optimizer& optimizer,
                  const TrainOptions& options, const EpochCallback& on_epoch = {},
                  std::size_t history_capacity = EpochHistory::default_capacity);

// A clean pass at w, recording no graph; `scores`, when given, is handed
// every block's logits and labels on the way.
Evaluation evaluate(const LogisticObjective& objective, const arma::vec& w,
                    const BlockScores* scores = nullptr);

// ROC AUC and average precision at w, from one more pass over the rows held
// in memory (logits computed as the objective's pass computes them), sorted
// once and taken in one pass from the highest score down. With several
// processes every process sorts its own rows' (logit, label) pairs, process
// 0 gathers them all (16 bytes a row of every process, plus its own share's
// while they arrive) and merges them; the two numbers then go to every
// process, so that all hold the same Evaluation. The same bits as one
// process. A collective then. Nothing for a streamed objective (its rows
// are not held: feed a RankingAccumulator from the final pass instead,
// TrainOptions::final_scores and evaluate()'s `scores`), nor for NaN logits
// (weights that diverged). log_loss and brier are left as evaluate()
// measured them.
void add_score_metrics(Evaluation& evaluation, const LogisticObjective& objective,
                       const arma::vec& w);

// The ranking metrics an accumulator fed by a pass computed, put in place.
void set_ranking(Evaluation& evaluation, const RankingMetrics& ranking);

}  // namespace adtrain::ml
