// Training split among K processes gives the same bits as one process. The
// processes are threads of this test, each with its own objective over its
// share of the blocks, combining through a Reducer that gathers over shared
// memory: the library's side of what lib/mpi does across machines.
#include <gtest/gtest.h>

#include <barrier>
#include <cmath>
#include <functional>
#include <memory>
#include <thread>
#include <vector>

#include "adtrain/ml.hpp"
#include "support/test_values.hpp"

namespace adtrain::ml {
namespace {

// K reducers that gather through a table every member writes its part into.
class ThreadGroup {
 public:
  explicit ThreadGroup(std::size_t size)
      : parts_(size), barrier_(static_cast<std::ptrdiff_t>(size)) {
    for (std::size_t r = 0; r < size; ++r) members_.push_back(std::make_unique<Member>(*this, r));
  }
  const Reducer& member(std::size_t rank) const { return *members_[rank]; }

 private:
  class Member final : public Reducer {
   public:
    Member(ThreadGroup& group, std::size_t rank) : group_(group), rank_(rank) {}
    std::size_t processes() const override { return group_.parts_.size(); }
    std::size_t rank() const override { return rank_; }
    std::vector<double> all_gather(std::span<const double> local) const override {
      group_.parts_[rank_].assign(local.begin(), local.end());
      group_.barrier_.arrive_and_wait();
      std::vector<double> all;
      for (const std::vector<double>& part : group_.parts_)
        all.insert(all.end(), part.begin(), part.end());
      // Nobody writes the next part before everybody has read this one.
      group_.barrier_.arrive_and_wait();
      return all;
    }
    std::vector<double> gather_to_root(std::span<const double> local) const override {
      std::vector<double> all = all_gather(local);
      return rank_ == 0 ? all : std::vector<double>{};
    }

   private:
    ThreadGroup& group_;
    std::size_t rank_;
  };

