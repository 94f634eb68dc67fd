// The reverse pass: ordering, accumulation, graph lifetime, error cases.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>

#include "adtrain/ad.hpp"

namespace ad {
namespace {

// Each level uses the previous value twice, so there are 2^50 paths from the
// output to x. A path-by-path backward would never finish; one pass in
// topological order touches each of the ~150 nodes once.
TEST(Engine, DiamondFiftyLevelsDeepRunsEachNodeOnce) {
  const auto start = std::chrono::steady_clock::now();
  const Tensor x = variable(0.75);
  Tensor y = x;
  for (int level = 0; level < 50; ++level) y = 0.5 * y + y * 0.5;
  y.backward();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_DOUBLE_EQ(y.item(), 0.75);
  EXPECT_DOUBLE_EQ(x.grad()(0), 1.0);
  RecordProperty("seconds", std::to_string(seconds));
}

// A diamond whose gradient is not 1: y <- y * y doubles the exponent each level.
TEST(Engine, DiamondGradientSumsBothBranches) {
  const Tensor x = variable(1.0001);
  Tensor y = x;
  for (int level = 0; level < 10; ++level) y = y * y;  // x^(2^10)
  y.backward();
  EXPECT_NEAR(x.grad()(0), 1024.0 * std::pow(1.0001, 1023.0), 1e-9);
}

// Neither the backward pass nor the destruction of the graph may recurse
// once per node: a million nodes deep would overflow the stack.
TEST(Engine, MillionOpChainRunsBackwardAndIsFreedWithoutStackOverflow) {
  const Tensor x = variable(0.0);
  {
    Tensor y = x;
    for (int i = 0; i < 1'000'000; ++i) y = y + 1.0;
    EXPECT_DOUBLE_EQ(y.item(), 1e6);
    y.backward({.retain_graph = true});
    EXPECT_DOUBLE_EQ(x.grad()(0), 1.0);
  }  // the whole retained chain is destroyed here
  SUCCEED();
}

TEST(Engine, MillionOpChainWithoutBackwardIsFreedWithoutStackOverflow) {
  const Tensor x = variable(1.0);
  {
    Tensor y = x;
    for (int i = 0; i < 1'000'000; ++i) y = y * 1.0;
  }
  SUCCEED();
}

TEST(Engine, GradientsAccumulateAcrossBackwardCallsUntilZeroGrad) {
  Tensor x = variable(arma::mat{1.0, 2.0, 3.0});
  (sum(x * x)).backward();
  (sum(x * x)).backward();
  EXPECT_TRUE(arma::approx_equal(x.grad(), arma::mat{4.0, 8.0, 12.0}, "absdiff", 0.0));
  x.zero_grad();
  EXPECT_TRUE(arma::approx_equal(x.grad(), arma::mat(1, 3, arma::fill::zeros), "absdiff", 0.0));
  (sum(3.0 * x)).backward();
  EXPECT_TRUE(arma::approx_equal(x.grad(), arma::mat{3.0, 3.0, 3.0}, "absdiff", 0.0));
}

TEST(Engine, NonScalarOutputNeedsAnExplicitSeed) {
  const Tensor x = variable(arma::mat{1.0, 2.0});
  const Tensor y = x * 2.0;
  try {
    y.backward();
    FAIL() << "backward() on a 1x2 output did not throw";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("1x2"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("seed"), std::string::npos) << e.what();
  }
  y.backward(arma::mat{1.0, 10.0});
  EXPECT_TRUE(arma::approx_equal(x.grad(), arma::mat{2.0, 20.0}, "absdiff", 0.0));
}

TEST(Engine, SeedOfTheWrongShapeIsRejected) {
  const Tensor x = variable(arma::mat{1.0, 2.0});
  EXPECT_THROW((x * 2.0).backward(arma::mat{1.0, 2.0, 3.0}), std::invalid_argument);
}

TEST(Engine, BackwardOnAnOutputThatNeedsNoGradIsAnError) {
  const Tensor c = constant(2.0);
  EXPECT_THROW((c * c).backward(), std::logic_error);
}

TEST(Engine, SecondBackwardThroughAFreedGraphFailsClearly) {
  const Tensor x = variable(2.0);
  const Tensor y = exp(x) * 3.0;
  y.backward();
  try {
    y.backward();
    FAIL() << "second backward() did not throw";
  } catch (const std::logic_error& e) {
    EXPECT_NE(std::string(e.what()).find("retain_graph"), std::string::npos) << e.what();
  }
}

TEST(Engine, RetainGraphAllowsASecondBackward) {
  const Tensor x = variable(2.0);
  const Tensor y = exp(x) * 3.0;
  y.backward({.retain_graph = true});
  y.backward();
  EXPECT_DOUBLE_EQ(x.grad()(0), 2.0 * 3.0 * std::exp(2.0));
}

TEST(Engine, BackwardFromALeafAddsTheSeed) {
  const Tensor x = variable(arma::mat{1.0, 2.0});
  x.backward(arma::mat{5.0, 7.0});
  EXPECT_TRUE(arma::approx_equal(x.grad(), arma::mat{5.0, 7.0}, "absdiff", 0.0));
}

TEST(Engine, ConstantsNeverCollectAGradient) {
  const Tensor x = variable(3.0);
  const Tensor c = constant(4.0);
  (x * c + c).backward();
  EXPECT_DOUBLE_EQ(x.grad()(0), 4.0);
  EXPECT_THROW(c.grad(), std::logic_error);
  EXPECT_FALSE((c * c).requires_grad());
  EXPECT_TRUE((c * c).is_leaf());
}

TEST(Engine, IntermediateResultsKeepNoGradButGradFunctionReachesThem) {
  const Tensor x = variable(3.0);
  const Tensor h = x * x;
  const Tensor y = 2.0 * h;
  EXPECT_THROW(h.grad(), std::logic_error);
  const std::vector<Tensor> grads = grad(y, {h, x});
  EXPECT_DOUBLE_EQ(grads[0].item(), 2.0);
  EXPECT_DOUBLE_EQ(grads[1].item(), 12.0);
}

TEST(Engine, GradFunctionLeavesLeafGradUntouchedAndGivesZeroForUnusedInputs) {
  const Tensor x = variable(3.0);
  const Tensor unused = variable(arma::mat(2, 2, arma::fill::ones));
  const Tensor y = x * x;
  const std::vector<Tensor> grads = grad(y, {x, unused});
  EXPECT_DOUBLE_EQ(grads[0].item(), 6.0);
  EXPECT_TRUE(
      arma::approx_equal(grads[1].value(), arma::mat(2, 2, arma::fill::zeros), "absdiff", 0.0));
  EXPECT_DOUBLE_EQ(x.grad()(0), 0.0);
  EXPECT_FALSE(grads[0].requires_grad());
}

TEST(Engine, RecordsOpNamesAndLeafness) {
  const Tensor x = variable(1.0);
  EXPECT_TRUE(x.is_leaf());
  EXPECT_STREQ(x.op_name(), "leaf");
  EXPECT_STREQ((x * x).op_name(), "mul");
  EXPECT_STREQ(matmul(x, x).op_name(), "matmul");
  EXPECT_FALSE((x * x).is_leaf());
}

TEST(Engine, DetachCutsTheGraph) {
  const Tensor x = variable(3.0);
  const Tensor y = x * x.detach();
  y.backward();
  EXPECT_DOUBLE_EQ(x.grad()(0), 3.0);
}

TEST(Engine, DataOfAResultCannotBeChanged) {
  Tensor x = variable(3.0);
  Tensor y = x * 2.0;
  EXPECT_THROW(y.data(), std::logic_error);
  x.data()(0) = 4.0;
  EXPECT_DOUBLE_EQ(x.item(), 4.0);
}

TEST(Engine, ItemOfANonScalarIsAnError) {
  EXPECT_THROW(constant(arma::mat{1.0, 2.0}).item(), std::invalid_argument);
}

}  // namespace
}  // namespace ad
