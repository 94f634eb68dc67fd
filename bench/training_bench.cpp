// Whole training workloads, each beside its reference measured in the same
// run: ratios are what the README reports, since absolute times drift on
// shared machines.
#include <benchmark/benchmark.h>

#include <cmath>

#include "adtrain/ad.hpp"
#include "adtrain/ml.hpp"

namespace {

using namespace adtrain;

// The seed job: 100 generated rows, weights at ones, per-sample steps in
// order, lr 0.01, 300 epochs = 30,000 forward + backward passes.
void BM_SeedJob_DynamicGraph(benchmark::State& state) {
  const ml::Dataset data = ml::generate_seed_data(100, 0);
  const arma::mat X = ml::design_matrix(data.features, nullptr, true);
  const ml::LogisticObjective objective(X, data.labels, {});
  for (auto _ : state) {
    arma::vec w(3, arma::fill::ones);
    ml::Sgd sgd(0.01, {.batch_size = 1, .shuffle = false});
    benchmark::DoNotOptimize(
        ml::train(w, objective, nullptr, sgd, {.max_epochs = 300}).epochs.size());
  }
  state.SetItemsProcessed(state.iterations() * 30'000);
}
BENCHMARK(BM_SeedJob_DynamicGraph)->Unit(benchmark::kMillisecond);

// The same job with the hand-derived gradient (x (sigmoid(w.x) - y)) in
// plain C++: the floor for any engine.
void BM_SeedJob_HandDerivedCpp(benchmark::State& state) {
  const ml::Dataset data = ml::generate_seed_data(100, 0);
  const arma::mat X = ml::design_matrix(data.features, nullptr, true);
  for (auto _ : state) {
    double w[3] = {1.0, 1.0, 1.0};
    for (int epoch = 0; epoch < 300; ++epoch) {
      for (arma::uword i = 0; i < X.n_rows; ++i) {
        const double z = w[0] * X(i, 0) + w[1] * X(i, 1) + w[2] * X(i, 2);
        const double residual = 1.0 / (1.0 + std::exp(-z)) - data.labels(i);
        for (int j = 0; j < 3; ++j) w[j] -= 0.01 * residual * X(i, static_cast<arma::uword>(j));
      }
    }
    benchmark::DoNotOptimize(w);
  }
  state.SetItemsProcessed(state.iterations() * 30'000);
}
BENCHMARK(BM_SeedJob_HandDerivedCpp)->Unit(benchmark::kMillisecond);

// Scaling in epochs: per-sample passes over the seed data for 30 to 3,000
// epochs. The time per pass should not grow with the epoch count (no leak,
// no slowdown); the argument is the epoch count.
void BM_SeedJob_PerPassByEpochs(benchmark::State& state) {
  const ml::Dataset data = ml::generate_seed_data(100, 0);
  const arma::mat X = ml::design_matrix(data.features, nullptr, true);
  const ml::LogisticObjective objective(X, data.labels, {});
  const auto epochs = static_cast<std::size_t>(state.range(0));
  for (auto _ : state) {
    arma::vec w(3, arma::fill::ones);
    ml::Sgd sgd(0.01, {.batch_size = 1, .shuffle = false});
    benchmark::DoNotOptimize(
        ml::train(w, objective, nullptr, sgd, {.max_epochs = epochs}).epochs.size());
  }
  const double passes = static_cast<double>(state.iterations() * epochs * 100);
  state.counters["per_pass"] =
      benchmark::Counter(passes, benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}
BENCHMARK(BM_SeedJob_PerPassByEpochs)->Arg(30)->Arg(300)->Arg(3000)->Unit(benchmark::kMillisecond);

struct LargeProblem {
  arma::mat X;
  arma::vec y;
  explicit LargeProblem(std::size_t rows) {
    ml::Dataset data = ml::generate_seed_data(rows, 1);
    X = ml::design_matrix(data.features, nullptr, true);  // bias, x1, x2: 3 features
    y = std::move(data.labels);
  }
};

// One full-batch epoch on n x 3 through the dynamic graph: loss, backward,
// update. The arguments are n and the thread count (wall-clock time, since
// with two threads the main thread's CPU time says little).
void BM_FullBatchEpoch_DynamicGraph(benchmark::State& state) {
  LargeProblem problem(static_cast<std::size_t>(state.range(0)));
  ad::set_max_threads(static_cast<int>(state.range(1)));
  const ml::LogisticObjective objective(problem.X, problem.y, {});
  arma::vec w(3, arma::fill::zeros);
  ml::Sgd sgd(0.5);
  constexpr std::size_t epochs = 10;
  // Steady state: one untimed epoch first, so that the step's vectors are
  // already in the matrix pool (their first-touch page faults happen once
  // per run, not once per epoch). The optimizer's own epochs, without the
  // training loop's bookkeeping passes.
  sgd.run_epoch(objective, w);
  for (auto _ : state) {
    for (std::size_t epoch = 0; epoch < epochs; ++epoch) {
      benchmark::DoNotOptimize(sgd.run_epoch(objective, w).loss);
    }
  }
  ad::set_max_threads(1);
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(epochs) * state.range(0));
  state.counters["per_epoch"] =
      benchmark::Counter(static_cast<double>(state.iterations() * epochs),
                         benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}
BENCHMARK(BM_FullBatchEpoch_DynamicGraph)
    ->ArgNames({"rows", "threads"})
    ->ArgsProduct({{10'000, 100'000, 1'000'000, 10'000'000}, {1}})
    ->Args({1'000'000, 2})
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

// The reference of issue 5: a straightforward Armadillo loop with the
// closed-form gradient and fresh temporaries, no loss computed.
void BM_FullBatchEpoch_ArmadilloClosedForm(benchmark::State& state) {
  const LargeProblem problem(static_cast<std::size_t>(state.range(0)));
  const double n = static_cast<double>(problem.X.n_rows);
  arma::vec w(3, arma::fill::zeros);
  constexpr std::size_t epochs = 10;
  for (auto _ : state) {
    for (std::size_t epoch = 0; epoch < epochs; ++epoch) {
      const arma::vec z = problem.X * w;
      const arma::vec p = 1.0 / (1.0 + arma::exp(-z));
      w -= 0.5 * problem.X.t() * (p - problem.y) / n;
    }
    benchmark::DoNotOptimize(w.memptr());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(epochs) * state.range(0));
  state.counters["per_epoch"] =
      benchmark::Counter(static_cast<double>(state.iterations() * epochs),
                         benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}
BENCHMARK(BM_FullBatchEpoch_ArmadilloClosedForm)
    ->Arg(1'000'000)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
