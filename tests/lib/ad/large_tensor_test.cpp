// The paths taken by tensors of many elements: products of a tall matrix and
// a vector, the fused loss that keeps its residual for the backward pass,
// borrowed constants, and results that do not depend on the thread count.
#include <gtest/gtest.h>

#include <cmath>
#include <numeric>
#include <vector>

#include "adtrain/ad.hpp"
#include "support/test_values.hpp"

namespace ad {
namespace {

using testing::spread;

// Row counts around the 4096-row blocks: one block, a partial one, many.
const std::vector<arma::uword> heights = {1, 3, 4095, 4096, 4097, 3 * 4096 + 17, 70'001};

double relative_error(const arma::mat& got, const arma::mat& want) {
  return arma::norm(got - want, "inf") / std::max(1.0, arma::norm(want, "inf"));
}

TEST(TallMatrixTimesVector, MatchesArmadilloForwardAndBackward) {
  for (arma::uword n : heights) {
    for (arma::uword k : {1u, 3u, 5u}) {
      const arma::mat X = spread(n, k, -2.0, 2.0, 1);
      const arma::mat w0 = spread(k, 1, -1.0, 1.0, 2);
      const arma::mat g = spread(n, 1, -1.0, 1.0, 3);
      const Tensor w = variable(w0);
      const Tensor z = matmul(constant(X), w);
      EXPECT_LT(relative_error(z.value(), X * w0), 1e-15) << n << " x " << k;
      z.backward(g);
      // Blocked sums against BLAS's one running sum: equal to rounding.
      EXPECT_LT(relative_error(w.grad(), X.t() * g), 1e-13) << n << " x " << k;
    }
  }
}

TEST(TallMatrixTimesVector, GradientOfTheMatrixSideStillFlows) {
  const arma::mat X0 = spread(5000, 3, -1.0, 1.0, 4);
  const arma::mat w0 = spread(3, 1, -1.0, 1.0, 5);
  const Tensor X = variable(X0);
  sum(matmul(X, constant(w0))).backward();
  // d sum(X w) / dX = 1 w^T
  const arma::mat expected = arma::ones(5000, 1) * w0.t();
  EXPECT_TRUE(arma::approx_equal(X.grad(), expected, "absdiff", 0.0));
}

// The reference loss, term by term in long double: softplus(z) - y z.
long double reference_loss_sum(const arma::mat& z, const arma::mat& y) {
  long double total = 0.0L;
  for (arma::uword k = 0; k < z.n_elem; ++k) {
    const long double v = z(k);
    total += (v > 0 ? v : 0.0L) - static_cast<long double>(y(k)) * v +
             std::log1p(std::exp(-std::fabs(v)));
  }
  return total;
}

arma::mat labels_for(const arma::mat& z, unsigned salt) {
  arma::mat y = spread(z.n_rows, z.n_cols, 0.0, 1.0, salt);
  return arma::conv_to<arma::mat>::from(y > 0.5);
}

TEST(BceWithLogits, SummedLossIsAccurateInEveryRegime) {
  struct Regime {
    const char* name;
    double low, high;
  };
  // Mixed logits; confident and right (every term tiny: the sum must keep
  // its digits, not round to 0); confident either way.
  for (const Regime& regime : {Regime{"mixed", -8.0, 8.0}, Regime{"tiny terms", 30.0, 40.0},
                               Regime{"large margins", -700.0, 700.0}}) {
    for (arma::uword n : heights) {
      const arma::mat z = spread(n, 1, regime.low, regime.high, 6);
      const arma::mat y = regime.low > 0 ? arma::mat(n, 1, arma::fill::ones) : labels_for(z, 7);
      const long double want = reference_loss_sum(z, y);
      const double got =
          binary_cross_entropy_with_logits(constant(z), constant(y), Reduction::sum).item();
      EXPECT_LE(std::fabs(static_cast<long double>(got) - want) / want, 1e-14L)
          << regime.name << ", n = " << n << ": " << got << " vs " << static_cast<double>(want);
    }
  }
}

TEST(BceWithLogits, SingleElementIsTheClosedForm) {
  for (double z : {-40.0, -1.5, 0.0, 0.25, 3.0, 40.0}) {
    for (double y : {0.0, 1.0}) {
      const double want = (std::max(z, 0.0) - y * z) + std::log1p(std::exp(-std::abs(z)));
      EXPECT_EQ(binary_cross_entropy_with_logits(constant(z), constant(y)).item(), want)
          << "z = " << z << ", y = " << y;
    }
  }
}

// Large tensors take their residual from the forward pass, small ones
// compute it again in the backward pass: the gradients must be the same bits.
TEST(BceWithLogits, SavedResidualGivesTheRecomputedGradient) {
  const arma::mat z0 = spread(5000, 1, -30.0, 30.0, 8);
  const arma::mat y0 = labels_for(z0, 9);
  for (Reduction reduction : {Reduction::mean, Reduction::sum, Reduction::none}) {
    const Tensor z = variable(z0);
    const Tensor loss = binary_cross_entropy_with_logits(z, constant(y0), reduction);
    loss.backward(arma::mat(loss.rows(), loss.cols(), arma::fill::ones));
    const double divisor = reduction == Reduction::mean ? 5000.0 : 1.0;
    // The same gradient one element at a time (below the size that saves).
    for (arma::uword k = 0; k < z0.n_elem; k += 97) {
      const Tensor zk = variable(z0(k));
      binary_cross_entropy_with_logits(zk, constant(y0(k)), Reduction::sum).backward();
      ASSERT_EQ(z.grad()(k), zk.grad()(0) / divisor) << "element " << k;
    }
  }
}

TEST(BceWithLogits, SecondBackwardThroughRetainedGraphUsesTheSavedResidual) {
  const arma::mat z0 = spread(3000, 1, -5.0, 5.0, 10);
  const Tensor z = variable(z0);
  const Tensor loss = binary_cross_entropy_with_logits(z, constant(labels_for(z0, 11)));
  loss.backward({.retain_graph = true});
  const arma::mat once = z.grad();
  loss.backward();
  EXPECT_TRUE(arma::approx_equal(z.grad(), 2.0 * once, "absdiff", 0.0));
}

TEST(BorrowedConstant, ReadsTheCallersMatrixWithoutACopy) {
  const arma::mat X = spread(10'000, 3, -1.0, 1.0, 12);
  const Tensor borrowed = borrowed_constant(X);
  EXPECT_EQ(borrowed.value().memptr(), X.memptr());
  EXPECT_FALSE(borrowed.requires_grad());
  const Tensor w = variable(arma::vec{0.5, -0.25, 2.0});
  sum(matmul(borrowed, w)).backward();
  EXPECT_TRUE(arma::approx_equal(w.grad(), arma::sum(X, 0).t(), "reldiff", 1e-12));
}

TEST(BorrowedConstant, IsReadOnlyAndDetachCopies) {
  arma::mat X = spread(4, 2, 0.0, 1.0, 13);
  Tensor borrowed = borrowed_constant(X);
  EXPECT_THROW(borrowed.data(), std::logic_error);
  const Tensor copy = borrowed.detach();
  EXPECT_NE(copy.value().memptr(), X.memptr());
  EXPECT_TRUE(arma::approx_equal(copy.value(), X, "absdiff", 0.0));
}

TEST(Threads, CountCanBeSetAndZeroIsRefused) {
  const int before = max_threads();
  set_max_threads(1);
  EXPECT_EQ(max_threads(), 1);
  EXPECT_THROW(set_max_threads(0), std::invalid_argument);
  set_max_threads(before);
  EXPECT_GE(available_cores(), 1);
}

// Blocks are fixed, whatever the thread count: so are the bits (with or
// without OpenMP, where every count means one thread).
TEST(Threads, ResultsDoNotDependOnTheThreadCount) {
  const arma::mat X = spread(100'000, 3, -3.0, 3.0, 14);
  const arma::mat y = labels_for(X.col(1), 15);
  auto step = [&](int threads) {
    set_max_threads(threads);
    const Tensor w = variable(arma::vec{0.1, -0.7, 0.4});
    const Tensor loss =
        binary_cross_entropy_with_logits(matmul(borrowed_constant(X), w), borrowed_constant(y));
    loss.backward();
    return std::make_pair(loss.item(), arma::mat(w.grad()));
  };
  const auto one = step(1);
  const auto two = step(2);
  const auto three = step(3);
  set_max_threads(available_cores());
  EXPECT_EQ(one.first, two.first);
  EXPECT_EQ(one.first, three.first);
  EXPECT_TRUE(arma::approx_equal(one.second, two.second, "absdiff", 0.0));
  EXPECT_TRUE(arma::approx_equal(one.second, three.second, "absdiff", 0.0));
}

}  // namespace
}  // namespace ad
