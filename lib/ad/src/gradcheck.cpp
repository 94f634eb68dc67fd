#include "adtrain/ad.hpp"

#include <cmath>
#include <sstream>

namespace ad {

namespace {

// Fixed, distinct weights in [0.5, 1.5): every output element counts, and a
// gradient routed to the wrong output element shows up as a mismatch.
arma::mat projection_weights(arma::uword rows, arma::uword cols) {
  arma::mat weights(rows, cols);
  constexpr double golden = 0.6180339887498949;
  for (arma::uword k = 0; k < weights.n_elem; ++k) {
    const double position = golden * static_cast<double>(k + 1);
    weights(k) = 0.5 + (position - std::floor(position));
  }
  return weights;
}

}  // namespace

GradcheckResult gradcheck(const TensorFunction& f, const std::vector<Tensor>& inputs,
                          const GradcheckOptions& options) {
  // Private leaves, so the caller's tensors and their gradients stay untouched.
  std::vector<Tensor> point;
  point.reserve(inputs.size());
  for (const Tensor& input : inputs) point.push_back(variable(input.value()));

  const Tensor output = f(point);
  const bool scalar_output = output.size() == 1;
  const arma::mat weights =
      scalar_output ? arma::mat{1.0} : projection_weights(output.rows(), output.cols());
  const Tensor objective = scalar_output ? output : sum(output * constant(weights));

  std::vector<arma::mat> analytic;
  if (objective.requires_grad()) {
    for (const Tensor& g : grad(objective, point)) analytic.push_back(g.value());
  } else {
    for (const Tensor& input : point)
      analytic.emplace_back(input.rows(), input.cols(), arma::fill::zeros);
  }

  auto evaluate = [&] {
    NoGradGuard no_grad;
    return arma::accu(f(point).value() % weights);
  };

  GradcheckResult result;
  double worst_excess = 0.0;
  const double h = options.step;
  for (std::size_t i = 0; i < point.size(); ++i) {
    arma::mat& x = point[i].data();
    for (arma::uword k = 0; k < x.n_elem; ++k) {
      const double saved = x(k);
      x(k) = saved + h;
      const double above = evaluate();
      x(k) = saved - h;
      const double below = evaluate();
      x(k) = saved;
      const double numeric = (above - below) / (2.0 * h);
      const double error = std::abs(analytic[i](k) - numeric);
      const double allowed =
          options.absolute_tolerance + options.relative_tolerance * std::abs(numeric);
      result.max_abs_error = std::max(result.max_abs_error, error);
      // NaN never compares greater, so test for failure rather than success.
      const bool fails = !(error <= allowed);
      if (fails && (result.passed || error - allowed > worst_excess || std::isnan(error))) {
        result.passed = false;
        worst_excess = error - allowed;
        std::ostringstream detail;
        detail.precision(17);
        detail << "input " << i << " (" << x.n_rows << "x" << x.n_cols << ") element ("
               << k % x.n_rows << ", " << k / x.n_rows << "): analytic " << analytic[i](k)
               << ", numeric " << numeric << ", error " << error << " > allowed " << allowed;
        result.detail = detail.str();
      }
    }
  }
  return result;
}

}  // namespace ad
