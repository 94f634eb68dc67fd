// Training over rows that are read anew on every pass (RowSource), the
// shuffle buffer that orders them, and the one-pass column moments: a
// streamed run must be the same bits as the same rows held in memory.
#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <set>
#include <vector>

#include "adtrain/ml.hpp"

namespace adtrain::ml {
namespace {

bool same_vector_bits(const arma::vec& a, const arma::vec& b) {
  return a.n_elem == b.n_elem && std::equal(a.begin(), a.end(), b.begin(), [](double x, double y) {
           return std::bit_cast<std::uint64_t>(x) == std::bit_cast<std::uint64_t>(y);
         });
}

// A design matrix handed over in runs of `run` rows on every pass, as a
// file read in chunks would be; counts its passes, and can stop one.
class MatrixSource final : public RowSource {
 public:
  MatrixSource(const arma::mat& X, const arma::vec& y, arma::uword run) : X_(X), y_(y), run_(run) {}
  bool pass(const Take& take, bool interruptible) const override {
    ++passes;
    for (arma::uword first = 0; first < X_.n_rows; first += run_) {
      if (interruptible && stop_after_rows && first >= *stop_after_rows) return false;
      const arma::uword last = std::min(X_.n_rows, first + run_) - 1;
      if (!take(X_.rows(first, last), y_.subvec(first, last))) return false;
    }
    return true;
  }
  mutable std::size_t passes = 0;
  std::optional<arma::uword> stop_after_rows;

