#include "adtrain/ml/optimizer.hpp"

#include <cmath>

namespace adtrain::ml {

void Sgd::step(ad::Tensor& parameter) {
  parameter.data() -= learning_rate_ * parameter.grad();
}

void Momentum::step(ad::Tensor& parameter) {
  if (velocity_.is_empty()) velocity_.zeros(parameter.rows(), parameter.cols());
  velocity_ = beta_ * velocity_ + parameter.grad();
  parameter.data() -= learning_rate_ * velocity_;
}

void Adam::step(ad::Tensor& parameter) {
  const arma::mat& g = parameter.grad();
  if (first_moment_.is_empty()) {
    first_moment_.zeros(g.n_rows, g.n_cols);
    second_moment_.zeros(g.n_rows, g.n_cols);
  }
  first_moment_ = beta1_ * first_moment_ + (1.0 - beta1_) * g;
  second_moment_ = beta2_ * second_moment_ + (1.0 - beta2_) * (g % g);
  beta1_power_ *= beta1_;
  beta2_power_ *= beta2_;
  const arma::mat corrected_first = first_moment_ / (1.0 - beta1_power_);
  const arma::mat corrected_second = second_moment_ / (1.0 - beta2_power_);
  parameter.data() -= learning_rate_ * corrected_first / (arma::sqrt(corrected_second) + epsilon_);
}

std::string_view to_string(OptimizerKind kind) {
  switch (kind) {
    case OptimizerKind::sgd:
      return "sgd";
    case OptimizerKind::momentum:
      return "momentum";
    case OptimizerKind::adam:
      return "adam";
  }
  return "?";
}

std::optional<OptimizerKind> optimizer_from_string(std::string_view name) {
  for (OptimizerKind kind : {OptimizerKind::sgd, OptimizerKind::momentum, OptimizerKind::adam}) {
    if (to_string(kind) == name) return kind;
  }
  return std::nullopt;
}

std::unique_ptr<Optimizer> make_optimizer(OptimizerKind kind, double learning_rate,
                                          double momentum) {
  switch (kind) {
    case OptimizerKind::sgd:
      return std::make_unique<Sgd>(learning_rate);
    case OptimizerKind::momentum:
      return std::make_unique<Momentum>(learning_rate, momentum);
    case OptimizerKind::adam:
      return std::make_unique<Adam>(learning_rate);
  }
  return nullptr;
}

}  // namespace adtrain::ml
