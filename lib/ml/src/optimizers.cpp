#include "adtrain/ml.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <numeric>
#include <optional>
#include <vector>

namespace adtrain::ml {

std::string_view to_string(OptimizerKind kind) {
  switch (kind) {
    case OptimizerKind::sgd:
      return "sgd";
    case OptimizerKind::momentum:
      return "momentum";
    case OptimizerKind::adam:
      return "adam";
    case OptimizerKind::newton:
      return "newton";
    case OptimizerKind::lbfgs:
      return "lbfgs";
  }
  return "?";
}

bool is_second_order(OptimizerKind kind) {
  return kind == OptimizerKind::newton || kind == OptimizerKind::lbfgs;
}

// --- First order -------------------------------------------------------------

FirstOrderOptimizer::FirstOrderOptimizer(BatchOptions batches)
    : batches_(batches), shuffler_(batches.seed, streams::shuffling) {
}

// One epoch's steps, batch after batch, and what they measured.
class FirstOrderOptimizer::Steps {
 public:
  Steps(FirstOrderOptimizer& optimizer, const LogisticObjective& objective, arma::vec& w)
      : optimizer_(optimizer), objective_(objective), w_(w), gradient_sum_(w.n_elem) {
    gradient_sum_.zeros();
  }

  // A step on one batch's sums, taken at the weights now held. False once
  // the epoch has stopped (diverged).
  bool take(const DataSums& sums) {
    const ObjectiveValue batch = objective_.finish(sums, w_);
    if (!std::isfinite(batch.value) || !batch.gradient.is_finite()) {
      outcome_.loss = batch.value;
      outcome_.diverged = true;
      return false;
    }
    const arma::vec before = w_;
    optimizer_.step(w_, batch.gradient);
    if (!w_.is_finite()) {
      // The step itself overflowed (a huge --lr): keep the last finite weights.
      w_ = before;
      outcome_.diverged = true;
      outcome_.weights_not_finite = true;
      return false;
    }
    gradient_sum_ += batch.gradient;
    DataSums counts = sums;
    counts.gradient.reset();
    outcome_.progressive += counts;
    weighted_loss_ += batch.value * static_cast<double>(sums.rows);
    outcome_.correct += sums.correct;
    rows_ += sums.rows;
    ++steps_;
    return true;
  }

  std::size_t rows() const { return rows_; }

  EpochOutcome finish(std::size_t rows) {
    outcome_.rows = rows;
    if (outcome_.diverged) {
      // The epoch did not finish: its mean loss and gradient were never measured.
      if (outcome_.weights_not_finite) outcome_.loss = std::numeric_limits<double>::quiet_NaN();
      outcome_.grad_norm = std::numeric_limits<double>::quiet_NaN();
      return outcome_;
    }
    outcome_.loss = weighted_loss_ / static_cast<double>(rows);
    outcome_.grad_norm =
        steps_ == 0 ? 0.0 : arma::norm(gradient_sum_ / static_cast<double>(steps_));
    return outcome_;
  }
  // An epoch cut short: its figures are of the rows it stepped through.
  EpochOutcome interrupted() {
    EpochOutcome outcome = finish(std::max<std::size_t>(rows_, 1));
    outcome.rows = rows_;
    outcome.interrupted = true;
    if (rows_ == 0) outcome.loss = std::numeric_limits<double>::quiet_NaN();
    return outcome;
  }

