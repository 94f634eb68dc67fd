// The pool that hands the storage of large matrices from one training step
// to the next (an internal part of the library: its header is private).
#include <gtest/gtest.h>

#include "adtrain/ad.hpp"
#include "matrix_pool.hpp"
#include "pooling.hpp"

namespace ad::detail {
namespace {

class MatrixPool : public ::testing::Test {
 protected:
  void SetUp() override { release_matrix_pool(); }
  void TearDown() override { release_matrix_pool(); }
};

TEST_F(MatrixPool, ReusesTheStorageOfARecycledLargeMatrix) {
  if (!pooling_enabled) GTEST_SKIP() << "the pool is off under AddressSanitizer";
  arma::mat first = uninitialized_matrix(100'000, 1);
  const double* storage = first.memptr();
  recycle(std::move(first));
  EXPECT_EQ(matrix_pool_stats().matrices, 1u);
  // Another shape of the same size, or a little smaller, fits.
  const arma::mat second = uninitialized_matrix(1'000, 90);
  EXPECT_EQ(second.memptr(), storage);
  EXPECT_EQ(second.n_rows, 1'000u);
  EXPECT_EQ(second.n_cols, 90u);
  EXPECT_EQ(matrix_pool_stats().matrices, 0u);
}

TEST_F(MatrixPool, NeverWastesMoreThanHalfAStoredMatrix) {
  if (!pooling_enabled) GTEST_SKIP() << "the pool is off under AddressSanitizer";
  recycle(uninitialized_matrix(200'000, 1));
  const arma::mat small = uninitialized_matrix(50'000, 1);
  EXPECT_EQ(matrix_pool_stats().matrices, 1u) << "a 200,000-element block was used for 50,000";
}

TEST_F(MatrixPool, KeepsNeitherSmallMatricesNorViews) {
  recycle(arma::mat(3, 1, arma::fill::zeros));
  recycle(arma::mat(100, 100, arma::fill::zeros));
  arma::mat owner(100'000, 1, arma::fill::zeros);
  recycle(arma::mat(owner.memptr(), owner.n_rows, 1, false, true));
  EXPECT_EQ(matrix_pool_stats().matrices, 0u);
}

TEST_F(MatrixPool, IsBoundedAndDropsTheOldestFirst) {
  if (!pooling_enabled) GTEST_SKIP() << "the pool is off under AddressSanitizer";
  for (int i = 0; i < 20; ++i) recycle(arma::mat(40'000 + 1'000 * i, 1, arma::fill::zeros));
  const MatrixPoolStats stats = matrix_pool_stats();
  EXPECT_LE(stats.matrices, 6u);
  EXPECT_GE(stats.matrices, 1u);
  // The newest (largest) survive.
  const arma::mat newest = uninitialized_matrix(59'000, 1);
  EXPECT_EQ(matrix_pool_stats().matrices, stats.matrices - 1);
}

// What the pool is for: a full-batch training step reuses the previous
// step's vectors instead of asking the system for fresh pages each time.
TEST_F(MatrixPool, TrainingStepsReuseTheirLargeVectors) {
  if (!pooling_enabled) GTEST_SKIP() << "the pool is off under AddressSanitizer";
  const arma::mat X(200'000, 3, arma::fill::randn);
  const arma::mat y = arma::conv_to<arma::mat>::from(X.col(0) > 0.0);
  Tensor w = variable(arma::vec(3, arma::fill::zeros));
  std::vector<const double*> logits_storage;
  for (int step = 0; step < 4; ++step) {
    const Tensor z = matmul(borrowed_constant(X), w);
    logits_storage.push_back(z.value().memptr());
    binary_cross_entropy_with_logits(z, borrowed_constant(y)).backward();
    w.data() -= 0.1 * w.grad();
    w.zero_grad();
  }
  EXPECT_LE(matrix_pool_stats().matrices, 3u);
  // From the second step on, the logits live in storage already seen.
  for (int step = 2; step < 4; ++step) {
    EXPECT_NE(std::find(logits_storage.begin(), logits_storage.begin() + step,
                        logits_storage[static_cast<std::size_t>(step)]),
              logits_storage.begin() + step)
        << "step " << step;
  }
}

}  // namespace
}  // namespace ad::detail