  std::vector<std::vector<double>> parts_;
  mutable std::barrier<> barrier_;
  std::vector<std::unique_ptr<Member>> members_;
};

// Three and a bit blocks of rows, noisy labels: an interior optimum.
struct Data {
  arma::mat X;
  arma::vec y;
};

Data make_data() {
  const arma::uword rows = 3 * rows_per_block + 1234;
  Data d;
  d.X = arma::join_horiz(arma::mat(rows, 1, arma::fill::ones),
                         ad::testing::spread(rows, 2, -2.0, 2.0, 3));
  const arma::mat noise = ad::testing::spread(rows, 1, 0.0, 1.0, 9);
  d.y.set_size(rows);
  for (arma::uword i = 0; i < rows; ++i) {
    const double z = 0.4 + d.X(i, 1) - 0.7 * d.X(i, 2);
    d.y(i) = noise(i) < 1.0 / (1.0 + std::exp(-z)) ? 1.0 : 0.0;
  }
  return d;
}

// Blocks [first, last) of the data.
RowBlocks blocks_of(const Data& d, arma::uword first, arma::uword last) {
  RowBlocks blocks;
  for (arma::uword b = first; b < last; ++b) {
    const arma::uword begin = b * rows_per_block;
    const arma::uword end = std::min(d.X.n_rows, begin + rows_per_block);
    blocks.X.push_back(d.X.rows(begin, end - 1));
    blocks.y.push_back(d.y.subvec(begin, end - 1));
  }
  return blocks;
}

using MakeOptimizer = std::function<std::unique_ptr<Optimizer>()>;

// Runs `body` on `processes` threads, each with the objective of its run of
// whole blocks of d (some none, with more processes than blocks), as the
// processes of one run would hold them.
void on_processes(const Data& d, std::size_t processes,
                  const std::function<void(const LogisticObjective&, std::size_t rank)>& body) {
  const arma::uword blocks = (d.X.n_rows + rows_per_block - 1) / rows_per_block;
  ThreadGroup group(processes);
  std::vector<std::thread> threads;
  for (std::size_t r = 0; r < processes; ++r) {
    threads.emplace_back([&, r] {
      const arma::uword first = blocks * r / processes, last = blocks * (r + 1) / processes;
      const LogisticObjective objective(
          blocks_of(d, first, last), {.l2 = 1e-3, .unpenalized = 0}, group.member(r),
          {.first_row = first * rows_per_block, .total_rows = d.X.n_rows});
      body(objective, r);
    });
  }
  for (std::thread& t : threads) t.join();
}

// The weights after training on `processes` threads; every process must
// end with the same weights.
arma::vec train_split(const Data& d, std::size_t processes, const MakeOptimizer& make,
                      const TrainOptions& options) {
  std::vector<arma::vec> weights(processes);
  on_processes(d, processes, [&](const LogisticObjective& objective, std::size_t r) {
    std::unique_ptr<Optimizer> optimizer = make();
    arma::vec w(3, arma::fill::zeros);
    train(w, objective, nullptr, *optimizer, options);
    weights[r] = w;
  });
  for (std::size_t r = 1; r < processes; ++r) {
    EXPECT_TRUE(arma::approx_equal(weights[r], weights[0], "absdiff", 0.0)) << "rank " << r;
  }
  return weights[0];
}

arma::vec train_whole(const Data& d, const MakeOptimizer& make, const TrainOptions& options) {
  const LogisticObjective objective(d.X, d.y, {.l2 = 1e-3, .unpenalized = 0});
  std::unique_ptr<Optimizer> optimizer = make();
  arma::vec w(3, arma::fill::zeros);
  train(w, objective, nullptr, *optimizer, options);
  return w;
}

void expect_same_bits(const arma::vec& a, const arma::vec& b, std::size_t processes) {
  ASSERT_EQ(a.n_elem, b.n_elem);
  for (arma::uword j = 0; j < a.n_elem; ++j) {
    EXPECT_EQ(std::bit_cast<std::uint64_t>(a(j)), std::bit_cast<std::uint64_t>(b(j)))
        << processes << " processes, weight " << j << ": " << a(j) << " against " << b(j);
  }
}

const Data& data() {
  static const Data d = make_data();
  return d;
}

// The value, gradient and H v at many points, on K processes, bit for bit.
TEST(Distributed, SumsGiveTheSameBitsOnEveryProcessCount) {
  const Data& d = data();
  const LogisticObjective whole(d.X, d.y, {.l2 = 1e-3, .unpenalized = 0});
  const arma::uword blocks = (d.X.n_rows + rows_per_block - 1) / rows_per_block;
  for (std::size_t k : {2, 3, 4}) {
    ThreadGroup group(k);
    std::vector<std::thread> threads;
    std::vector<std::vector<arma::vec>> seen(k);
    for (std::size_t r = 0; r < k; ++r) {
      threads.emplace_back([&, r] {
        const arma::uword first = blocks * r / k, last = blocks * (r + 1) / k;
        const LogisticObjective objective(
            blocks_of(d, first, last), {.l2 = 1e-3, .unpenalized = 0}, group.member(r),
            {.first_row = first * rows_per_block, .total_rows = d.X.n_rows});
        for (unsigned p = 0; p < 10; ++p) {
          const arma::vec w = ad::testing::spread(3, 1, -1.5, 1.5, 20 + p);
          const SecondOrderPoint point = objective.second_order(w);
          seen[r].push_back(arma::vec{point.value.value});
          seen[r].push_back(point.value.gradient);
          seen[r].push_back(point.hessian.times(ad::testing::spread(3, 1, -1.0, 1.0, 40 + p)));
        }
      });
    }
    for (std::thread& t : threads) t.join();
    std::vector<arma::vec> expected;
    for (unsigned p = 0; p < 10; ++p) {
      const arma::vec w = ad::testing::spread(3, 1, -1.5, 1.5, 20 + p);
      const SecondOrderPoint point = whole.second_order(w);
      expected.push_back(arma::vec{point.value.value});
      expected.push_back(point.value.gradient);
      expected.push_back(point.hessian.times(ad::testing::spread(3, 1, -1.0, 1.0, 40 + p)));
    }
    for (std::size_t r = 0; r < k; ++r) {
      for (std::size_t i = 0; i < expected.size(); ++i)
        expect_same_bits(seen[r][i], expected[i], k);
    }
  }
}

// The Brier score's block sums, and the ranking metrics that process 0
// gathers and merges (then shares), on K processes, bit for bit.
TEST(Distributed, ScoreMetricsGiveTheSameBitsOnEveryProcessCount) {
  const Data& d = data();
  const LogisticObjective whole(d.X, d.y, {.l2 = 1e-3, .unpenalized = 0});
  const arma::vec w = {0.2, 0.9, -0.6};
  Evaluation expected = evaluate(whole, w);
  add_score_metrics(expected, whole, w);
  ASSERT_FALSE(std::isnan(expected.scores.brier));
  ASSERT_FALSE(std::isnan(expected.scores.roc_auc));
  for (std::size_t k : {2, 3, 5}) {
    std::vector<Evaluation> seen(k);
    on_processes(d, k, [&](const LogisticObjective& objective, std::size_t r) {
      seen[r] = evaluate(objective, w);
      add_score_metrics(seen[r], objective, w);
    });
    for (std::size_t r = 0; r < k; ++r) {
      const ScoreMetrics& m = seen[r].scores;
      expect_same_bits(arma::vec{m.log_loss, m.brier, m.roc_auc, m.average_precision},
                       arma::vec{expected.scores.log_loss, expected.scores.brier,
                                 expected.scores.roc_auc, expected.scores.average_precision},
                       k);
    }
  }
}

TEST(Distributed, NewtonGivesTheSameBitsOnEveryProcessCount) {
  const MakeOptimizer newton = [] { return std::make_unique<TrustRegionNewton>(); };
  // Stopped before convergence, where rounding differences would still show.
  const TrainOptions options{.max_epochs = 3};
  const arma::vec one = train_whole(data(), newton, options);
  for (std::size_t k : {1, 2, 3, 5})
    expect_same_bits(train_split(data(), k, newton, options), one, k);
}

TEST(Distributed, LbfgsGivesTheSameBitsOnEveryProcessCount) {
  const MakeOptimizer lbfgs = [] { return std::make_unique<Lbfgs>(); };
  const TrainOptions options{.max_epochs = 30, .gradient_tolerance = 1e-10};
  const arma::vec one = train_whole(data(), lbfgs, options);
  for (std::size_t k : {2, 4}) expect_same_bits(train_split(data(), k, lbfgs, options), one, k);
}

TEST(Distributed, FullBatchGradientDescentGivesTheSameBitsOnEveryProcessCount) {
  const MakeOptimizer sgd = [] { return std::make_unique<Sgd>(2.0); };
  const TrainOptions options{.max_epochs = 15};
  const arma::vec one = train_whole(data(), sgd, options);
  for (std::size_t k : {2, 3}) expect_same_bits(train_split(data(), k, sgd, options), one, k);
}

// A batch of one row is held by one process: its gradient is that process's
// alone, so per-sample steps keep their bits too.
TEST(Distributed, PerSampleStepsGiveTheSameBitsOnEveryProcessCount) {
  const MakeOptimizer per_sample = [] {
    return std::make_unique<Sgd>(0.05, BatchOptions{.batch_size = 1, .shuffle = true, .seed = 7});
  };
  Data small = data();
  small.X = small.X.rows(0, rows_per_block + 99);
  small.y = small.y.subvec(0, rows_per_block + 99);
  const TrainOptions options{.max_epochs = 1};
  const arma::vec one = train_whole(small, per_sample, options);
  expect_same_bits(train_split(small, 2, per_sample, options), one, 2);
}

// Larger batches add each process's part in process order: the same rows as
// one process, reproducible for a given process count, within rounding of
// the one-process result.
TEST(Distributed, MiniBatchesAreReproducibleForAGivenProcessCount) {
  const MakeOptimizer adam = [] {
    return std::make_unique<Adam>(AdamSettings{.learning_rate = 0.05},
                                  BatchOptions{.batch_size = 50000, .shuffle = true, .seed = 3});
  };
  const TrainOptions options{.max_epochs = 3};
  const arma::vec one = train_whole(data(), adam, options);
  const arma::vec first = train_split(data(), 3, adam, options);
  expect_same_bits(train_split(data(), 3, adam, options), first, 3);
  EXPECT_TRUE(arma::approx_equal(first, one, "reldiff", 1e-12));
}

// A process holding none of the rows still takes every step with the others.
TEST(Distributed, ProcessesWithoutRowsTakePart) {
  const MakeOptimizer newton = [] { return std::make_unique<TrustRegionNewton>(); };
  const TrainOptions options{.max_epochs = 20, .gradient_tolerance = 1e-10};
  Data tiny = data();
  tiny.X = tiny.X.rows(0, 99);
  tiny.y = tiny.y.subvec(0, 99);
  const arma::vec one = train_whole(tiny, newton, options);
  expect_same_bits(train_split(tiny, 3, newton, options), one, 3);
}

// Mean and deviation from every process's blocks: the same bits as from all
// rows in one process, also for columns whose magnitudes need scaling.
TEST(Distributed, StandardizationGivesTheSameBitsOnEveryProcessCount) {
  arma::mat features = data().X.cols(1, 2);
  features.col(1) *= 1e300;
  const Standardization one = Standardization::fit(features);
  for (std::size_t k : {2, 3, 5}) {
    const arma::uword blocks = (features.n_rows + rows_per_block - 1) / rows_per_block;
    ThreadGroup group(k);
    std::vector<Standardization> fitted(k);
    std::vector<std::thread> threads;
    for (std::size_t r = 0; r < k; ++r) {
      threads.emplace_back([&, r] {
        const arma::uword first = blocks * r / k * rows_per_block;
        const arma::uword last =
            std::min<arma::uword>(features.n_rows, blocks * (r + 1) / k * rows_per_block);
        const arma::mat mine = first < last ? arma::mat(features.rows(first, last - 1))
                                            : arma::mat(0, features.n_cols);
        fitted[r] = Standardization::fit(mine, group.member(r));
      });
    }
    for (std::thread& t : threads) t.join();
    for (std::size_t r = 0; r < k; ++r) {
      expect_same_bits(fitted[r].mean.t(), one.mean.t(), k);
      expect_same_bits(fitted[r].std.t(), one.std.t(), k);
    }
  }
}

// design_blocks cuts the same design matrix into blocks.
TEST(Distributed, DesignBlocksHoldTheDesignMatrixRows) {
  const arma::mat features = data().X.cols(1, 2);
  const Standardization s = Standardization::fit(features);
  const RowBlocks blocks = design_blocks(features, data().y, &s, true);
  const arma::mat whole = design_matrix(features, &s, true);
  ASSERT_EQ(blocks.X.size(), 4u);
  EXPECT_EQ(blocks.rows(), features.n_rows);
  for (std::size_t b = 0; b < blocks.X.size(); ++b) {
    const arma::uword first = b * rows_per_block;
    EXPECT_TRUE(arma::approx_equal(blocks.X[b], whole.rows(first, first + blocks.X[b].n_rows - 1),
                                   "absdiff", 0.0));
    EXPECT_TRUE(arma::approx_equal(
        blocks.y[b], data().y.subvec(first, first + blocks.y[b].n_elem - 1), "absdiff", 0.0));
  }
}

}  // namespace
}  // namespace adtrain::ml
