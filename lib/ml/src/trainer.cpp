#include "adtrain/ml/trainer.hpp"

#include <chrono>
#include <cmath>
#include <numeric>
#include <stdexcept>

namespace adtrain::ml {

namespace {

// The rows of a batch, as the constant inputs of this step's graph.
struct Batch {
  ad::Tensor X;
  ad::Tensor y;
};

Batch gather(const Examples& examples, const std::vector<arma::uword>& order, std::size_t start,
             std::size_t count) {
  if (count == 1) {
    const arma::uword i = order[start];
    return {ad::constant(arma::mat(examples.X.row(i))), ad::constant(examples.y(i))};
  }
  const arma::uvec rows(order.data() + start, count);
  return {ad::constant(examples.X.rows(rows)), ad::constant(arma::mat(examples.y.elem(rows)))};
}

std::size_t count_correct(const arma::mat& logits, const arma::mat& labels) {
  std::size_t correct = 0;
  for (arma::uword i = 0; i < logits.n_elem; ++i) {
    correct += (logits(i) >= 0.0) == (labels(i) == 1.0) ? 1 : 0;
  }
  return correct;
}

void check_shapes(const LogisticRegression& model, const Examples& examples, const char* what) {
  if (examples.X.n_rows != examples.y.n_elem) {
    throw std::invalid_argument(std::string(what) + " has " + std::to_string(examples.X.n_rows) +
                                " rows but " + std::to_string(examples.y.n_elem) + " labels");
  }
  if (examples.X.n_cols != model.weights().rows()) {
    throw std::invalid_argument(std::string(what) + " has " + std::to_string(examples.X.n_cols) +
                                " columns but the model has " +
                                std::to_string(model.weights().rows()) + " weights");
  }
}

}  // namespace

std::string_view to_string(TrainStatus status) {
  switch (status) {
    case TrainStatus::completed:
      return "completed";
    case TrainStatus::stopped_early:
      return "stopped_early";
    case TrainStatus::diverged:
      return "diverged";
  }
  return "?";
}

Evaluation evaluate(const LogisticRegression& model, const Examples& examples, double l2) {
  ad::NoGradGuard no_grad;
  const ad::Tensor logits = model.logits(ad::borrowed_constant(examples.X));
  Evaluation result;
  result.loss = model.loss(logits, ad::borrowed_constant(examples.y), l2).item();
  result.metrics =
      evaluate_predictions(examples.y, arma::conv_to<arma::vec>::from(logits.value() >= 0.0));
  return result;
}

TrainResult train(LogisticRegression& model, const Examples& training, const Examples* validation,
                  const TrainOptions& options, const EpochCallback& on_epoch) {
  check_shapes(model, training, "training data");
  if (validation) check_shapes(model, *validation, "validation data");
  const std::size_t rows = training.X.n_rows;
  if (rows == 0) throw std::invalid_argument("training data has no rows");

  const std::size_t batch_size =
      options.batch_size == 0 || options.batch_size > rows ? rows : options.batch_size;
  const bool full_batch = batch_size == rows;
  // Made once, without a copy: a full batch reads the caller's matrices
  // every epoch, and they outlive this call.
  const Batch everything{ad::borrowed_constant(training.X), ad::borrowed_constant(training.y)};
  std::vector<arma::uword> order(rows);
  std::iota(order.begin(), order.end(), arma::uword{0});
  Random shuffler(options.seed, streams::shuffling);
  const auto optimizer = make_optimizer(options.optimizer, options.learning_rate, options.momentum);
  ad::Tensor& w = model.weights();

  TrainResult result;
  for (std::size_t epoch = 1; epoch <= options.epochs; ++epoch) {
    const auto started = std::chrono::steady_clock::now();
    if (!full_batch && options.shuffle) shuffler.shuffle(order);

    EpochRecord record;
    record.epoch = epoch;
    double weighted_loss = 0.0;
    std::size_t correct = 0;
    std::size_t steps = 0;
    arma::mat gradient_sum(w.rows(), w.cols(), arma::fill::zeros);
    for (std::size_t start = 0; start < rows; start += batch_size) {
      const std::size_t count = std::min(batch_size, rows - start);
      const Batch batch = full_batch ? everything : gather(training, order, start, count);
      const ad::Tensor logits = model.logits(batch.X);
      const ad::Tensor loss = model.loss(logits, batch.y, options.l2);
      const double value = loss.item();
      if (!std::isfinite(value)) {
        record.loss = value;
        result.status = TrainStatus::diverged;
        break;
      }
      loss.backward();
      gradient_sum += w.grad();
      optimizer->step(w);
      w.zero_grad();
      weighted_loss += value * static_cast<double>(count);
      correct += count_correct(logits.value(), batch.y.value());
      ++steps;
    }

    if (result.status != TrainStatus::diverged) {
      record.loss = weighted_loss / static_cast<double>(rows);
      record.accuracy = static_cast<double>(correct) / static_cast<double>(rows);
    }
    record.grad_norm = steps == 0 ? 0.0 : arma::norm(gradient_sum / static_cast<double>(steps));
    record.weights = w.value();
    if (validation && result.status != TrainStatus::diverged) {
      const Evaluation held_out = evaluate(model, *validation, options.l2);
      record.validation_loss = held_out.loss;
      record.validation_accuracy = held_out.metrics.accuracy;
    }
    record.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    result.epochs.push_back(record);
    if (on_epoch) on_epoch(result.epochs.back());
    if (result.status == TrainStatus::diverged) break;

    if (options.tolerance > 0.0 && result.epochs.size() >= 2) {
      const double previous = result.epochs[result.epochs.size() - 2].loss;
      if (previous - record.loss < options.tolerance) {
        result.status = TrainStatus::stopped_early;
        break;
      }
    }
  }
  return result;
}

}  // namespace adtrain::ml
