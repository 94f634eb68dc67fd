#include "adtrain/ml/objective.hpp"

#include <cmath>
#include <optional>
#include <stdexcept>

#include "adtrain/ml/model.hpp"

namespace adtrain::ml {

namespace {

std::size_t count_correct(const arma::mat& logits, const arma::mat& labels) {
  std::size_t correct = 0;
  for (arma::uword i = 0; i < logits.n_elem; ++i) {
    correct += is_positive(logits(i)) == (labels(i) == 1.0) ? 1 : 0;
  }
  return correct;
}

// The data term of the rows in X and y, both constants of this graph.
DataSums data_sums(const ad::Tensor& X, const ad::Tensor& y, const arma::vec& w,
                   bool with_gradient) {
  std::optional<ad::NoGradGuard> no_graph;
  if (!with_gradient) no_graph.emplace();
  const ad::Tensor parameters = with_gradient ? ad::variable(w) : ad::constant(w);
  const ad::Tensor logits = ad::matmul(X, parameters);
  const ad::Tensor loss = ad::binary_cross_entropy_with_logits(logits, y, ad::Reduction::sum);
  DataSums sums;
  sums.rows = X.rows();
  sums.loss = loss.item();
  sums.correct = count_correct(logits.value(), y.value());
  if (with_gradient) {
    loss.backward();
    sums.gradient = parameters.grad();
  }
  return sums;
}

}  // namespace

DataSums& DataSums::operator+=(const DataSums& other) {
  rows += other.rows;
  loss += other.loss;
  correct += other.correct;
  if (gradient.is_empty()) {
    gradient = other.gradient;
  } else if (!other.gradient.is_empty()) {
    gradient += other.gradient;
  }
  return *this;
}

LogisticObjective::LogisticObjective(const arma::mat& X, const arma::vec& y,
                                     Regularization regularization)
    : X_(&X), y_(&y), regularization_(regularization) {
  if (X.n_rows != y.n_elem) {
    throw std::invalid_argument("the objective's data has " + std::to_string(X.n_rows) +
                                " rows but " + std::to_string(y.n_elem) + " labels");
  }
  if (X.n_rows == 0) throw std::invalid_argument("the objective's data has no rows");
  if (!(regularization.l2 >= 0.0 && std::isfinite(regularization.l2))) {
    throw std::invalid_argument("l2 must be a finite number >= 0");
  }
  if (regularization.unpenalized && *regularization.unpenalized >= X.n_cols) {
    throw std::invalid_argument("the unpenalized parameter is out of range");
  }
  penalty_mask_.ones(X.n_cols, 1);
  if (regularization.unpenalized) penalty_mask_(*regularization.unpenalized) = 0.0;
}

DataSums LogisticObjective::sums(const arma::vec& w, arma::uword first, arma::uword count,
                                 bool with_gradient) const {
  if (first == 0 && count == rows()) return sums(w, with_gradient);
  if (first + count > rows() || count == 0) {
    throw std::invalid_argument("rows [" + std::to_string(first) + ", " +
                                std::to_string(first + count) + ") are not within the " +
                                std::to_string(rows()) + " rows of the objective");
  }
  const arma::uword last = first + count - 1;
  return data_sums(ad::constant(X_->rows(first, last)),
                   ad::constant(arma::mat(y_->subvec(first, last))), w, with_gradient);
}

DataSums LogisticObjective::sums(const arma::vec& w, const arma::uvec& rows,
                                 bool with_gradient) const {
  if (rows.n_elem == 1) {
    // One graph per sample: the seed's way of training. A 1-row copy is
    // cheaper than the general gather.
    const arma::uword i = rows(0);
    return data_sums(ad::constant(arma::mat(X_->row(i))), ad::constant((*y_)(i)), w, with_gradient);
  }
  return data_sums(ad::constant(X_->rows(rows)), ad::constant(arma::mat(y_->elem(rows))), w,
                   with_gradient);
}

DataSums LogisticObjective::sums(const arma::vec& w, bool with_gradient) const {
  return data_sums(ad::borrowed_constant(*X_), ad::borrowed_constant(*y_), w, with_gradient);
}

ad::Tensor LogisticObjective::penalty(const ad::Tensor& w) const {
  return (regularization_.l2 / 2.0) * ad::sum(ad::constant(penalty_mask_) * w * w);
}

double LogisticObjective::penalty_value(const arma::vec& w) const {
  if (regularization_.l2 == 0.0) return 0.0;
  ad::NoGradGuard no_graph;
  return penalty(ad::constant(w)).item();
}

arma::vec LogisticObjective::penalty_gradient(const arma::vec& w) const {
  if (regularization_.l2 == 0.0) return arma::vec(w.n_elem, arma::fill::zeros);
  const ad::Tensor parameters = ad::variable(w);
  return ad::grad(penalty(parameters), {parameters})[0].value();
}

arma::vec LogisticObjective::penalty_hessian_times(const arma::vec& v) const {
  if (regularization_.l2 == 0.0) return arma::vec(v.n_elem, arma::fill::zeros);
  // The penalty is quadratic: its Hessian is the same at every point.
  const ad::Tensor parameters = ad::variable(arma::vec(v.n_elem, arma::fill::zeros));
  const ad::Tensor gradient =
      ad::grad(penalty(parameters), {parameters}, {.create_graph = true})[0];
  return ad::grad(ad::dot(gradient, ad::constant(v)), {parameters})[0].value();
}

ObjectiveValue LogisticObjective::finish(const DataSums& sums, const arma::vec& w) const {
  if (sums.rows == 0) throw std::invalid_argument("finish: no rows were summed");
  const double rows = static_cast<double>(sums.rows);
  ObjectiveValue result;
  result.rows = sums.rows;
  result.correct = sums.correct;
  result.value = sums.loss / rows + penalty_value(w);
  if (!sums.gradient.is_empty()) result.gradient = sums.gradient / rows + penalty_gradient(w);
  return result;
}

double LogisticObjective::value(const arma::vec& w) const {
  return finish(sums(w, false), w).value;
}

ObjectiveValue LogisticObjective::value_and_gradient(const arma::vec& w) const {
  return finish(sums(w, true), w);
}

SecondOrderPoint LogisticObjective::second_order(const arma::vec& w) const {
  const ad::Tensor parameters = ad::variable(w);
  const ad::Tensor logits = ad::matmul(ad::borrowed_constant(*X_), parameters);
  const ad::Tensor loss =
      ad::binary_cross_entropy_with_logits(logits, ad::borrowed_constant(*y_), ad::Reduction::sum);
  // The gradient as a graph of its own, kept for the products to come.
  ad::Tensor gradient = ad::grad(loss, {parameters}, {.create_graph = true})[0];
  DataSums sums;
  sums.rows = rows();
  sums.loss = loss.item();
  sums.gradient = gradient.value();
  sums.correct = count_correct(logits.value(), *y_);
  return {finish(sums, w), HessianOperator(*this, parameters, std::move(gradient))};
}

arma::vec LogisticObjective::hessian_times(const arma::vec& w, const arma::vec& v) const {
  return second_order(w).hessian.times(v);
}

arma::vec HessianOperator::data_sum_times(const arma::vec& v) const {
  if (v.n_elem != parameters_.rows()) {
    throw std::invalid_argument("H v: v has " + std::to_string(v.n_elem) + " elements for " +
                                std::to_string(parameters_.rows()) + " parameters");
  }
  const ad::Tensor directional = ad::dot(data_gradient_, ad::constant(v));
  return ad::grad(directional, {parameters_}, {.retain_graph = true})[0].value();
}

arma::vec HessianOperator::times(const arma::vec& v) const {
  return data_sum_times(v) / static_cast<double>(objective_->rows()) +
         objective_->penalty_hessian_times(v);
}

}  // namespace adtrain::ml
