// Second derivatives through a differentiable gradient (create_graph).
#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <utility>

#include "adtrain/ad.hpp"
#include "support/test_values.hpp"

namespace ad {
namespace {

TEST(HigherOrder, CubeHasSecondDerivativeSixXAndThirdDerivativeSix) {
  const Tensor x = variable(1.7);
  const Tensor y = x * x * x;
  const Tensor dy = grad(y, {x}, {.create_graph = true})[0];
  EXPECT_NEAR(dy.item(), 3.0 * 1.7 * 1.7, 1e-14);
  ASSERT_TRUE(dy.requires_grad());
  const Tensor d2y = grad(dy, {x}, {.create_graph = true})[0];
  EXPECT_NEAR(d2y.item(), 6.0 * 1.7, 1e-14);
  const Tensor d3y = grad(d2y, {x})[0];
  EXPECT_NEAR(d3y.item(), 6.0, 1e-14);
}

TEST(HigherOrder, PowCubeMatchesTheProductForm) {
  const Tensor x = variable(arma::mat{-1.5, 0.5, 2.0});
  const Tensor dy = grad(sum(pow(x, 3.0)), {x}, {.create_graph = true})[0];
  const Tensor d2y = grad(sum(dy), {x})[0];
  EXPECT_TRUE(arma::approx_equal(d2y.value(), 6.0 * x.value(), "absdiff", 1e-13));
}

TEST(HigherOrder, SineCyclesThroughItsDerivatives) {
  const double at = 0.9;
  const Tensor x = variable(at);
  Tensor d = sin(x);
  const double expected[] = {std::cos(at), -std::sin(at), -std::cos(at), std::sin(at)};
  for (double e : expected) {
    d = grad(d, {x}, {.create_graph = true})[0];
    EXPECT_NEAR(d.item(), e, 1e-15);
  }
}

// For L(w) = mean BCE(Xw, y) the Hessian is X^T diag(p (1 - p)) X / n with
// p = sigmoid(Xw). Each column comes from one Hessian-vector product.
TEST(HigherOrder, LogisticRegressionHessianMatchesClosedForm) {
  const arma::uword n = 40, d = 3;
  const arma::mat X = testing::spread(n, d, -2.0, 2.0, 1);
  arma::mat y_values = testing::spread(n, 1, 0.0, 1.0, 2);
  y_values.transform([](double v) { return v < 0.5 ? 0.0 : 1.0; });
  const Tensor w = variable(testing::spread(d, 1, -1.0, 1.0, 3));
  const Tensor loss = binary_cross_entropy_with_logits(matmul(constant(X), w), constant(y_values));
  const Tensor gradient = grad(loss, {w}, {.create_graph = true})[0];

  arma::mat hessian(d, d);
  for (arma::uword j = 0; j < d; ++j) {
    arma::mat unit(d, 1, arma::fill::zeros);
    unit(j) = 1.0;
    hessian.col(j) = grad(dot(gradient, constant(unit)), {w}, {.retain_graph = true})[0].value();
  }

  const arma::vec p = 1.0 / (1.0 + arma::exp(-X * w.value()));
  const arma::mat expected = X.t() * arma::diagmat(p % (1.0 - p)) * X / static_cast<double>(n);
  EXPECT_TRUE(arma::approx_equal(hessian, expected, "absdiff", 1e-14)) << hessian << expected;
  EXPECT_TRUE(arma::approx_equal(hessian, hessian.t(), "absdiff", 1e-15));
}

// The gradient as a differentiable function gives a Hessian-vector product
// in one more backward pass: H v = d/dw <grad L(w), v>.
TEST(HigherOrder, HessianVectorProductOfAQuadraticIsAv) {
  const arma::mat A = {{4.0, 1.0, 0.5}, {1.0, 3.0, 0.0}, {0.5, 0.0, 2.0}};
  const arma::mat v = arma::vec{1.0, -2.0, 0.5};
  const Tensor x = variable(arma::vec{0.3, -0.1, 0.7});
  const Tensor quadratic = 0.5 * sum(x * matmul(constant(A), x));
  const Tensor g = grad(quadratic, {x}, {.create_graph = true})[0];
  EXPECT_TRUE(arma::approx_equal(g.value(), A * x.value(), "absdiff", 1e-15));
  const Tensor hv = grad(dot(g, constant(v)), {x})[0];
  EXPECT_TRUE(arma::approx_equal(hv.value(), A * v, "absdiff", 1e-14));
}

// sigmoid(z) - y, s (1 - s) and s (1 - s) (1 - 2 s) with s = sigmoid(z):
// the first three derivatives of the loss by its logit.
TEST(HigherOrder, BceWithLogitsHasTheSigmoidsDerivativesAsItsOwn) {
  for (double z0 : {-3.0, -0.4, 0.0, 1.1, 25.0}) {
    for (double y0 : {0.0, 0.3, 1.0}) {
      const Tensor z = variable(z0);
      const Tensor loss = binary_cross_entropy_with_logits(z, constant(y0), Reduction::sum);
      const Tensor d1 = grad(loss, {z}, {.create_graph = true})[0];
      const Tensor d2 = grad(d1, {z}, {.create_graph = true})[0];
      const Tensor d3 = grad(d2, {z})[0];
      const double s = 1.0 / (1.0 + std::exp(-z0));
      EXPECT_NEAR(d1.item(), s - y0, 1e-15) << z0 << " " << y0;
      EXPECT_NEAR(d2.item(), s * (1.0 - s), 1e-15) << z0 << " " << y0;
      EXPECT_NEAR(d3.item(), s * (1.0 - s) * (1.0 - 2.0 * s), 1e-15) << z0 << " " << y0;
    }
  }
}

// Newton-CG on logistic regression: g = dL/dw built once with create_graph,
// then many H v = d<g, v>/dw through the same retained graph. Large enough
// for the paths of large tensors (saved residual and curvature, blocked
// products, several threads).
class LogisticHessianVector : public ::testing::TestWithParam<Reduction> {
 protected:
  static constexpr arma::uword n = 100'003, d = 5;
  arma::mat X = testing::spread(n, d, -2.0, 2.0, 21);
  arma::mat y = labels(testing::spread(n, 1, 0.0, 1.0, 22));
  arma::mat w0 = testing::spread(d, 1, -0.8, 0.8, 23);
  double divisor = GetParam() == Reduction::mean ? static_cast<double>(n) : 1.0;

