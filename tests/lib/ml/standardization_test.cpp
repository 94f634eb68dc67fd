#include "adtrain/ml.hpp"

#include <gtest/gtest.h>

namespace adtrain::ml {
namespace {

TEST(Standardization, ZScoresEachColumn) {
  const arma::mat X = {{1.0, 10.0}, {3.0, 10.0}, {5.0, 10.0}};
  const Standardization s = Standardization::fit(X);
  EXPECT_TRUE(arma::approx_equal(s.mean, arma::rowvec{3.0, 10.0}, "absdiff", 0.0));
  // Population deviation of {1, 3, 5} is sqrt(8/3); a constant column keeps scale 1.
  EXPECT_NEAR(s.std(0), std::sqrt(8.0 / 3.0), 1e-15);
  EXPECT_EQ(s.std(1), 1.0);
  const arma::mat Z = design_matrix(X, &s, false);
  EXPECT_NEAR(arma::mean(Z.col(0)), 0.0, 1e-15);
  EXPECT_NEAR(arma::stddev(Z.col(0), 1), 1.0, 1e-15);
  EXPECT_TRUE(arma::approx_equal(Z.col(1), arma::vec(3, arma::fill::zeros), "absdiff", 0.0));
}

TEST(Standardization, RejectsDataWithOtherColumns) {
  const Standardization s = Standardization::fit(arma::mat{{1.0, 2.0}});
  EXPECT_THROW(design_matrix(arma::mat{{1.0, 2.0, 3.0}}, &s, false), std::invalid_argument);
}

TEST(Standardization, HugeAndTinyMagnitudesDoNotOverflow) {
  // The sum of these squares would overflow a double; the statistics must not.
  const arma::mat X = {{1e300, 1e-300}, {3e300, 3e-300}, {5e300, 5e-300}};
  const Standardization s = Standardization::fit(X);
  EXPECT_NEAR(s.mean(0) / 3e300, 1.0, 1e-15);
  EXPECT_NEAR(s.std(0) / (1e300 * std::sqrt(8.0 / 3.0)), 1.0, 1e-15);
  EXPECT_NEAR(s.mean(1) / 3e-300, 1.0, 1e-15);
  EXPECT_NEAR(s.std(1) / (1e-300 * std::sqrt(8.0 / 3.0)), 1.0, 1e-15);
  const arma::mat Z = design_matrix(X, &s, false);
  EXPECT_TRUE(Z.is_finite());
  EXPECT_NEAR(Z(2, 0), std::sqrt(1.5), 1e-14);
  EXPECT_NEAR(Z(2, 1), std::sqrt(1.5), 1e-14);
}

}  // namespace
}  // namespace adtrain::ml
