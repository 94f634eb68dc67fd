// gradcheck itself: it passes right gradients and catches wrong ones.
#include <gtest/gtest.h>

#include "adtrain/ad.hpp"

namespace ad {
namespace {

TEST(Gradcheck, PassesACorrectGradient) {
  const GradcheckResult result =
      gradcheck([](const std::vector<Tensor>& x) { return sum(exp(x[0]) * x[1]); },
                {constant(arma::mat{0.1, 0.2}), constant(arma::mat{1.0, -1.0})});
  EXPECT_TRUE(result.passed) << result.detail;
  EXPECT_LT(result.max_abs_error, 1e-8);
}

// x * detach(x) has true derivative 2x, but its graph only knows one factor:
// the analytic gradient is x, and gradcheck must say so.
TEST(Gradcheck, CatchesAWrongGradientAndSaysWhere) {
  const GradcheckResult result =
      gradcheck([](const std::vector<Tensor>& x) { return sum(x[0] * x[0].detach()); },
                {constant(arma::mat{1.0, 2.0, 3.0})});
  EXPECT_FALSE(result.passed);
  EXPECT_FALSE(static_cast<bool>(result));
  EXPECT_NEAR(result.max_abs_error, 3.0, 1e-6);
  EXPECT_NE(result.detail.find("input 0"), std::string::npos) << result.detail;
  EXPECT_NE(result.detail.find("analytic 3"), std::string::npos) << result.detail;
}

TEST(Gradcheck, NonScalarOutputsAreCheckedElementByElement) {
  // Transposing a gradient wrongly would show up here: a 2x3 output.
  const GradcheckResult result = gradcheck(
      [](const std::vector<Tensor>& x) { return matmul(x[0], x[1]); },
      {constant(arma::mat{{1, 2}, {3, 4}}), constant(arma::mat{{1, 0, 2}, {0.5, 1, -1}})});
  EXPECT_TRUE(result.passed) << result.detail;
}

TEST(Gradcheck, DoesNotTouchTheCallersTensors) {
  Tensor x = variable(arma::mat{1.0, 2.0});
  gradcheck([](const std::vector<Tensor>& v) { return sum(v[0] * v[0]); }, {x});
  EXPECT_TRUE(arma::approx_equal(x.value(), arma::mat{1.0, 2.0}, "absdiff", 0.0));
  EXPECT_TRUE(arma::approx_equal(x.grad(), arma::mat{0.0, 0.0}, "absdiff", 0.0));
}

TEST(Gradcheck, ReportsNaNGradientsAsFailures) {
  const GradcheckResult result = gradcheck(
      [](const std::vector<Tensor>& x) { return sum(sqrt(x[0])); }, {constant(arma::mat{-1.0})});
  EXPECT_FALSE(result.passed);
}

}  // namespace
}  // namespace ad
