// Second derivatives through a differentiable gradient (create_graph).
#include <gtest/gtest.h>

#include <cmath>

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

TEST(HigherOrder, CreateGraphKeepsTheFirstGraphUsable) {
  const Tensor x = variable(2.0);
  const Tensor y = x * x * x;
  grad(y, {x}, {.create_graph = true});
  y.backward();
  EXPECT_DOUBLE_EQ(x.grad()(0), 12.0);
}

}  // namespace
}  // namespace ad