  static arma::mat labels(arma::mat u) {
    u.transform([](double v) { return v < 0.5 ? 0.0 : 1.0; });
    return u;
  }
  // X^T diag(p (1 - p)) X v / divisor, with p = sigmoid(X w0).
  arma::vec closed_form(const arma::vec& v) const {
    const arma::vec p = 1.0 / (1.0 + arma::exp(-X * w0));
    return X.t() * (p % (1.0 - p) % (X * v)) / divisor;
  }
  Tensor loss_of(const Tensor& w) const {
    return binary_cross_entropy_with_logits(matmul(borrowed_constant(X), w), borrowed_constant(y),
                                            GetParam());
  }
  static double relative_error(const arma::mat& got, const arma::mat& want) {
    return arma::norm(got - want, "inf") / arma::norm(want, "inf");
  }
};

TEST_P(LogisticHessianVector, GradientWithGraphIsTheFirstOrderGradientBitForBit) {
  const Tensor w = variable(w0);
  const Tensor g = grad(loss_of(w), {w}, {.create_graph = true})[0];
  ASSERT_TRUE(g.requires_grad());
  EXPECT_STREQ(g.op_name(), "matmul_transposed_left");
  const Tensor first_order = grad(loss_of(w), {w})[0];
  EXPECT_TRUE(arma::approx_equal(g.value(), first_order.value(), "absdiff", 0.0));
}

TEST_P(LogisticHessianVector, ManyProductsThroughOneGradientMatchTheClosedForm) {
  const Tensor w = variable(w0);
  const Tensor g = grad(loss_of(w), {w}, {.create_graph = true})[0];
  arma::mat first;
  for (unsigned step = 0; step < 12; ++step) {  // a dozen CG steps
    const arma::vec v = testing::spread(d, 1, -1.0, 1.0, 30 + step % 4);
    const Tensor hv = grad(dot(g, constant(v)), {w}, {.retain_graph = true})[0];
    EXPECT_LT(relative_error(hv.value(), closed_form(v)), 1e-12) << "step " << step;
    if (step == 0) first = hv.value();
    if (step % 4 == 0) {  // the same v again: the same bits
      EXPECT_TRUE(arma::approx_equal(hv.value(), first, "absdiff", 0.0)) << "step " << step;
    }
    // The other way to write <g, v>.
    const Tensor by_sum = grad(sum(g * constant(v)), {w}, {.retain_graph = true})[0];
    EXPECT_LT(relative_error(by_sum.value(), hv.value()), 1e-15) << "step " << step;
  }
}

// (g(w + h v) - g(w - h v)) / 2h: independent of every derivative rule
// except the first-order gradient's.
TEST_P(LogisticHessianVector, MatchesFiniteDifferencesOfTheGradient) {
  const arma::vec v = testing::spread(d, 1, -1.0, 1.0, 40);
  const Tensor w = variable(w0);
  const Tensor g = grad(loss_of(w), {w}, {.create_graph = true})[0];
  const arma::mat hv = grad(dot(g, constant(v)), {w})[0].value();
  const double h = 1e-5;
  auto gradient_at = [&](const arma::mat& at) {
    const Tensor shifted = variable(at);
    return arma::mat(grad(loss_of(shifted), {shifted})[0].value());
  };
  const arma::mat numeric = (gradient_at(w0 + h * v) - gradient_at(w0 - h * v)) / (2.0 * h);
  EXPECT_LT(relative_error(hv, numeric), 1e-7) << hv << numeric;
}

// The last product may free the graph; afterwards it is gone, and its nodes
// with it once the caller lets go of g.
TEST_P(LogisticHessianVector, TheLastProductCanFreeTheGraph) {
  const arma::vec v = testing::spread(d, 1, -1.0, 1.0, 41);
  std::weak_ptr<detail::Node> logits, gradient;
  {
    const Tensor w = variable(w0);
    const Tensor z = matmul(borrowed_constant(X), w);
    logits = z.node();
    Tensor g = grad(binary_cross_entropy_with_logits(z, borrowed_constant(y), GetParam()), {w},
                    {.create_graph = true})[0];
    gradient = g.node();
    grad(dot(g, constant(v)), {w}, {.retain_graph = true});
    const Tensor hv = grad(dot(g, constant(v)), {w})[0];
    EXPECT_LT(relative_error(hv.value(), closed_form(v)), 1e-12);
    EXPECT_THROW(grad(dot(g, constant(v)), {w}), std::logic_error);
    EXPECT_FALSE(gradient.expired());
  }
  EXPECT_TRUE(gradient.expired());
  EXPECT_TRUE(logits.expired());
}

TEST_P(LogisticHessianVector, ResultsDoNotDependOnTheThreadCount) {
  const arma::vec v = testing::spread(d, 1, -1.0, 1.0, 42);
  auto product = [&](int threads) {
    set_max_threads(threads);
    const Tensor w = variable(w0);
    const Tensor g = grad(loss_of(w), {w}, {.create_graph = true})[0];
    return std::make_pair(arma::mat(g.value()),
                          arma::mat(grad(dot(g, constant(v)), {w})[0].value()));
  };
  const auto one = product(1);
  const auto two = product(2);
  const auto three = product(3);
  set_max_threads(available_cores());
  for (const auto* other : {&two, &three}) {
    EXPECT_TRUE(arma::approx_equal(one.first, other->first, "absdiff", 0.0));
    EXPECT_TRUE(arma::approx_equal(one.second, other->second, "absdiff", 0.0));
  }
}

INSTANTIATE_TEST_SUITE_P(Reduction, LogisticHessianVector,
                         ::testing::Values(Reduction::sum, Reduction::mean),
                         [](const ::testing::TestParamInfo<Reduction>& info) {
                           return info.param == Reduction::sum ? "sum" : "mean";
                         });

TEST(HigherOrder, CreateGraphKeepsTheFirstGraphUsable) {
  const Tensor x = variable(2.0);
  const Tensor y = x * x * x;
  grad(y, {x}, {.create_graph = true});
  y.backward();
  EXPECT_DOUBLE_EQ(x.grad()(0), 12.0);
}

}  // namespace
}  // namespace ad
