// The ranking metrics (ROC AUC and average precision) as one pass over
// scores in descending order, and that order for more scores than memory
// holds: sorted runs kept in a store (a file, for a streamed run) and merged.
//
// Both metrics depend only on how many positive and negative rows each run
// of equal scores holds, taken from the highest score down, and the counts
// are whole numbers. So any way of reaching that order (one sort in memory,
// or runs sorted apart and merged) gives the same counts and so the same
// bits, whatever order tied rows come in.
#pragma once

#include <armadillo>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <vector>

namespace adtrain::ml {

struct RankingMetrics {
  // As ScoreMetrics::roc_auc and ::average_precision (metrics.hpp).
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

}  // namespace adtrain::ml
