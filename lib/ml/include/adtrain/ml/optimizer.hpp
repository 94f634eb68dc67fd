// Gradient-descent optimizers: each updates a parameter from its grad().
#pragma once

#include <armadillo>
#include <memory>
#include <optional>
#include <string_view>

#include "adtrain/ad.hpp"

namespace adtrain::ml {

class Optimizer {
 public:
  virtual ~Optimizer() = default;
  // Applies one update to `parameter` from parameter.grad(); records nothing.
  virtual void step(ad::Tensor& parameter) = 0;
};

// w -= lr g
class Sgd final : public Optimizer {
 public:
  explicit Sgd(double learning_rate) : learning_rate_(learning_rate) {}
  void step(ad::Tensor& parameter) override;

 private:
  double learning_rate_;
};

// v = beta v + g; w -= lr v
class Momentum final : public Optimizer {
 public:
  Momentum(double learning_rate, double beta) : learning_rate_(learning_rate), beta_(beta) {}
  void step(ad::Tensor& parameter) override;

 private:
  double learning_rate_;
  double beta_;
  arma::mat velocity_;
};

// Adam (Kingma & Ba, 2015), with bias-corrected first and second moments.
class Adam final : public Optimizer {
 public:
  explicit Adam(double learning_rate, double beta1 = 0.9, double beta2 = 0.999,
                double epsilon = 1e-8)
      : learning_rate_(learning_rate), beta1_(beta1), beta2_(beta2), epsilon_(epsilon) {}
  void step(ad::Tensor& parameter) override;

 private:
  double learning_rate_, beta1_, beta2_, epsilon_;
  arma::mat first_moment_, second_moment_;
  double beta1_power_ = 1.0, beta2_power_ = 1.0;
};

enum class OptimizerKind { sgd, momentum, adam };
std::string_view to_string(OptimizerKind kind);
std::optional<OptimizerKind> optimizer_from_string(std::string_view name);

std::unique_ptr<Optimizer> make_optimizer(OptimizerKind kind, double learning_rate,
                                          double momentum);

}  // namespace adtrain::ml
