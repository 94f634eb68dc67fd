// Optimizers: configured by the caller, then handed the objective by the
// training loop one epoch (first order) or one iteration (newton, lbfgs) at
// a time. Every gradient and Hessian-vector product they use comes from the
// objective, that is from the dynamic graph.
#pragma once

#include <armadillo>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "adtrain/ml/objective.hpp"
#include "adtrain/ml/random.hpp"

namespace adtrain::ml {

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
  // order, pass through a ShuffleBuffer (random.hpp) of `shuffle_buffer`
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

}  // namespace adtrain::ml