 private:
  FirstOrderOptimizer& optimizer_;
  const LogisticObjective& objective_;
  arma::vec& w_;
  EpochOutcome outcome_;
  double weighted_loss_ = 0.0;
  std::size_t steps_ = 0, rows_ = 0;
  arma::vec gradient_sum_;
};

EpochOutcome FirstOrderOptimizer::run_epoch(const LogisticObjective& objective, arma::vec& w) {
  const std::size_t rows = objective.rows();
  const std::size_t batch_size =
      batches_.batch_size == 0 || batches_.batch_size > rows ? rows : batches_.batch_size;
  const bool full_batch = batch_size == rows;
  if (!full_batch && objective.source() != nullptr) {
    return run_streamed_epoch(objective, w, batch_size);
  }
  if (!full_batch) {
    if (batches_.shuffle) {
      const std::vector<std::size_t> order =
          shuffled_order(rows, batches_.shuffle_buffer, shuffler_);
      order_.assign(order.begin(), order.end());
    } else if (order_.size() != rows) {
      order_.resize(rows);
      std::iota(order_.begin(), order_.end(), arma::uword{0});
    }
  }
  Steps steps(*this, objective, w);
  for (std::size_t start = 0; start < rows; start += batch_size) {
    const std::size_t count = std::min(batch_size, rows - start);
    const DataSums sums = full_batch
                              ? objective.sums(w, true)
                              : objective.sums(w, arma::uvec(order_.data() + start, count), true);
    if (!steps.take(sums)) break;
  }
  return steps.finish(rows);
}

EpochOutcome FirstOrderOptimizer::run_streamed_epoch(const LogisticObjective& objective,
                                                     arma::vec& w, std::size_t batch_size) {
  const arma::uword width = objective.parameters();
  Steps steps(*this, objective, w);
  // The batch being filled, row by row, in the order rows leave the buffer.
  arma::mat batch_X(batch_size, width, arma::fill::none);
  arma::vec batch_y(batch_size, arma::fill::none);
  arma::uword filled = 0;
  bool stepping = true;
  auto add_row = [&](const double* features, double label) {
    for (arma::uword j = 0; j < width; ++j) batch_X(filled, j) = features[j];
    batch_y(filled) = label;
    if (++filled == batch_size) {
      stepping = steps.take(batch_sums(batch_X, batch_y, w, true));
      filled = 0;
    }
  };
  // The shuffle buffer's slots: one row of the features, then the label, in
  // pages allocated as the buffer fills, so that it never holds more than it
  // needs (a source's row count may not be known) and never copies itself.
  std::optional<ShuffleBuffer> buffer;
  constexpr std::size_t page_rows = 4096;
  std::vector<std::unique_ptr<double[]>> pages;
  auto slot_at = [&](std::size_t slot) {
    const std::size_t page = slot / page_rows;
    while (pages.size() <= page) {
      pages.push_back(std::make_unique_for_overwrite<double[]>(page_rows * (width + 1)));
    }
    return pages[page].get() + (slot % page_rows) * (width + 1);
  };
  if (batches_.shuffle) {
    if (batches_.shuffle_buffer == 0 && objective.rows() == LogisticObjective::unknown_rows) {
      throw std::invalid_argument("rows of unknown count need a shuffle buffer size");
    }
    const std::size_t capacity = std::min<std::size_t>(
        batches_.shuffle_buffer == 0 ? objective.rows() : batches_.shuffle_buffer,
        objective.rows());
    buffer.emplace(capacity, shuffler_);
  }
  const bool complete = objective.source()->pass(
      [&](const arma::mat& X, const arma::vec& y) {
        if (X.n_cols != width || X.n_rows != y.n_elem) {
          throw std::invalid_argument("the rows' source gave a run of the wrong shape");
        }
        std::vector<double> row(width);
        for (arma::uword i = 0; i < X.n_rows && stepping; ++i) {
          for (arma::uword j = 0; j < width; ++j) row[j] = X(i, j);
          if (!buffer) {
            add_row(row.data(), y(i));
            continue;
          }
          const ShuffleBuffer::Arrival arrival = buffer->arrive();
          double* slot = slot_at(arrival.slot);
          if (arrival.emit_first) add_row(slot, slot[width]);
          std::copy(row.begin(), row.end(), slot);
          slot[width] = y(i);
        }
        return stepping;
      },
      true);
  if (!stepping) return steps.finish(std::max<std::size_t>(steps.rows(), 1));
  if (!complete) return steps.interrupted();
  while (buffer && stepping) {
    const auto departure = buffer->depart();
    if (!departure) break;
    double* slot = slot_at(departure->emit);
    add_row(slot, slot[width]);
    if (departure->last != departure->emit) {
      const double* last = slot_at(departure->last);
      std::copy(last, last + width + 1, slot);
    }
  }
  if (stepping && filled > 0) {
    steps.take(
        batch_sums(arma::mat(batch_X.head_rows(filled)), arma::vec(batch_y.head(filled)), w, true));
  }
  // The rows stepped on: all of them, also where the count was not known
  // before the pass.
  return steps.finish(std::max<std::size_t>(steps.rows(), 1));
}

Sgd::Sgd(double learning_rate, BatchOptions batches)
    : FirstOrderOptimizer(batches), learning_rate_(learning_rate) {
}

void Sgd::step(arma::vec& w, const arma::vec& gradient) {
  w -= learning_rate_ * gradient;
}

Momentum::Momentum(double learning_rate, double beta, BatchOptions batches)
    : FirstOrderOptimizer(batches), learning_rate_(learning_rate), beta_(beta) {
}

void Momentum::step(arma::vec& w, const arma::vec& gradient) {
  if (velocity_.n_elem != w.n_elem) velocity_.zeros(w.n_elem);
  velocity_ = beta_ * velocity_ + gradient;
  w -= learning_rate_ * velocity_;
}

Adam::Adam(AdamSettings settings, BatchOptions batches)
    : FirstOrderOptimizer(batches), settings_(settings) {
}

void Adam::step(arma::vec& w, const arma::vec& g) {
  if (first_moment_.n_elem != w.n_elem) {
    first_moment_.zeros(w.n_elem);
    second_moment_.zeros(w.n_elem);
  }
  const AdamSettings& s = settings_;
  first_moment_ = s.beta1 * first_moment_ + (1.0 - s.beta1) * g;
  second_moment_ = s.beta2 * second_moment_ + (1.0 - s.beta2) * (g % g);
  beta1_power_ *= s.beta1;
  beta2_power_ *= s.beta2;
  const arma::vec corrected_first = first_moment_ / (1.0 - beta1_power_);
  const arma::vec corrected_second = second_moment_ / (1.0 - beta2_power_);
  w -= s.learning_rate * corrected_first / (arma::sqrt(corrected_second) + s.epsilon);
}

// --- Trust-region Newton ---------------------------------------------------------

namespace {

// The paper's constants: steps are accepted when the actual reduction is
// more than eta0 of the predicted one; eta1 and eta2 grade how well the
// quadratic model predicted it, and sigma1..3 scale the radius accordingly.
constexpr double eta0 = 1e-4, eta1 = 0.25, eta2 = 0.75;
constexpr double sigma1 = 0.25, sigma2 = 0.5, sigma3 = 4.0;

// The tau > 0 with |s + tau d| = radius, in the form that does not cancel.
double to_boundary(const arma::vec& s, const arma::vec& d, double radius) {
  const double sd = arma::dot(s, d), dd = arma::dot(d, d), ss = arma::dot(s, s);
  const double room = radius * radius - ss;
  const double root = std::sqrt(sd * sd + dd * room);
  return sd >= 0.0 ? room / (sd + root) : (root - sd) / dd;
}

bool same_point(const arma::vec& a, const arma::vec& b) {
  return a.n_elem == b.n_elem && std::equal(a.begin(), a.end(), b.begin());
}

}  // namespace

TrustRegionNewton::Step TrustRegionNewton::truncated_cg(const SecondOrderPoint& point) const {
  const arma::vec& g = point.value.gradient;
  Step step;
  step.s.zeros(g.n_elem);
  arma::vec r = -g;
  arma::vec d = r;
  double rr = arma::dot(r, r);
  const double stop = settings_.cg_tolerance * arma::norm(g);
  // In exact arithmetic CG ends within n steps; rounding may need a few more.
  const std::size_t limit = 2 * g.n_elem + 10;
  while (std::sqrt(rr) > stop && step.iterations < limit) {
    ++step.iterations;
    const arma::vec Hd = point.hessian.times(d);
    const double dHd = arma::dot(d, Hd);
    const double alpha = rr / dHd;
    const arma::vec next = step.s + alpha * d;
    if (!(dHd > 0.0) || arma::norm(next) >= radius_) {
      // Leaving the region, or a direction without positive curvature: go
      // to the boundary along d and stop there.
      const double tau = to_boundary(step.s, d, radius_);
      step.s += tau * d;
      r -= tau * Hd;
      break;
    }
    step.s = next;
    r -= alpha * Hd;
    const double rr_next = arma::dot(r, r);
    d = r + (rr_next / rr) * d;
    rr = rr_next;
  }
  step.residual = std::move(r);
  return step;
}

EpochOutcome TrustRegionNewton::run_epoch(const LogisticObjective& objective, arma::vec& w) {
  if (!current_ || !same_point(at_, w)) {
    current_ = std::make_unique<SecondOrderPoint>(objective.second_order(w));
    at_ = w;
    radius_ = arma::norm(current_->value.gradient);
    first_iteration_ = true;
  }
  EpochOutcome outcome;
  auto describe_current = [&] {
    const ObjectiveValue& now = current_->value;
    outcome.loss = now.value;
    outcome.correct = now.correct;
    outcome.rows = now.rows;
    outcome.grad_norm = arma::norm(now.gradient);
    outcome.full_gradient_norm = outcome.grad_norm;
  };
  const double f = current_->value.value;
  const arma::vec g = current_->value.gradient;
  if (!std::isfinite(f) || !g.is_finite()) {
    describe_current();
    outcome.diverged = true;
    return outcome;
  }
  if (arma::norm(g) == 0.0) {  // already at the minimum
    describe_current();
    outcome.cg_iterations = 0;
    return outcome;
  }

  const Step step = truncated_cg(*current_);
  const arma::vec trial = w + step.s;
  auto next = std::make_unique<SecondOrderPoint>(objective.second_order(trial));
  const double f_next = next->value.value;
  const double gs = arma::dot(g, step.s);
  const double predicted = -0.5 * (gs - arma::dot(step.s, step.residual));
  const double actual = f - f_next;
  const double step_norm = arma::norm(step.s);
  if (first_iteration_) {
    radius_ = std::min(radius_, step_norm);
    first_iteration_ = false;
  }
  // The minimiser along s of the quadratic through f, g s and f_next
  // suggests how far to go next time.
  const double curvature_left = f_next - f - gs;
  const double alpha =
      !(curvature_left > 0.0) ? sigma3 : std::max(sigma1, -0.5 * gs / curvature_left);
  if (!std::isfinite(f_next) || actual < eta0 * predicted) {
    radius_ = std::min(std::max(alpha, sigma1) * step_norm, sigma2 * radius_);
  } else if (actual < eta1 * predicted) {
    radius_ = std::max(sigma1 * radius_, std::min(alpha * step_norm, sigma2 * radius_));
  } else if (actual < eta2 * predicted) {
    radius_ = std::max(sigma1 * radius_, std::min(alpha * step_norm, sigma3 * radius_));
  } else {
    radius_ = std::max(radius_, std::min(alpha * step_norm, sigma3 * radius_));
  }
  const bool accepted = std::isfinite(f_next) && actual > eta0 * predicted;
  if (accepted) {
    w = trial;
    at_ = w;
    current_ = std::move(next);
  }
  describe_current();
  outcome.cg_iterations = step.iterations;
  // Rounding has the last word: neither the model nor f can tell the step
  // from no step at all.
  const double scale = std::abs(f);
  outcome.no_progress =
      (actual <= 0.0 && predicted <= 0.0) ||
      (std::abs(actual) <= 1e-12 * scale && std::abs(predicted) <= 1e-12 * scale) ||
      !(radius_ > 0.0);
  return outcome;
}

// --- L-BFGS ------------------------------------------------------------------------

Lbfgs::Lbfgs(Settings settings) : settings_(settings) {
  if (settings_.memory == 0) settings_.memory = 1;
}

arma::vec Lbfgs::direction(const arma::vec& gradient) const {
  arma::vec q = gradient;
  std::vector<double> a(history_.size()), rho(history_.size());
  for (std::size_t k = history_.size(); k-- > 0;) {
    const auto& [s, y] = history_[k];
    rho[k] = 1.0 / arma::dot(y, s);
    a[k] = rho[k] * arma::dot(s, q);
    q -= a[k] * y;
  }
  // H0 = gamma I with gamma = s y / y y of the newest pair.
  double gamma = 1.0;
  if (!history_.empty()) {
    const auto& [s, y] = history_.back();
    gamma = arma::dot(s, y) / arma::dot(y, y);
  }
  arma::vec r = gamma * q;
  for (std::size_t k = 0; k < history_.size(); ++k) {
    const auto& [s, y] = history_[k];
    const double b = rho[k] * arma::dot(y, r);
    r += (a[k] - b) * s;
  }
  return -r;
}

namespace {

// f along x + alpha d: its value and slope at one alpha.
struct Trial {
  double alpha = 0.0;
  ObjectiveValue at;
  double phi = 0.0;
  double slope = 0.0;
};

// The minimiser of the cubic through both ends' values and slopes (Nocedal
// & Wright, eq. 3.59), kept well inside the interval; else its midpoint.
double interpolate(const Trial& lo, const Trial& hi) {
  const double low = std::min(lo.alpha, hi.alpha), high = std::max(lo.alpha, hi.alpha);
  const double width = high - low;
  if (std::isfinite(hi.phi) && std::isfinite(hi.slope)) {
    const double d1 = lo.slope + hi.slope - 3.0 * (lo.phi - hi.phi) / (lo.alpha - hi.alpha);
    const double discriminant = d1 * d1 - lo.slope * hi.slope;
    if (discriminant >= 0.0) {
      const double d2 = std::copysign(std::sqrt(discriminant), hi.alpha - lo.alpha);
      const double alpha = hi.alpha - (hi.alpha - lo.alpha) * (hi.slope + d2 - d1) /
                                          (hi.slope - lo.slope + 2.0 * d2);
      if (std::isfinite(alpha) && alpha >= low + 0.1 * width && alpha <= high - 0.1 * width) {
        return alpha;
      }
    }
  }
  return low + 0.5 * width;
}

}  // namespace

EpochOutcome Lbfgs::run_epoch(const LogisticObjective& objective, arma::vec& w) {
  if (!current_ || !same_point(at_, w)) {
    current_ = objective.value_and_gradient(w);
    at_ = w;
    history_.clear();
  }
  EpochOutcome outcome;
  auto describe_current = [&] {
    outcome.loss = current_->value;
    outcome.correct = current_->correct;
    outcome.rows = current_->rows;
    outcome.grad_norm = arma::norm(current_->gradient);
    outcome.full_gradient_norm = outcome.grad_norm;
  };
  const arma::vec g = current_->gradient;
  if (!std::isfinite(current_->value) || !g.is_finite()) {
    describe_current();
    outcome.diverged = true;
    return outcome;
  }
  if (arma::norm(g) == 0.0) {
    describe_current();
    return outcome;
  }

  arma::vec d = direction(g);
  double slope = arma::dot(g, d);
  if (!(slope < 0.0)) {  // the memory no longer gives a descent direction
    history_.clear();
    d = -g;
    slope = -arma::dot(g, g);
  }

  const Trial start{0.0, *current_, current_->value, slope};
  std::size_t evaluations = 0;
  auto evaluate = [&](double alpha) {
    ++evaluations;
    Trial t;
    t.alpha = alpha;
    t.at = objective.value_and_gradient(w + alpha * d);
    t.phi = t.at.value;
    t.slope = arma::dot(t.at.gradient, d);
    return t;
  };
  const double c1 = settings_.sufficient_decrease, c2 = settings_.curvature;
  auto sufficient = [&](const Trial& t) { return t.phi <= start.phi + c1 * t.alpha * start.slope; };
  auto flat_enough = [&](const Trial& t) { return std::abs(t.slope) <= -c2 * start.slope; };
  // Algorithm 3.6: shrink [lo, hi], which brackets a strong-Wolfe step.
  auto zoom = [&](Trial lo, Trial hi) -> std::optional<Trial> {
    while (evaluations < settings_.max_evaluations) {
      const Trial t = evaluate(interpolate(lo, hi));
      if (!sufficient(t) || t.phi >= lo.phi) {
        hi = t;
      } else {
        if (flat_enough(t)) return t;
        if (t.slope * (hi.alpha - lo.alpha) >= 0.0) hi = lo;
        lo = t;
      }
      if (std::abs(hi.alpha - lo.alpha) <= 1e-16 * std::max(1.0, lo.alpha)) break;
    }
    // Out of evaluations: a step with sufficient decrease still helps.
    if (lo.alpha > 0.0 && lo.phi < start.phi) return lo;
    return std::nullopt;
  };
  // Algorithm 3.5: widen the step until it brackets one.
  auto search = [&]() -> std::optional<Trial> {
    Trial previous = start;
    // The first step has unit length; later ones trust the memory's scale.
    double alpha = history_.empty() ? 1.0 / arma::norm(d) : 1.0;
    while (true) {
      const Trial t = evaluate(alpha);
      if (!sufficient(t) || (evaluations > 1 && t.phi >= previous.phi)) return zoom(previous, t);
      if (flat_enough(t)) return t;
      if (t.slope >= 0.0) return zoom(t, previous);
      if (evaluations >= settings_.max_evaluations) return t;
      previous = t;
      alpha *= 2.0;
    }
  };

  const std::optional<Trial> found = search();
  if (!found) {
    describe_current();
    outcome.no_progress = true;
    return outcome;
  }
  const arma::vec s = found->alpha * d;
  const arma::vec y = found->at.gradient - g;
  w += s;
  at_ = w;
  current_ = found->at;
  // Only pairs with positive curvature keep the implied matrix positive definite.
  if (arma::dot(s, y) > 1e-12 * arma::dot(y, y)) {
    history_.emplace_back(s, y);
    if (history_.size() > settings_.memory) history_.pop_front();
  }
  describe_current();
  return outcome;
}

}  // namespace adtrain::ml
