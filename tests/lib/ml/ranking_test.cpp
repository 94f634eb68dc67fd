// The ranking metrics in one descending pass, and the bounded-memory
// accumulator that sorts runs, stores and merges them: both must give the
// bits of one sort in memory, whatever the ties and the capacity.
#include "adtrain/ml.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <random>
#include <stdexcept>
#include <vector>

namespace adtrain::ml {
namespace {

bool same_bits(double a, double b) {
  return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b);
}

// The computation roc_auc() and average_precision() used before the
// descending pass (kept here as the reference): runs of equal scores sorted
// ascending for 2U (positives counting the negatives below them), and
// descending for average precision.
struct ReferenceRun {
  std::uint64_t positives = 0, negatives = 0;
};

std::vector<ReferenceRun> reference_runs(const arma::vec& scores, const arma::vec& labels,
                                         bool descending) {
  std::vector<arma::uword> order(scores.n_elem);
  std::iota(order.begin(), order.end(), arma::uword{0});
  std::sort(order.begin(), order.end(), [&](arma::uword a, arma::uword b) {
    return descending ? scores(a) > scores(b) : scores(a) < scores(b);
  });
  std::vector<ReferenceRun> runs;
  for (std::size_t k = 0; k < order.size(); ++k) {
    if (k == 0 || scores(order[k]) != scores(order[k - 1])) runs.emplace_back();
    (labels(order[k]) == 1.0 ? runs.back().positives : runs.back().negatives) += 1;
  }
  return runs;
}

double reference_roc_auc(const arma::vec& scores, const arma::vec& labels) {
  std::uint64_t negatives_below = 0, twice_u = 0, positives = 0;
  for (const ReferenceRun& run : reference_runs(scores, labels, false)) {
    twice_u += run.positives * (2 * negatives_below + run.negatives);
    negatives_below += run.negatives;
    positives += run.positives;
  }
  if (positives == 0 || negatives_below == 0) return std::nan("");
  return static_cast<double>(twice_u) /
         (2.0 * static_cast<double>(positives) * static_cast<double>(negatives_below));
}

double reference_average_precision(const arma::vec& scores, const arma::vec& labels) {
  const std::vector<ReferenceRun> runs = reference_runs(scores, labels, true);
  std::uint64_t positives = 0;
  for (const ReferenceRun& run : runs) positives += run.positives;
  if (positives == 0) return std::nan("");
  double sum = 0.0;
  std::uint64_t true_positives = 0, called_positive = 0;
  for (const ReferenceRun& run : runs) {
    true_positives += run.positives;
    called_positive += run.positives + run.negatives;
    if (run.positives == 0) continue;
    sum += static_cast<double>(run.positives) *
           (static_cast<double>(true_positives) / static_cast<double>(called_positive));
  }
  return sum / static_cast<double>(positives);
}

// Scores on `levels` values only (many ties), -0 and +0 among them, labels
// leaning towards the higher scores.
struct TiedScores {
  arma::vec scores, labels;
};

TiedScores tied_scores(std::size_t rows, int levels, unsigned seed) {
  std::mt19937_64 random(seed);
  std::uniform_int_distribution<int> level(0, levels - 1);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  TiedScores t{arma::vec(rows), arma::vec(rows)};
  for (std::size_t i = 0; i < rows; ++i) {
    const int l = level(random);
    double s = static_cast<double>(l - levels / 2) * 0.25;
    if (s == 0.0 && (i % 2 == 1)) s = -0.0;
    t.scores(i) = s;
    t.labels(i) = unit(random) < 1.0 / (1.0 + std::exp(-s)) ? 1.0 : 0.0;
  }
  return t;
}

std::vector<ScorePair> pairs_from(const TiedScores& t) {
  std::vector<ScorePair> pairs;
  for (arma::uword i = 0; i < t.scores.n_elem; ++i) pairs.push_back({t.scores(i), t.labels(i)});
  return pairs;
}

TEST(DescendingRanking, GivesTheBitsOfTheAscendingCountOnTiedScores) {
  for (int levels : {1, 2, 3, 17, 1000}) {
    for (std::size_t rows : {1u, 2u, 5u, 100u, 4000u}) {
      const TiedScores t = tied_scores(rows, levels, 31 * rows + static_cast<unsigned>(levels));
      const double auc = roc_auc(t.scores, t.labels), ap = average_precision(t.scores, t.labels);
      const double ref_auc = reference_roc_auc(t.scores, t.labels);
      const double ref_ap = reference_average_precision(t.scores, t.labels);
      EXPECT_TRUE(same_bits(auc, ref_auc) || (std::isnan(auc) && std::isnan(ref_auc)))
          << levels << " levels, " << rows << " rows: " << auc << " against " << ref_auc;
      EXPECT_TRUE(same_bits(ap, ref_ap) || (std::isnan(ap) && std::isnan(ref_ap)))
          << levels << " levels, " << rows << " rows: " << ap << " against " << ref_ap;
      // score_metrics takes both from its one sort.
      const ScoreMetrics m = score_metrics(t.scores, t.labels);
      EXPECT_TRUE(same_bits(m.roc_auc, auc) || std::isnan(auc));
      EXPECT_TRUE(same_bits(m.average_precision, ap) || std::isnan(ap));
    }
  }
}

TEST(DescendingRanking, RefusesScoresThatRiseOrAreNaN) {
  DescendingRanking ranking;
  ranking.add(2.0, true);
  ranking.add(2.0, false);
  EXPECT_THROW(ranking.add(3.0, true), std::invalid_argument);
  EXPECT_THROW(ranking.add(std::nan(""), true), std::invalid_argument);
  ranking.add(1.0, false);
  // Pairs: (2+, 2-) tied: 1; (2+, 1-): 2. 2U = 3 over 2 P N = 4.
  EXPECT_EQ(ranking.finish().roc_auc, 0.75);
}

TEST(DescendingRanking, NoPairsGiveNaN) {
  DescendingRanking ranking;
  const RankingMetrics m = ranking.finish();
  EXPECT_TRUE(std::isnan(m.roc_auc));
  EXPECT_TRUE(std::isnan(m.average_precision));
}

// Feeds `t` to an accumulator in blocks of uneven sizes.
RankingMetrics accumulate(const TiedScores& t, std::size_t capacity, RunStore& store,
                          std::size_t* runs = nullptr) {
  RankingAccumulator accumulator(capacity, store);
  arma::uword first = 0, size = 1;
  while (first < t.scores.n_elem) {
    const arma::uword last = std::min<arma::uword>(t.scores.n_elem, first + size) - 1;
    accumulator.add(t.scores.subvec(first, last), t.labels.subvec(first, last));
    first = last + 1;
    size = size * 3 % 101 + 1;
  }
  const RankingMetrics m = accumulator.finish();
  EXPECT_TRUE(accumulator.failure().empty()) << accumulator.failure();
  if (runs != nullptr) *runs = accumulator.runs();
  return m;
}

TEST(RankingAccumulator, ManySmallRunsMergeToTheBitsOfOneSortInMemory) {
  for (int levels : {2, 9, 250, 100000}) {
    const TiedScores t = tied_scores(3001, levels, 7 + static_cast<unsigned>(levels));
    std::vector<ScorePair> all = pairs_from(t);
    const RankingMetrics expected = ranking_of(all);
    for (std::size_t capacity : {1u, 2u, 3u, 10u, 64u, 1000u, 3000u, 3001u, 100000u}) {
      MemoryRunStore store;
      std::size_t runs = 0;
      const RankingMetrics m = accumulate(t, capacity, store, &runs);
      EXPECT_TRUE(same_bits(m.roc_auc, expected.roc_auc)) << levels << " levels, " << capacity;
      EXPECT_TRUE(same_bits(m.average_precision, expected.average_precision))
          << levels << " levels, capacity " << capacity;
      // Every pair in memory: no run stored; else one per full buffer.
      EXPECT_EQ(runs, capacity >= 3001 ? 0u : (3001 + capacity - 1) / capacity) << capacity;
      EXPECT_EQ(store.runs(), runs);
    }
  }
}

// A store whose disk is full from the `fail_at`-th run on, or whose reads fail.
class FailingStore final : public RunStore {
 public:
  explicit FailingStore(std::size_t fail_at, bool reads_fail = false)
      : fail_at_(fail_at), reads_fail_(reads_fail) {}
  void append(std::span<const ScorePair> run) override {
    if (memory_.runs() == fail_at_) {
      throw std::runtime_error("cannot write a temporary file in /full: No space left on device");
    }
    memory_.append(run);
  }
  std::size_t read(std::size_t run, std::size_t offset, std::span<ScorePair> into) override {
    if (reads_fail_) throw std::runtime_error("cannot read a temporary file in /bad: I/O error");
    return memory_.read(run, offset, into);
  }

