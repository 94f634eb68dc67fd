#include "adtrain/ml.hpp"

#include <algorithm>
#include <cmath>
#include <exception>
#include <queue>
#include <stdexcept>
#include <string>

namespace adtrain::ml {

void DescendingRanking::add(double score, bool positive) {
  if (std::isnan(score)) throw std::invalid_argument("ranking: a score is NaN");
  if (in_run_ && score > run_score_) {
    throw std::invalid_argument("ranking: the scores must come in descending order");
  }
  // == also joins -0 and +0, as the sort does.
  if (in_run_ && score != run_score_) close_run();
  if (!in_run_) {
    in_run_ = true;
    run_score_ = score;
  }
  (positive ? run_positives_ : run_negatives_) += 1;
}

void DescendingRanking::close_run() {
  // The mirror of counting, for each positive, the negatives below it: each
  // negative here is below every positive of the runs above (2 each, in 2U)
  // and tied with this run's positives (1 each). The same pairs, so the
  // same whole number: exact up to 2 P N < 2^64.
  twice_u_ += run_negatives_ * (2 * positives_above_ + run_positives_);
  positives_above_ += run_positives_;
  rows_above_ += run_positives_ + run_negatives_;
  negatives_ += run_negatives_;
  // Recall moves only at a threshold that takes in positives, by
  // run_positives_ / P; the precision there counts the whole run of ties.
  // The 1/P is taken out of the sum, so that precisions of 1 add up to
  // exactly P, and a perfect ranking scores exactly 1 (not 1 + an ulp).
  if (run_positives_ > 0) {
    precision_sum_ += static_cast<double>(run_positives_) *
                      (static_cast<double>(positives_above_) / static_cast<double>(rows_above_));
  }
  run_positives_ = run_negatives_ = 0;
  in_run_ = false;
}

RankingMetrics DescendingRanking::finish() {
  if (in_run_) close_run();
  RankingMetrics m;
  const std::uint64_t positives = positives_above_;
  if (positives > 0 && negatives_ > 0) {
    m.roc_auc = static_cast<double>(twice_u_) /
                (2.0 * static_cast<double>(positives) * static_cast<double>(negatives_));
  }
  if (positives > 0) m.average_precision = precision_sum_ / static_cast<double>(positives);
  return m;
}

void sort_descending(std::span<ScorePair> pairs) {
  std::sort(pairs.begin(), pairs.end(),
            [](const ScorePair& a, const ScorePair& b) { return a.score > b.score; });
}

RankingMetrics ranking_of(std::vector<ScorePair>& pairs) {
  sort_descending(pairs);
  DescendingRanking ranking;
  for (const ScorePair& p : pairs) ranking.add(p.score, p.label == 1.0);
  return ranking.finish();
}

void MemoryRunStore::append(std::span<const ScorePair> run) {
  runs_.emplace_back(run.begin(), run.end());
}

std::size_t MemoryRunStore::read(std::size_t run, std::size_t offset, std::span<ScorePair> into) {
  const std::vector<ScorePair>& pairs = runs_.at(run);
  if (offset >= pairs.size()) return 0;
  const std::size_t n = std::min(into.size(), pairs.size() - offset);
  std::copy_n(pairs.begin() + static_cast<std::ptrdiff_t>(offset), n, into.begin());
  return n;
}

RankingAccumulator::RankingAccumulator(std::size_t capacity, RunStore& store)
    : capacity_(std::max<std::size_t>(capacity, 1)), store_(store) {
}

void RankingAccumulator::add(const arma::vec& logits, const arma::vec& labels) {
  if (logits.n_elem != labels.n_elem) {
    throw std::invalid_argument("ranking: " + std::to_string(logits.n_elem) + " logits but " +
                                std::to_string(labels.n_elem) + " labels");
  }
  if (finished_) throw std::logic_error("ranking: pairs added after finish()");
  // Once the store failed or a logit was NaN the result is NaN: nothing
  // more is kept.
  if (!failure_.empty() || saw_nan_) return;
  for (arma::uword i = 0; i < logits.n_elem; ++i) {
    if (labels(i) != 0.0 && labels(i) != 1.0) {
      throw std::invalid_argument("ranking: label " + std::to_string(i) + " is neither 0 nor 1");
    }
    if (std::isnan(logits(i))) {
      saw_nan_ = true;
      buffer_ = {};
      return;
    }
    // The whole capacity at once: a vector grown by doubling would hold
    // the old and the new buffer together, half as much again as the
    // capacity, and overshoot it. Pages untouched take no memory.
    if (buffer_.capacity() < capacity_) buffer_.reserve(capacity_);
    if (buffer_.size() == capacity_) {
      spill();
      if (!failure_.empty()) return;
    }
    buffer_.push_back({logits(i), labels(i)});
  }
}

void RankingAccumulator::spill() {
  sort_descending(buffer_);
  try {
    store_.append(buffer_);
    run_sizes_.push_back(buffer_.size());
    buffer_.clear();  // keeps its memory for the next run
  } catch (const std::exception& e) {
    failure_ = e.what();
    // The memory goes back at once.
    buffer_ = {};
  }
}

RankingMetrics RankingAccumulator::finish() {
  if (finished_) throw std::logic_error("ranking: finish() called twice");
  finished_ = true;
  if (!failure_.empty() || saw_nan_) return {};
  if (run_sizes_.empty()) {
    // Everything fitted: one sort in memory, the memory given back after.
    std::vector<ScorePair> pairs = std::move(buffer_);
    buffer_ = {};
    return ranking_of(pairs);
  }
  if (!buffer_.empty()) spill();
  if (!failure_.empty()) return {};
  // The merge reads into the buffer's own memory: freed and allocated
  // anew, it might not go back to the system in between (malloc keeps
  // it), and the process would hold it twice.
  std::vector<ScorePair> room = std::move(buffer_);
  buffer_ = {};
  room.resize(room.capacity());
  try {
    return merge_runs(store_, run_sizes_, room);
  } catch (const std::exception& e) {
    failure_ = e.what();
    return {};
  }
}

RankingMetrics merge_runs(RunStore& store, std::span<const std::size_t> run_sizes,
                          std::span<ScorePair> room) {
  const std::size_t k = run_sizes.size();
  if (k == 0) return DescendingRanking().finish();
  // Too little room for one pair per run (only a capacity far below the
  // square root of the rows does that): k pairs of its own.
  std::vector<ScorePair> fallback;
  if (room.size() < k) {
    fallback.resize(k);
    room = fallback;
  }
  // Each run's read buffer takes an equal share of the room.
  const std::size_t share = room.size() / k;
  struct Cursor {
    std::span<ScorePair> pairs;
    std::size_t next = 0;    // in pairs
    std::size_t offset = 0;  // of pairs[0] within the run
    std::size_t end = 0;     // pairs valid in `pairs`
  };
  std::vector<Cursor> cursors(k);
  auto refill = [&](std::size_t run) {
    Cursor& c = cursors[run];
    c.offset += c.end;
    c.end = store.read(run, c.offset, c.pairs);
    c.next = 0;
    return c.end > 0;
  };
  // The highest score on top; runs tied on it pop in any order.
  using Head = std::pair<double, std::size_t>;
  auto lower = [](const Head& a, const Head& b) { return a.first < b.first; };
  std::priority_queue<Head, std::vector<Head>, decltype(lower)> heads(lower);
  for (std::size_t run = 0; run < k; ++run) {
    cursors[run].pairs = room.subspan(run * share, std::min(share, run_sizes[run]));
    if (refill(run)) heads.push({cursors[run].pairs[0].score, run});
  }
  DescendingRanking ranking;
  std::size_t merged = 0;
  while (!heads.empty()) {
    const std::size_t run = heads.top().second;
    heads.pop();
    Cursor& c = cursors[run];
    const ScorePair& p = c.pairs[c.next++];
    ranking.add(p.score, p.label == 1.0);
    ++merged;
    if (c.next == c.end && !refill(run)) continue;
    heads.push({c.pairs[c.next].score, run});
  }
  std::size_t expected = 0;
  for (std::size_t n : run_sizes) expected += n;
  if (merged != expected) {
    throw std::runtime_error("the ranking's runs gave back " + std::to_string(merged) +
                             " pairs of " + std::to_string(expected));
  }
  return ranking.finish();
}

}  // namespace adtrain::ml
