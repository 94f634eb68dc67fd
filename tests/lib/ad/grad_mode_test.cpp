// no_grad scopes record nothing and restore what they found.
#include <gtest/gtest.h>

#include <thread>

#include "adtrain/ad.hpp"

namespace ad {
namespace {

TEST(GradMode, NoGradScopeRecordsNothing) {
  Tensor w = variable(arma::mat{1.0, 2.0});
  {
    NoGradGuard no_grad;
    EXPECT_FALSE(grad_enabled());
    const Tensor y = w * 3.0 + 1.0;
    EXPECT_FALSE(y.requires_grad());
    EXPECT_TRUE(y.is_leaf());
    EXPECT_THROW(y.backward(arma::mat{1.0, 1.0}), std::logic_error);
  }
  EXPECT_TRUE(grad_enabled());
  EXPECT_TRUE((w * 3.0).requires_grad());
}

TEST(GradMode, ParameterUpdateInsideNoGradThenTrainingContinues) {
  Tensor w = variable(arma::mat{1.0, -1.0});
  sum(w * w).backward();
  {
    NoGradGuard no_grad;
    w.data() -= 0.25 * w.grad();
  }
  w.zero_grad();
  EXPECT_TRUE(arma::approx_equal(w.value(), arma::mat{0.5, -0.5}, "absdiff", 0.0));
  sum(w * w).backward();
  EXPECT_TRUE(arma::approx_equal(w.grad(), arma::mat{1.0, -1.0}, "absdiff", 0.0));
}

TEST(GradMode, ScopesNestAndEnableGradOverrides) {
  {
    NoGradGuard outer;
    {
      EnableGradGuard inner;
      EXPECT_TRUE(grad_enabled());
      EXPECT_TRUE((variable(1.0) * 2.0).requires_grad());
      {
        NoGradGuard innermost;
        EXPECT_FALSE(grad_enabled());
      }
      EXPECT_TRUE(grad_enabled());
    }
    EXPECT_FALSE(grad_enabled());
  }
  EXPECT_TRUE(grad_enabled());
}

TEST(GradMode, IsPerThread) {
  NoGradGuard no_grad;
  bool other_thread_enabled = false;
  std::thread([&] { other_thread_enabled = grad_enabled(); }).join();
  EXPECT_TRUE(other_thread_enabled);
  EXPECT_FALSE(grad_enabled());
}

}  // namespace
}  // namespace ad