 private:
  MemoryRunStore memory_;
  std::size_t fail_at_;
  bool reads_fail_;
};

TEST(RankingAccumulator, AStoreThatFailsGivesNaNAndSaysWhy) {
  const TiedScores t = tied_scores(500, 20, 3);
  for (std::size_t fail_at : {0u, 1u, 4u}) {
    FailingStore store(fail_at);
    RankingAccumulator accumulator(50, store);
    accumulator.add(t.scores, t.labels);
    const RankingMetrics m = accumulator.finish();
    EXPECT_TRUE(std::isnan(m.roc_auc)) << fail_at;
    EXPECT_TRUE(std::isnan(m.average_precision)) << fail_at;
    EXPECT_EQ(accumulator.failure(),
              "cannot write a temporary file in /full: No space left on device");
  }
  FailingStore unreadable(1000, true);
  RankingAccumulator accumulator(50, unreadable);
  accumulator.add(t.scores, t.labels);
  EXPECT_TRUE(std::isnan(accumulator.finish().roc_auc));
  EXPECT_EQ(accumulator.failure(), "cannot read a temporary file in /bad: I/O error");
  // A store never needed never fails.
  FailingStore never(0);
  RankingAccumulator fits(500, never);
  fits.add(t.scores, t.labels);
  EXPECT_FALSE(std::isnan(fits.finish().roc_auc));
  EXPECT_TRUE(fits.failure().empty());
}

TEST(RankingAccumulator, ANaNLogitGivesNaNAndBadInputIsRefused) {
  MemoryRunStore store;
  RankingAccumulator accumulator(4, store);
  accumulator.add(arma::vec{1.0, 2.0}, arma::vec{1.0, 0.0});
  accumulator.add(arma::vec{std::nan(""), 2.0}, arma::vec{1.0, 0.0});
  EXPECT_TRUE(std::isnan(accumulator.finish().roc_auc));
  EXPECT_TRUE(accumulator.failure().empty());
  RankingAccumulator refusing(4, store);
  EXPECT_THROW(refusing.add(arma::vec{1.0}, arma::vec{1.0, 0.0}), std::invalid_argument);
  EXPECT_THROW(refusing.add(arma::vec{1.0}, arma::vec{0.5}), std::invalid_argument);
}

}  // namespace
}  // namespace adtrain::ml
