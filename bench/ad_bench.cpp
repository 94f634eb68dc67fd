// The autodiff engine's own costs: creating nodes, each op forward and
// backward on tiny and on large tensors, and a pass over a large graph.
#include <benchmark/benchmark.h>

#include <functional>
#include <random>
#include <string>

#include "adtrain/ad.hpp"

namespace {

using ad::Tensor;

arma::mat values(arma::uword rows, arma::uword cols, double low, double high) {
  arma::mat m(rows, cols);
  for (arma::uword k = 0; k < m.n_elem; ++k) {
    m(k) = low + (high - low) * static_cast<double>((k * 7919) % 1000) / 1000.0;
  }
  return m;
}

// Recording one op on a 3-element tensor, with the graph freed right away.
void BM_NodeCreation(benchmark::State& state) {
  const Tensor x = ad::variable(arma::mat{1.0, 2.0, 3.0});
  for (auto _ : state) {
    Tensor y = x + 1.0;
    benchmark::DoNotOptimize(y.node().get());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_NodeCreation);

// The seed's per-sample graph: h = 1 / (1 + exp(-sum(w x))),
// ll = y log h + (1 - y) log(1 - h); 12 nodes, forward and backward, then
// the parameter update. Items are nodes, so the rate is nodes per second.
void BM_SeedGraphPerNode(benchmark::State& state) {
  Tensor w = ad::variable(arma::mat(1, 3, arma::fill::ones));
  const Tensor x = ad::constant(arma::mat{1.0, 0.3, 0.8});
  const double y = 1.0;
  constexpr int nodes = 12;
  for (auto _ : state) {
    const Tensor h = 1.0 / (1.0 + ad::exp(-ad::sum(w * x)));
    const Tensor ll = y * ad::log(h) + (1.0 - y) * ad::log(1.0 - h);
    ll.backward();
    w.data() += 0.01 * w.grad();
    w.zero_grad();
  }
  state.SetItemsProcessed(state.iterations() * nodes);
  // Seconds per node (Google Benchmark prints it with an n/u suffix).
  state.counters["per_node"] =
      benchmark::Counter(static_cast<double>(state.iterations() * nodes),
                         benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}
BENCHMARK(BM_SeedGraphPerNode);

// One op forward + backward; the argument is the element count.
using UnaryOp = std::function<Tensor(const Tensor&)>;
using BinaryOp = std::function<Tensor(const Tensor&, const Tensor&)>;

void run_unary(benchmark::State& state, const UnaryOp& op, double low, double high) {
  const auto n = static_cast<arma::uword>(state.range(0));
  const Tensor x = ad::variable(values(n, 1, low, high));
  for (auto _ : state) {
    ad::sum(op(x)).backward();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(n));
}

void run_binary(benchmark::State& state, const BinaryOp& op) {
  const auto n = static_cast<arma::uword>(state.range(0));
  const Tensor a = ad::variable(values(n, 1, 0.5, 2.0));
  const Tensor b = ad::variable(values(n, 1, 0.5, 2.0) + 0.25);
  for (auto _ : state) {
    ad::sum(op(a, b)).backward();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(n));
}

void register_op_benchmarks() {
  struct Unary {
    const char* name;
    UnaryOp op;
    double low, high;
  };
  const Unary unary[] = {
      {"exp", [](const Tensor& t) { return ad::exp(t); }, -2, 2},
      {"log", [](const Tensor& t) { return ad::log(t); }, 0.5, 2},
      {"sin", [](const Tensor& t) { return ad::sin(t); }, -2, 2},
      {"cos", [](const Tensor& t) { return ad::cos(t); }, -2, 2},
      {"sqrt", [](const Tensor& t) { return ad::sqrt(t); }, 0.5, 2},
      {"tanh", [](const Tensor& t) { return ad::tanh(t); }, -2, 2},
      {"abs", [](const Tensor& t) { return ad::abs(t); }, -2, 2},
      {"relu", [](const Tensor& t) { return ad::relu(t); }, -2, 2},
      {"sigmoid", [](const Tensor& t) { return ad::sigmoid(t); }, -2, 2},
      {"log_sigmoid", [](const Tensor& t) { return ad::log_sigmoid(t); }, -2, 2},
      {"pow3", [](const Tensor& t) { return ad::pow(t, 3.0); }, -2, 2},
      {"neg", [](const Tensor& t) { return -t; }, -2, 2},
      {"times_number", [](const Tensor& t) { return t * 1.5; }, -2, 2},
      {"transpose", [](const Tensor& t) { return ad::transpose(t); }, -2, 2},
      {"mean", [](const Tensor& t) { return ad::mean(t); }, -2, 2},
  };
  for (const Unary& u : unary) {
    benchmark::RegisterBenchmark((std::string("BM_Op/") + u.name).c_str(),
                                 [u](benchmark::State& s) { run_unary(s, u.op, u.low, u.high); })
        ->Arg(3)
        ->Arg(1'000'000)
        ->Unit(benchmark::kMicrosecond);
  }
  struct Binary {
    const char* name;
    BinaryOp op;
  };
  const Binary binary[] = {
      {"add", [](const Tensor& a, const Tensor& b) { return a + b; }},
      {"sub", [](const Tensor& a, const Tensor& b) { return a - b; }},
      {"mul", [](const Tensor& a, const Tensor& b) { return a * b; }},
      {"div", [](const Tensor& a, const Tensor& b) { return a / b; }},
      {"dot", [](const Tensor& a, const Tensor& b) { return ad::dot(a, b); }},
      {"bce_with_logits",
       [](const Tensor& a, const Tensor& b) {
         return ad::binary_cross_entropy_with_logits(a, b - 0.5);
       }},
  };
  for (const Binary& b : binary) {
    benchmark::RegisterBenchmark((std::string("BM_Op/") + b.name).c_str(),
                                 [b](benchmark::State& s) { run_binary(s, b.op); })
        ->Arg(3)
        ->Arg(1'000'000)
        ->Unit(benchmark::kMicrosecond);
  }
}

// X w with X of n x 3: the model's forward product and both its gradients.
void BM_Op_matmul(benchmark::State& state) {
  const auto n = static_cast<arma::uword>(state.range(0));
  const Tensor X = ad::constant(values(n, 3, -1, 1));
  const Tensor w = ad::variable(arma::mat(3, 1, arma::fill::ones));
  for (auto _ : state) ad::sum(ad::matmul(X, w)).backward();
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(n));
}
BENCHMARK(BM_Op_matmul)->Arg(1)->Arg(1'000'000)->Unit(benchmark::kMicrosecond);

// A pass over a 100,000-node graph: topological sort plus each node's
// derivative once (retain_graph keeps the graph for the next iteration).
void BM_BackwardPass100kNodes(benchmark::State& state) {
  const Tensor x = ad::variable(0.5);
  Tensor y = x;
  // Three nodes per level, two of them reading the previous level's value.
  for (int i = 0; i < 33'333; ++i) y = (y * 0.999) + y * 0.001;
  for (auto _ : state) y.backward({.retain_graph = true});
  state.SetItemsProcessed(state.iterations() * 100'000);
}
BENCHMARK(BM_BackwardPass100kNodes)->Unit(benchmark::kMillisecond);

// --- One objective evaluation of logistic regression on 1,000,000 x 3 ---------
// Each graph case sits beside the plain Armadillo loop with the closed-form
// gradient, measured in the same run: their ratio is what the README reports.
// Generated data with a fixed seed; the graph cases' argument is the thread
// count (wall-clock time, since with two threads CPU time says little).
struct Objective {
  arma::mat X;
  arma::vec y;
  arma::vec w;
  arma::vec v;  // the direction of the Hessian-vector products
  Objective() : X(1'000'000, 3), y(1'000'000), w{0.3, -0.8, 0.5}, v{1.0, -0.5, 0.25} {
    std::mt19937_64 engine(20240611);
    std::normal_distribution<double> normal;
    std::uniform_real_distribution<double> uniform;
    const arma::vec truth{-0.5, 1.5, -1.0};
    for (arma::uword i = 0; i < X.n_rows; ++i) {
      X(i, 0) = 1.0;  // bias column
      X(i, 1) = normal(engine);
      X(i, 2) = normal(engine);
      const double z = truth(0) + truth(1) * X(i, 1) + truth(2) * X(i, 2);
      y(i) = uniform(engine) < 1.0 / (1.0 + std::exp(-z)) ? 1.0 : 0.0;
    }
  }
};

const Objective& objective() {
  static const Objective problem;
  return problem;
}

void set_threads(benchmark::State& state) {
  ad::set_max_threads(static_cast<int>(state.range(0)));
}

// The reference: z = X w; p = 1 / (1 + exp(-z)); g = X^T (p - y) / n, with
// Armadillo's fresh temporaries (and whatever BLAS it links), as in
// adtrain_training_bench. No loss value. Freeing three fresh 8 MB vectors per
// call lets glibc give the memory back, so each call faults its pages in again.
void BM_Objective_ArmadilloClosedForm(benchmark::State& state) {
  const Objective& o = objective();
  const double n = static_cast<double>(o.X.n_rows);
  for (auto _ : state) {
    const arma::vec z = o.X * o.w;
    const arma::vec p = 1.0 / (1.0 + arma::exp(-z));
    const arma::vec g = o.X.t() * (p - o.y) / n;
    benchmark::DoNotOptimize(g.memptr());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(o.X.n_rows));
}
BENCHMARK(BM_Objective_ArmadilloClosedForm)->UseRealTime()->Unit(benchmark::kMillisecond);

// The same loop assigning into vectors declared outside it, whose storage
// Armadillo reuses: no page faults, the stricter reference.
void BM_Objective_ArmadilloClosedFormReused(benchmark::State& state) {
  const Objective& o = objective();
  const double n = static_cast<double>(o.X.n_rows);
  arma::vec z, p, g;
  for (auto _ : state) {
    z = o.X * o.w;
    p = 1.0 / (1.0 + arma::exp(-z));
    g = o.X.t() * (p - o.y) / n;
    benchmark::DoNotOptimize(g.memptr());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(o.X.n_rows));
}
BENCHMARK(BM_Objective_ArmadilloClosedFormReused)->UseRealTime()->Unit(benchmark::kMillisecond);

// The mean loss and its gradient through the graph: forward, then one
// first-order backward pass.
void BM_Objective_GraphValueGradient(benchmark::State& state) {
  const Objective& o = objective();
  set_threads(state);
  const Tensor X = ad::borrowed_constant(o.X);
  const Tensor y = ad::borrowed_constant(o.y);
  const Tensor w = ad::variable(o.w);
  for (auto _ : state) {
    const Tensor loss = ad::binary_cross_entropy_with_logits(ad::matmul(X, w), y);
    const Tensor g = ad::grad(loss, {w})[0];
    benchmark::DoNotOptimize(loss.item());
    benchmark::DoNotOptimize(g.value().memptr());
  }
  ad::set_max_threads(1);
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(o.X.n_rows));
}
BENCHMARK(BM_Objective_GraphValueGradient)
    ->ArgName("threads")
    ->Arg(1)
    ->Arg(2)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

// Newton-CG's outer step: the summed loss and its gradient as a
// differentiable tensor (create_graph), built once per outer iteration.
void BM_Objective_GraphGradientWithGraph(benchmark::State& state) {
  const Objective& o = objective();
  set_threads(state);
  const Tensor X = ad::borrowed_constant(o.X);
  const Tensor y = ad::borrowed_constant(o.y);
  const Tensor w = ad::variable(o.w);
  for (auto _ : state) {
    const Tensor loss =
        ad::binary_cross_entropy_with_logits(ad::matmul(X, w), y, ad::Reduction::sum);
    const Tensor g = ad::grad(loss, {w}, {.create_graph = true})[0];
    benchmark::DoNotOptimize(g.value().memptr());
  }
  ad::set_max_threads(1);
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(o.X.n_rows));
}
BENCHMARK(BM_Objective_GraphGradientWithGraph)
    ->ArgName("threads")
    ->Arg(1)
    ->Arg(2)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

// Newton-CG's inner step: one Hessian-vector product H v = d<g, v>/dw
// through the retained graph of g, which is built once, outside the loop.
void BM_Objective_GraphHessianVector(benchmark::State& state) {
  const Objective& o = objective();
  set_threads(state);
  const Tensor X = ad::borrowed_constant(o.X);
  const Tensor y = ad::borrowed_constant(o.y);
  const Tensor w = ad::variable(o.w);
  const Tensor loss = ad::binary_cross_entropy_with_logits(ad::matmul(X, w), y, ad::Reduction::sum);
  const Tensor g = ad::grad(loss, {w}, {.create_graph = true})[0];
  const Tensor v = ad::constant(o.v);
  for (auto _ : state) {
    const Tensor hv = ad::grad(ad::dot(g, v), {w}, {.retain_graph = true})[0];
    benchmark::DoNotOptimize(hv.value().memptr());
  }
  ad::set_max_threads(1);
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(o.X.n_rows));
}
BENCHMARK(BM_Objective_GraphHessianVector)
    ->ArgName("threads")
    ->Arg(1)
    ->Arg(2)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

}  // namespace

int main(int argc, char** argv) {
  register_op_benchmarks();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
