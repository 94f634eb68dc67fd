#include "adtrain/ml.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>

namespace adtrain::ml {

namespace {

// correct, true_positives and predicted_positives of the rows.
void count_classes(const arma::mat& logits, const arma::mat& labels, DataSums& sums) {
  for (arma::uword i = 0; i < logits.n_elem; ++i) {
    const bool predicted = is_positive(logits(i));
    const bool actual = labels(i) == 1.0;
    sums.correct += predicted == actual ? 1 : 0;
    sums.predicted_positives += predicted ? 1 : 0;
    sums.true_positives += predicted && actual ? 1 : 0;
  }
}

// Sum of (p - y)^2 with p = sigmoid(logit) from lib/ad's sigmoid, as
// LogisticModel::probabilities computes it: the rows added in order.
double squared_error(const ad::Tensor& logits, const arma::mat& labels) {
  ad::NoGradGuard no_graph;
  const ad::Tensor probabilities = ad::sigmoid(logits);
  const arma::mat& p = probabilities.value();
  double sum = 0.0;
  for (arma::uword i = 0; i < p.n_elem; ++i) {
    const double error = p(i) - labels(i);
    sum += error * error;
  }
  return sum;
}

// The data term of the rows in X and y, both constants of this graph.
DataSums data_sums(const ad::Tensor& X, const ad::Tensor& y, const arma::vec& w, bool with_gradient,
                   const PassExtras& extras = {}) {
  std::optional<ad::NoGradGuard> no_graph;
  if (!with_gradient) no_graph.emplace();
  const ad::Tensor parameters = with_gradient ? ad::variable(w) : ad::constant(w);
  const ad::Tensor logits = ad::matmul(X, parameters);
  const ad::Tensor loss = ad::binary_cross_entropy_with_logits(logits, y, ad::Reduction::sum);
  DataSums sums;
  sums.rows = X.rows();
  sums.loss = loss.item();
  count_classes(logits.value(), y.value(), sums);
  if (extras.squared_error) sums.squared_error = squared_error(logits, y.value());
  if (extras.scores != nullptr) {
    // Views of the block's own logits and labels, not copies.
    const arma::mat& z = logits.value();
    const arma::mat& labels = y.value();
    (*extras.scores)(arma::vec(const_cast<double*>(z.memptr()), z.n_elem, false, true),
                     arma::vec(const_cast<double*>(labels.memptr()), labels.n_elem, false, true));
  }
  if (with_gradient) {
    loss.backward();
    sums.gradient = parameters.grad();
  }
  return sums;
}

// A matrix reading `m`'s memory where it is (Armadillo's strict auxiliary
// memory: it can never be resized away from it).
arma::mat view_of(const arma::mat& m) {
  return arma::mat(const_cast<double*>(m.memptr()), m.n_rows, m.n_cols, false, true);
}
arma::vec view_of(const arma::vec& v) {
  return arma::vec(const_cast<double*>(v.memptr()), v.n_elem, false, true);
}

// Rows [first, first + count) of X and y, each block a matrix of its own.
RowBlocks split_into_blocks(const arma::mat& X, const arma::vec& y) {
  RowBlocks blocks;
  if (X.n_rows <= rows_per_block) {
    blocks.X.push_back(view_of(X));
    blocks.y.push_back(view_of(y));
    return blocks;
  }
  const arma::uword count = (X.n_rows + rows_per_block - 1) / rows_per_block;
  blocks.X.reserve(count);
  blocks.y.reserve(count);
  for (arma::uword first = 0; first < X.n_rows; first += rows_per_block) {
    const arma::uword last = std::min(X.n_rows, first + rows_per_block) - 1;
    blocks.X.push_back(X.rows(first, last));
    blocks.y.push_back(y.subvec(first, last));
  }
  return blocks;
}

// DataSums as numbers for the reducer: rows, loss, correct, true and
// predicted positives, squared error, then the gradient's `gradient_size`
// elements. Counts are exact as doubles up to 2^53.
constexpr std::size_t packed_counts = 6;

void pack(const DataSums& sums, std::size_t gradient_size, std::vector<double>& out) {
  out.push_back(static_cast<double>(sums.rows));
  out.push_back(sums.loss);
  out.push_back(static_cast<double>(sums.correct));
  out.push_back(static_cast<double>(sums.true_positives));
  out.push_back(static_cast<double>(sums.predicted_positives));
  out.push_back(sums.squared_error);
  for (std::size_t j = 0; j < gradient_size; ++j) out.push_back(sums.gradient(j));
}

DataSums unpack(const double* in, std::size_t gradient_size) {
  DataSums sums;
  sums.rows = static_cast<std::size_t>(in[0]);
  sums.loss = in[1];
  sums.correct = static_cast<std::size_t>(in[2]);
  sums.true_positives = static_cast<std::size_t>(in[3]);
  sums.predicted_positives = static_cast<std::size_t>(in[4]);
  sums.squared_error = in[5];
  if (gradient_size > 0) sums.gradient = arma::vec(in + packed_counts, gradient_size);
  return sums;
}

// The parts added in order, the first taken as it is (not added to zero),
// so that one part comes back with its own bits.
DataSums add_in_order(std::vector<DataSums>& parts) {
  DataSums total = std::move(parts.front());
  for (std::size_t i = 1; i < parts.size(); ++i) total += parts[i];
  return total;
}

}  // namespace

arma::uword RowBlocks::rows() const {
  arma::uword total = 0;
  for (const arma::mat& block : X) total += block.n_rows;
  return total;
}

DataSums& DataSums::operator+=(const DataSums& other) {
  rows += other.rows;
  loss += other.loss;
  correct += other.correct;
  true_positives += other.true_positives;
  predicted_positives += other.predicted_positives;
  squared_error += other.squared_error;
  if (gradient.is_empty()) {
    gradient = other.gradient;
  } else if (!other.gradient.is_empty()) {
    gradient += other.gradient;
  }
  return *this;
}

LogisticObjective::LogisticObjective(const arma::mat& X, const arma::vec& y,
                                     Regularization regularization)
    : reducer_(&single_process()), regularization_(regularization) {
  if (X.n_rows != y.n_elem) {
    throw std::invalid_argument("the objective's data has " + std::to_string(X.n_rows) +
                                " rows but " + std::to_string(y.n_elem) + " labels");
  }
  if (X.n_rows == 0) throw std::invalid_argument("the objective's data has no rows");
  blocks_ = split_into_blocks(X, y);
  parameters_ = X.n_cols;
  local_rows_ = total_rows_ = X.n_rows;
  check(regularization);
}

LogisticObjective::LogisticObjective(RowBlocks blocks, Regularization regularization,
                                     const Reducer& reducer, RowShare share)
    : blocks_(std::move(blocks)),
      first_row_(share.first_row),
      reducer_(&reducer),
      regularization_(regularization) {
  if (blocks_.X.size() != blocks_.y.size()) {
    throw std::invalid_argument("the objective's data has " + std::to_string(blocks_.X.size()) +
                                " blocks of rows but " + std::to_string(blocks_.y.size()) +
                                " of labels");
  }
  for (std::size_t b = 0; b < blocks_.X.size(); ++b) {
    const arma::uword expected = b + 1 < blocks_.X.size() ? rows_per_block : blocks_.X[b].n_rows;
    if (blocks_.X[b].n_rows != blocks_.y[b].n_elem || blocks_.X[b].n_rows != expected ||
        blocks_.X[b].n_rows == 0 || blocks_.X[b].n_cols != blocks_.X[0].n_cols) {
      throw std::invalid_argument("block " + std::to_string(b) +
                                  " of the objective's data has the wrong shape");
    }
  }
  local_rows_ = blocks_.rows();
  if (local_rows_ > 0 && first_row_ % rows_per_block != 0) {
    throw std::invalid_argument("a process's rows must start at a block boundary");
  }
  total_rows_ = share.total_rows == 0 ? local_rows_ : share.total_rows;
  if (total_rows_ == 0) throw std::invalid_argument("the objective's data has no rows");
  if (first_row_ + local_rows_ > total_rows_) {
    throw std::invalid_argument("a process's rows go past the end of the data set");
  }
  // Every process learns the parameter count, also one that holds no rows.
  const double mine = blocks_.X.empty() ? 0.0 : static_cast<double>(blocks_.X[0].n_cols);
  for (double theirs : reducer_->all_gather(std::span<const double>(&mine, 1))) {
    parameters_ = std::max(parameters_, static_cast<arma::uword>(theirs));
  }
  if (mine != 0.0 && static_cast<arma::uword>(mine) != parameters_) {
    throw std::invalid_argument("the processes' data have different column counts");
  }
  check(regularization);
}

LogisticObjective::LogisticObjective(const RowSource& source, arma::uword rows,
                                     arma::uword parameters, Regularization regularization)
    : source_(&source),
      parameters_(parameters),
      local_rows_(rows),
      total_rows_(rows),
      reducer_(&single_process()),
      regularization_(regularization) {
  if (rows == 0) throw std::invalid_argument("the objective's data has no rows");
  if (parameters == 0) throw std::invalid_argument("the objective's data has no columns");
  check(regularization);
}

void LogisticObjective::check(const Regularization& regularization) {
  if (!(regularization.l2 >= 0.0 && std::isfinite(regularization.l2))) {
    throw std::invalid_argument("l2 must be a finite number >= 0");
  }
  if (regularization.unpenalized && *regularization.unpenalized >= parameters_) {
    throw std::invalid_argument("the unpenalized parameter is out of range");
  }
  penalty_mask_.ones(parameters_, 1);
  if (regularization.unpenalized) penalty_mask_(*regularization.unpenalized) = 0.0;
}

DataSums LogisticObjective::combine_blocks(const std::vector<DataSums>& local,
                                           std::size_t gradient_size) const {
  std::vector<DataSums> parts;
  if (reducer_->processes() == 1) {
    parts = local;
  } else {
    const std::size_t stride = packed_counts + gradient_size;
    std::vector<double> packed;
    packed.reserve(local.size() * stride);
    for (const DataSums& sums : local) pack(sums, gradient_size, packed);
    const std::vector<double> all = reducer_->all_gather(packed);
    // Processes hold consecutive blocks in process order: this is block
    // order. A part with no rows (a process holding none of a batch) adds
    // nothing, so a batch held by one process keeps its bits.
    for (std::size_t at = 0; at + stride <= all.size(); at += stride) {
      DataSums part = unpack(all.data() + at, gradient_size);
      if (part.rows > 0) parts.push_back(std::move(part));
    }
  }
  return add_in_order(parts);
}

DataSums batch_sums(const arma::mat& X, const arma::vec& y, const arma::vec& w,
                    bool with_gradient) {
  if (X.n_rows != y.n_elem || X.n_cols != w.n_elem) {
    throw std::invalid_argument("batch_sums: the rows, labels and weights do not match");
  }
  // One row: the seed's way of training, one graph per sample.
  if (X.n_rows == 1)
    return data_sums(ad::borrowed_constant(X), ad::constant(y(0)), w, with_gradient);
  return data_sums(ad::borrowed_constant(X), ad::borrowed_constant(y), w, with_gradient);
}

DataSums LogisticObjective::local_sums(const arma::vec& w, const arma::uvec& rows,
                                       bool with_gradient) const {
  arma::mat X(rows.n_elem, parameters_, arma::fill::none);
  arma::vec y(rows.n_elem, arma::fill::none);
  for (arma::uword i = 0; i < rows.n_elem; ++i) {
    const arma::uword b = rows(i) / rows_per_block, r = rows(i) % rows_per_block;
    for (arma::uword j = 0; j < parameters_; ++j) X(i, j) = blocks_.X[b](r, j);
    y(i) = blocks_.y[b](r);
  }
  return batch_sums(X, y, w, with_gradient);
}

bool LogisticObjective::for_each_block(
    const std::function<void(const arma::mat& X, const arma::vec& y)>& visit,
    bool interruptible) const {
  if (source_ == nullptr) {
    for (std::size_t b = 0; b < blocks_.X.size(); ++b) visit(blocks_.X[b], blocks_.y[b]);
    return true;
  }
  // The pass's runs regrouped into the blocks the same rows would make in
  // memory: the same numbers summed by the same graphs, in the same order.
  arma::mat X(rows_per_block, parameters_, arma::fill::none);
  arma::vec y(rows_per_block, arma::fill::none);
  arma::uword filled = 0, seen = 0;
  const bool complete = source_->pass(
      [&](const arma::mat& run_X, const arma::vec& run_y) {
        if (run_X.n_cols != parameters_ || run_X.n_rows != run_y.n_elem) {
          throw std::invalid_argument("the rows' source gave a run of the wrong shape");
        }
        for (arma::uword i = 0; i < run_X.n_rows;) {
          const arma::uword n = std::min(rows_per_block - filled, run_X.n_rows - i);
          X.rows(filled, filled + n - 1) = run_X.rows(i, i + n - 1);
          y.subvec(filled, filled + n - 1) = run_y.subvec(i, i + n - 1);
          filled += n;
          i += n;
          if (filled == rows_per_block) {
            visit(X, y);
            filled = 0;
          }
        }
        seen += run_X.n_rows;
        return true;
      },
      interruptible);
  if (!complete) return false;
  if (filled > 0) visit(arma::mat(X.head_rows(filled)), arma::vec(y.head(filled)));
  if (seen != total_rows_ && total_rows_ != unknown_rows) {
    throw std::runtime_error("the rows' source gave " + std::to_string(seen) +
                             " rows on this pass, after " + std::to_string(total_rows_) +
                             " on the first");
  }
  return true;
}

DataSums LogisticObjective::sums(const arma::vec& w, const arma::uvec& rows,
                                 bool with_gradient) const {
  for (arma::uword i = 0; i < rows.n_elem; ++i) {
    if (rows(i) >= total_rows_) {
      throw std::invalid_argument("row " + std::to_string(rows(i)) + " is not within the " +
                                  std::to_string(total_rows_) + " rows of the objective");
    }
  }
  if (rows.is_empty()) throw std::invalid_argument("an empty batch of rows");
  if (source_ != nullptr) {
    throw std::logic_error("a streamed objective has no rows to pick a batch from");
  }
  if (reducer_->processes() == 1) return local_sums(w, rows, with_gradient);

  // This process's rows of the batch, in batch order.
  const arma::uvec mine = arma::conv_to<arma::uvec>::from(rows.elem(
                              arma::find(rows >= first_row_ && rows < first_row_ + local_rows_))) -
                          first_row_;
  DataSums local;
  if (!mine.is_empty()) local = local_sums(w, mine, with_gradient);
  if (with_gradient && local.gradient.is_empty()) local.gradient.zeros(parameters_);
  // Every process's part, added in process order.
  return combine_blocks({local}, with_gradient ? parameters_ : 0);
}

DataSums LogisticObjective::sums(const arma::vec& w, bool with_gradient, PassExtras extras) const {
  std::vector<DataSums> local;
  local.reserve(blocks_.X.size());
  for_each_block([&](const arma::mat& X, const arma::vec& y) {
    local.push_back(
        data_sums(ad::borrowed_constant(X), ad::borrowed_constant(y), w, with_gradient, extras));
  });
  return combine_blocks(local, with_gradient ? parameters_ : 0);
}

std::vector<DataSums> LogisticObjective::sums(const std::vector<arma::vec>& points,
                                              bool with_gradient, PassExtras extras) const {
  std::vector<std::vector<DataSums>> local(points.size());
  for_each_block([&](const arma::mat& X, const arma::vec& y) {
    for (std::size_t k = 0; k < points.size(); ++k) {
      local[k].push_back(data_sums(ad::borrowed_constant(X), ad::borrowed_constant(y), points[k],
                                   with_gradient, k + 1 == points.size() ? extras : PassExtras{}));
    }
  });
  std::vector<DataSums> result;
  result.reserve(points.size());
  for (const std::vector<DataSums>& blocks : local) {
    result.push_back(combine_blocks(blocks, with_gradient ? parameters_ : 0));
  }
  return result;
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
  std::vector<DataSums> local;
  std::vector<ad::Tensor> gradients;
  local.reserve(blocks_.X.size());
  gradients.reserve(blocks_.X.size());
  for_each_block([&](const arma::mat& X, const arma::vec& y) {
    const ad::Tensor labels = ad::borrowed_constant(y);
    const ad::Tensor logits = ad::matmul(ad::borrowed_constant(X), parameters);
    const ad::Tensor loss =
        ad::binary_cross_entropy_with_logits(logits, labels, ad::Reduction::sum);
    // The gradient as a graph of its own, kept for the products to come
    // (a streamed block's rows are gone after this call: its graph is
    // recorded again for every product).
    ad::Tensor gradient = ad::grad(loss, {parameters}, {.create_graph = true})[0];
    DataSums sums;
    sums.rows = X.n_rows;
    sums.loss = loss.item();
    sums.gradient = gradient.value();
    count_classes(logits.value(), labels.value(), sums);
    local.push_back(std::move(sums));
    if (source_ == nullptr) gradients.push_back(std::move(gradient));
  });
  const DataSums total = combine_blocks(local, parameters_);
  return {finish(total, w), HessianOperator(*this, parameters, std::move(gradients), w)};
}

arma::vec LogisticObjective::hessian_times(const arma::vec& w, const arma::vec& v) const {
  return second_order(w).hessian.times(v);
}

arma::vec HessianOperator::data_sum_times(const arma::vec& v) const {
  if (v.n_elem != objective_->parameters()) {
    throw std::invalid_argument("H v: v has " + std::to_string(v.n_elem) + " elements for " +
                                std::to_string(objective_->parameters()) + " parameters");
  }
  std::vector<arma::vec> local;
  local.reserve(block_gradients_.size());
  for (const ad::Tensor& gradient : block_gradients_) {
    const ad::Tensor directional = ad::dot(gradient, ad::constant(v));
    local.push_back(ad::grad(directional, {parameters_}, {.retain_graph = true})[0].value());
  }
  if (objective_->source() != nullptr) {
    // The same graph as second_order records, recorded again block by block.
    objective_->for_each_block([&](const arma::mat& X, const arma::vec& y) {
      const ad::Tensor parameters = ad::variable(at_);
      const ad::Tensor logits = ad::matmul(ad::borrowed_constant(X), parameters);
      const ad::Tensor loss = ad::binary_cross_entropy_with_logits(logits, ad::borrowed_constant(y),
                                                                   ad::Reduction::sum);
      const ad::Tensor gradient = ad::grad(loss, {parameters}, {.create_graph = true})[0];
      const ad::Tensor directional = ad::dot(gradient, ad::constant(v));
      local.push_back(ad::grad(directional, {parameters})[0].value());
    });
  }
  return add_in_order(objective_->reducer(), local, objective_->parameters());
}

arma::vec HessianOperator::times(const arma::vec& v) const {
  return data_sum_times(v) / static_cast<double>(objective_->rows()) +
         objective_->penalty_hessian_times(v);
}

}  // namespace adtrain::ml