 private:
  arma::mat X_;
  arma::vec y_;
  arma::uword run_;
};

struct StreamProblem {
  arma::mat X;  // design rows, bias first
  arma::vec y;
};

StreamProblem make_stream_problem(std::size_t rows, std::uint64_t seed) {
  const Dataset data = generate_seed_data(rows, seed);
  StreamProblem p;
  p.X = design_matrix(data.features, nullptr, true);
  p.y = data.labels;
  // A few labels flipped, so that the optimum is finite.
  for (arma::uword i = 0; i < p.y.n_elem; i += 7) p.y(i) = 1.0 - p.y(i);
  return p;
}

const Regularization stream_penalty{1e-3, 0};

TEST(ShuffleBuffer, OrderIsAPermutationThatDependsOnTheSeed) {
  Random a(1, streams::shuffling), b(1, streams::shuffling), c(2, streams::shuffling);
  const std::vector<std::size_t> first = shuffled_order(1000, 0, a);
  std::vector<std::size_t> sorted = first;
  std::sort(sorted.begin(), sorted.end());
  std::vector<std::size_t> identity(1000);
  std::iota(identity.begin(), identity.end(), 0);
  EXPECT_EQ(sorted, identity);
  EXPECT_NE(first, identity);
  EXPECT_EQ(shuffled_order(1000, 0, b), first);
  EXPECT_NE(shuffled_order(1000, 0, c), first);
  // The generator carries on: the next epoch has another order.
  EXPECT_NE(shuffled_order(1000, 0, a), first);
}

TEST(ShuffleBuffer, ASmallBufferOnlyMovesRowsLocally) {
  // A row cannot leave before it arrives, and leaves a buffer of B within
  // a few B arrivals with overwhelming probability: the order of a stream
  // through a small buffer is only locally shuffled (tf.data's caveat).
  Random random(7, streams::shuffling);
  const std::vector<std::size_t> order = shuffled_order(100000, 16, random);
  std::set<std::size_t> seen(order.begin(), order.end());
  EXPECT_EQ(seen.size(), order.size());
  for (std::size_t position = 0; position < order.size(); ++position) {
    // Row r arrives at step r and, while the buffer is full, each step
    // emits exactly one: it cannot be emitted before position r - 16.
    ASSERT_GE(position + 16, order[position]);
  }
  std::size_t far = 0;
  for (std::size_t position = 0; position < order.size(); ++position) {
    far += position > order[position] + 16 * 20 ? 1 : 0;
  }
  EXPECT_LT(far, 10u);
}

TEST(ShuffleBuffer, CapacityAtLeastTheRowCountIsTheWholeShuffle) {
  Random a(3, streams::shuffling), b(3, streams::shuffling), c(3, streams::shuffling);
  const std::vector<std::size_t> whole = shuffled_order(500, 0, a);
  EXPECT_EQ(shuffled_order(500, 500, b), whole);
  EXPECT_EQ(shuffled_order(500, 100000, c), whole);
  EXPECT_THROW(ShuffleBuffer(0, a), std::invalid_argument);
}

TEST(ColumnMoments, RowsAddedInAnyPiecesGiveTheBitsOfFit) {
  const Dataset data = generate_seed_data(200000, 5);  // several blocks of rows
  arma::mat X = data.features * 1000.0 + 3.0;
  const Standardization whole = Standardization::fit(X);
  for (arma::uword piece : {1u, 977u, 65536u, 200000u}) {
    ColumnMoments moments(X.n_cols);
    for (arma::uword first = 0; first < X.n_rows; first += piece) {
      moments.add(X.rows(first, std::min(X.n_rows, first + piece) - 1));
    }
    const Standardization streamed = moments.result();
    EXPECT_TRUE(same_vector_bits(arma::vec(streamed.mean.t()), arma::vec(whole.mean.t()))) << piece;
    EXPECT_TRUE(same_vector_bits(arma::vec(streamed.std.t()), arma::vec(whole.std.t()))) << piece;
  }
  // And agree with the two-pass formulas to rounding.
  for (arma::uword j = 0; j < X.n_cols; ++j) {
    EXPECT_NEAR(whole.mean(j) / arma::mean(X.col(j)), 1.0, 1e-14);
    EXPECT_NEAR(whole.std(j) / arma::stddev(X.col(j), 1), 1.0, 1e-12);
  }
}

TEST(ColumnMoments, StaysAccurateFarFromZeroAndAcrossMagnitudes) {
  // A large offset is where a naive sum of squares loses every digit.
  arma::mat X(300000, 3);
  Random random(11, streams::data);
  for (arma::uword i = 0; i < X.n_rows; ++i) {
    X(i, 0) = 1e9 + random.uniform();
    X(i, 1) = (i < 150000 ? 1e-200 : 1e200) * random.uniform();  // the unit grows mid-way
    X(i, 2) = 0.0;
  }
  const Standardization s = Standardization::fit(X);
  EXPECT_NEAR(s.std(0), std::sqrt(1.0 / 12.0), 1e-3);
  // Welford's error grows with mean / std (here 3.5e9) times the rounding
  // unit; the textbook E[x^2] - E[x]^2 has nothing left at all.
  EXPECT_NEAR(s.std(0) / arma::stddev(X.col(0) - 1e9, 1), 1.0, 1e-6);
  const double naive = arma::mean(arma::square(X.col(0))) - std::pow(arma::mean(X.col(0)), 2);
  EXPECT_GT(std::abs(std::sqrt(std::max(naive, 0.0)) / s.std(0) - 1.0), 0.01);
  EXPECT_TRUE(std::isfinite(s.mean(1)) && std::isfinite(s.std(1)));
  EXPECT_NEAR(s.mean(1) / (arma::mean(X.col(1) / 1e200) * 1e200), 1.0, 1e-12);
  EXPECT_EQ(s.mean(2), 0.0);
  EXPECT_EQ(s.std(2), 1.0);
}

TEST(HeldOutByHash, HoldsOutAboutTheFractionTheSameWayEveryTime) {
  std::size_t held = 0;
  for (std::uint64_t record = 1; record <= 100000; ++record) {
    const bool out = held_out_by_hash(record, 0.2, 42);
    EXPECT_EQ(out, held_out_by_hash(record, 0.2, 42));
    held += out ? 1 : 0;
  }
  EXPECT_NEAR(static_cast<double>(held) / 100000.0, 0.2, 0.01);
  std::size_t differ = 0;
  for (std::uint64_t record = 1; record <= 1000; ++record) {
    differ += held_out_by_hash(record, 0.2, 42) != held_out_by_hash(record, 0.2, 43) ? 1 : 0;
  }
  EXPECT_GT(differ, 100u);
  EXPECT_FALSE(held_out_by_hash(5, 0.0, 1));
}

TEST(StreamedObjective, ValueGradientAndHessianAreTheBitsOfTheHeldRows) {
  const StreamProblem p = make_stream_problem(150000, 3);  // three blocks, the last short
  const LogisticObjective held(design_blocks(p.X.cols(1, 2), p.y, nullptr, true), stream_penalty);
  for (arma::uword run : {1000u, 65536u, 70001u}) {
    const MatrixSource source(p.X, p.y, run);
    const LogisticObjective streamed(source, p.X.n_rows, p.X.n_cols, stream_penalty);
    const arma::vec w = {0.3, -1.2, 0.8}, v = {1.0, 0.5, -2.0};
    EXPECT_EQ(std::bit_cast<std::uint64_t>(streamed.value(w)),
              std::bit_cast<std::uint64_t>(held.value(w)));
    EXPECT_TRUE(same_vector_bits(streamed.value_and_gradient(w).gradient,
                                 held.value_and_gradient(w).gradient));
    const SecondOrderPoint a = streamed.second_order(w), b = held.second_order(w);
    EXPECT_TRUE(same_vector_bits(a.value.gradient, b.value.gradient));
    EXPECT_TRUE(same_vector_bits(a.hessian.times(v), b.hessian.times(v)));
    EXPECT_EQ(source.passes, 4u);  // value, gradient, second order, one product
  }
}

TEST(StreamedObjective, TheEvaluationPassGivesTheScoreMetricsOfTheRowsInMemory) {
  // Three blocks and a bit, in runs that do not line up with them.
  const StreamProblem p = make_stream_problem(3 * rows_per_block + 777, 5);
  const MatrixSource source(p.X, p.y, 10007);
  const LogisticObjective streamed(source, p.X.n_rows, p.X.n_cols, stream_penalty);
  const LogisticObjective in_memory(p.X, p.y, stream_penalty);
  const arma::vec w = {0.3, -1.2, 0.8};
  // The ranking from the evaluation's own pass, in runs of 40,000 pairs.
  MemoryRunStore store;
  RankingAccumulator ranking(40000, store);
  const BlockScores scores = [&](const arma::vec& z, const arma::vec& y) { ranking.add(z, y); };
  Evaluation evaluation = evaluate(streamed, w, &scores);
  set_ranking(evaluation, ranking.finish());
  EXPECT_EQ(source.passes, 1u);  // no pass of its own
  EXPECT_EQ(ranking.runs(), 5u);
  add_score_metrics(evaluation, streamed, w);  // nothing for a stream
  EXPECT_EQ(source.passes, 1u);

  Evaluation held = evaluate(in_memory, w);
  add_score_metrics(held, in_memory, w);
  for (const auto& [a, b] :
       {std::pair{evaluation.scores.log_loss, held.scores.log_loss},
        {evaluation.scores.brier, held.scores.brier},
        {evaluation.scores.roc_auc, held.scores.roc_auc},
        {evaluation.scores.average_precision, held.scores.average_precision}}) {
    EXPECT_TRUE(std::isfinite(a));
    EXPECT_EQ(std::bit_cast<std::uint64_t>(a), std::bit_cast<std::uint64_t>(b)) << a << " " << b;
  }
}

TEST(StreamedObjective, TheFinalTrainingPassFeedsTheRankingOnceAndMeasuresTheBrierScore) {
  const StreamProblem p = make_stream_problem(2 * rows_per_block + 5, 8);
  const MatrixSource source(p.X, p.y, 4096);
  const LogisticObjective streamed(source, p.X.n_rows, p.X.n_cols, stream_penalty);
  const LogisticObjective in_memory(p.X, p.y, stream_penalty);
  MemoryRunStore store;
  RankingAccumulator ranking(1000, store);
  const BlockScores scores = [&](const arma::vec& z, const arma::vec& y) { ranking.add(z, y); };
  arma::vec w_streamed(3, arma::fill::zeros), w_held(3, arma::fill::zeros);
  Sgd a(0.5), b(0.5);
  TrainOptions options{.max_epochs = 2};
  const TrainResult held = train(w_held, in_memory, nullptr, a, options);
  options.final_scores = &scores;
  TrainResult result = train(w_streamed, streamed, nullptr, b, options);
  ASSERT_TRUE(result.final_training && held.final_training);
  set_ranking(*result.final_training, ranking.finish());
  Evaluation expected = *held.final_training;
  add_score_metrics(expected, in_memory, w_held);
  EXPECT_EQ(result.final_training->scores.brier, expected.scores.brier);
  EXPECT_EQ(result.final_training->scores.roc_auc, expected.scores.roc_auc);
  EXPECT_EQ(result.final_training->scores.average_precision, expected.scores.average_precision);
  EXPECT_FALSE(std::isnan(expected.scores.brier));
}

TEST(StreamedObjective, RefusesBatchesByIndexAndAChangedRowCount) {
  const StreamProblem p = make_stream_problem(1000, 3);
  const MatrixSource source(p.X, p.y, 100);
  const LogisticObjective streamed(source, p.X.n_rows, p.X.n_cols, stream_penalty);
  EXPECT_THROW(streamed.sums(arma::vec(3, arma::fill::zeros), arma::uvec{1, 2}, true),
               std::logic_error);
  const LogisticObjective wrong_count(source, p.X.n_rows + 1, p.X.n_cols, stream_penalty);
  EXPECT_THROW(wrong_count.value(arma::vec(3, arma::fill::zeros)), std::runtime_error);
}

struct StreamedRun {
  arma::vec w;
  TrainResult result;
};

StreamedRun train_with(const LogisticObjective& objective, Optimizer& optimizer,
                       std::size_t epochs) {
  StreamedRun run;
  run.w.zeros(objective.parameters());
  TrainOptions options;
  options.max_epochs = epochs;
  run.result = train(run.w, objective, nullptr, optimizer, options);
  return run;
}

TEST(StreamedTraining, EveryOptimizerGivesTheBitsOfTheHeldRows) {
  const StreamProblem p = make_stream_problem(70000, 9);
  const LogisticObjective held(design_blocks(p.X.cols(1, 2), p.y, nullptr, true), stream_penalty);
  const MatrixSource source(p.X, p.y, 4096);
  const LogisticObjective streamed(source, p.X.n_rows, p.X.n_cols, stream_penalty);
  struct Case {
    const char* name;
    std::function<std::unique_ptr<Optimizer>()> make;
    std::size_t epochs;
  };
  const std::vector<Case> cases = {
      {"per-sample sgd, whole shuffle",
       [] {
         return std::make_unique<Sgd>(0.05, BatchOptions{1, true, 0, 5});
       },
       1},
      {"sgd, batch 100, buffer 1000",
       [] {
         return std::make_unique<Sgd>(0.5, BatchOptions{100, true, 1000, 5});
       },
       3},
      {"adam, batch 33, no shuffle",
       [] {
         return std::make_unique<Adam>(AdamSettings{}, BatchOptions{33, false, 0, 5});
       },
       2},
      {"momentum, batch 5000, buffer 17",
       [] {
         return std::make_unique<Momentum>(0.1, 0.9, BatchOptions{5000, true, 17, 2});
       },
       3},
      {"full batch", [] { return std::make_unique<Sgd>(5.0); }, 3},
      {"newton", [] { return std::make_unique<TrustRegionNewton>(); }, 4},
      {"lbfgs", [] { return std::make_unique<Lbfgs>(); }, 4},
  };
  for (const Case& c : cases) {
    const auto a = c.make(), b = c.make();
    const StreamedRun in_memory = train_with(held, *a, c.epochs);
    const StreamedRun from_stream = train_with(streamed, *b, c.epochs);
    EXPECT_TRUE(same_vector_bits(from_stream.w, in_memory.w)) << c.name;
    ASSERT_EQ(from_stream.result.epochs.size(), in_memory.result.epochs.size()) << c.name;
    EXPECT_EQ(std::bit_cast<std::uint64_t>(from_stream.result.initial_gradient_norm),
              std::bit_cast<std::uint64_t>(in_memory.result.initial_gradient_norm))
        << c.name;
    EXPECT_EQ(std::bit_cast<std::uint64_t>(from_stream.result.final_gradient_norm),
              std::bit_cast<std::uint64_t>(in_memory.result.final_gradient_norm))
        << c.name;
    ASSERT_TRUE(from_stream.result.final_training && in_memory.result.final_training);
    EXPECT_EQ(std::bit_cast<std::uint64_t>(from_stream.result.final_training->loss),
              std::bit_cast<std::uint64_t>(in_memory.result.final_training->loss))
        << c.name;
    EXPECT_EQ(from_stream.result.final_training->metrics.correct,
              in_memory.result.final_training->metrics.correct);
    for (std::size_t e = 0; e < in_memory.result.epochs.size(); ++e) {
      EXPECT_EQ(std::bit_cast<std::uint64_t>(from_stream.result.epochs[e].loss),
                std::bit_cast<std::uint64_t>(in_memory.result.epochs[e].loss))
          << c.name << " epoch " << e + 1;
    }
  }
}

TEST(StreamedTraining, AFirstOrderRunReadsItsRowsOncePerEpochAndOnceMore) {
  // The gradient at the start is measured with the one at the end.
  const StreamProblem p = make_stream_problem(5000, 4);
  const MatrixSource source(p.X, p.y, 1000);
  const LogisticObjective streamed(source, p.X.n_rows, p.X.n_cols, stream_penalty);
  Sgd sgd(0.1, BatchOptions{10, true, 0, 1});
  train_with(streamed, sgd, 3);
  EXPECT_EQ(source.passes, 4u);
}

TEST(StreamedTraining, RowsReadOnceTrainOneEpochWithProgressiveFigures) {
  const StreamProblem p = make_stream_problem(3000, 6);
  const MatrixSource source(p.X, p.y, 700);
  const LogisticObjective once(source, LogisticObjective::unknown_rows, p.X.n_cols, stream_penalty);
  const LogisticObjective counted(source, p.X.n_rows, p.X.n_cols, stream_penalty);
  Sgd a(0.1, BatchOptions{8, true, 500, 3}), b(0.1, BatchOptions{8, true, 500, 3});
  arma::vec w_once(3, arma::fill::zeros), w_counted(3, arma::fill::zeros);
  TrainOptions options;
  options.max_epochs = 1;
  options.single_pass = true;
  const TrainResult result = train(w_once, once, nullptr, a, options);
  EXPECT_EQ(source.passes, 1u);
  EXPECT_TRUE(std::isnan(result.initial_gradient_norm));
  ASSERT_TRUE(result.final_training);
  EXPECT_EQ(result.final_training->metrics.total, 3000u);
  EXPECT_EQ(result.final_training->loss, result.epochs.back().loss);
  // The same steps as when the count is known.
  options.single_pass = false;
  train(w_counted, counted, nullptr, b, options);
  EXPECT_TRUE(same_vector_bits(w_once, w_counted));
  options.single_pass = true;
  options.max_epochs = 2;
  EXPECT_THROW(train(w_once, once, nullptr, a, options), std::invalid_argument);
}

TEST(StreamedTraining, AStopRequestEndsTheEpochWithinThePass) {
  const StreamProblem p = make_stream_problem(20000, 4);
  MatrixSource source(p.X, p.y, 1000);
  source.stop_after_rows = 5000;
  const LogisticObjective streamed(source, p.X.n_rows, p.X.n_cols, stream_penalty);
  Sgd sgd(0.1, BatchOptions{10, false, 0, 1});
  const StreamedRun run = train_with(streamed, sgd, 5);
  EXPECT_EQ(run.result.status, TrainStatus::interrupted);
  EXPECT_EQ(run.result.epochs_run, 1u);
  EXPECT_TRUE(std::isfinite(run.result.epochs.back().loss));
  EXPECT_TRUE(arma::any(run.w != 0.0));
}

}  // namespace
}  // namespace adtrain::ml
