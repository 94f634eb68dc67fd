#include "adtrain/ml.hpp"

#include <gtest/gtest.h>

namespace adtrain::ml {
namespace {

TEST(Dataset, SeedDataFollowsTheLabelRuleAndRange) {
  const Dataset data = generate_seed_data(1000, 0);
  ASSERT_EQ(data.features.n_rows, 1000u);
  ASSERT_EQ(data.features.n_cols, 2u);
  EXPECT_EQ(data.feature_names, (std::vector<std::string>{"x1", "x2"}));
  for (arma::uword i = 0; i < data.rows(); ++i) {
    const double x1 = data.features(i, 0), x2 = data.features(i, 1);
    ASSERT_GE(x1, 0.0);
    ASSERT_LT(x1, 1.0);
    ASSERT_GE(x2, 0.0);
    ASSERT_LT(x2, 1.0);
    ASSERT_EQ(data.labels(i), x1 + x2 >= 1.0 ? 1.0 : 0.0);
  }
  const auto counts = data.class_counts();
  EXPECT_EQ(counts[0] + counts[1], 1000u);
  EXPECT_NEAR(static_cast<double>(counts[1]), 500.0, 60.0);
}

TEST(Dataset, SeedDataIsReproducibleAndSeedDependent) {
  EXPECT_TRUE(arma::approx_equal(generate_seed_data(50, 3).features,
                                 generate_seed_data(50, 3).features, "absdiff", 0.0));
  EXPECT_FALSE(arma::approx_equal(generate_seed_data(50, 3).features,
                                  generate_seed_data(50, 4).features, "absdiff", 0.0));
}

TEST(Dataset, LongerDataSetStartsWithTheShorterOne) {
  const Dataset small = generate_seed_data(10, 0), large = generate_seed_data(100, 0);
  EXPECT_TRUE(arma::approx_equal(small.features, large.features.rows(0, 9), "absdiff", 0.0));
}

TEST(Dataset, ValidationSplitPartitionsTheRows) {
  const Dataset data = generate_seed_data(100, 1);
  const auto [train, validation] = split_validation(data, 0.2, 5);
  EXPECT_EQ(train.rows(), 80u);
  EXPECT_EQ(validation.rows(), 20u);
  // Every original row lands in exactly one part.
  arma::mat joined = arma::join_cols(train.features, validation.features);
  arma::vec keys = joined.col(0) * 3.0 + joined.col(1);
  arma::vec original = data.features.col(0) * 3.0 + data.features.col(1);
  EXPECT_TRUE(arma::approx_equal(arma::sort(keys), arma::sort(original), "absdiff", 0.0));
  const auto again = split_validation(data, 0.2, 5);
  EXPECT_TRUE(arma::approx_equal(again.second.features, validation.features, "absdiff", 0.0));
  EXPECT_FALSE(arma::approx_equal(split_validation(data, 0.2, 6).second.features,
                                  validation.features, "absdiff", 0.0));
}

TEST(Dataset, ValidationSplitRejectsFractionsThatLeaveAnEmptyPart) {
  const Dataset data = generate_seed_data(10, 1);
  EXPECT_THROW(split_validation(data, 0.0, 1), std::invalid_argument);
  EXPECT_THROW(split_validation(data, 1.0, 1), std::invalid_argument);
  EXPECT_THROW(split_validation(data, 0.01, 1), std::invalid_argument);
}

TEST(Dataset, BiasColumnComesFirst) {
  const arma::mat X = design_matrix(arma::mat{{2.0, 3.0}, {4.0, 5.0}}, nullptr, true);
  EXPECT_TRUE(arma::approx_equal(X, arma::mat{{1.0, 2.0, 3.0}, {1.0, 4.0, 5.0}}, "absdiff", 0.0));
}

// One pass instead of standardize-then-join: the same numbers, bit for bit.
TEST(Dataset, DesignMatrixStandardizesAndAddsTheBiasInOnePass) {
  const Dataset data = generate_seed_data(500, 3);
  const Standardization s = Standardization::fit(data.features);
  arma::mat z_scores = data.features;
  z_scores.each_row() -= s.mean;
  z_scores.each_row() /= s.std;
  const arma::mat two_steps = arma::join_rows(arma::ones(500, 1), z_scores);
  EXPECT_TRUE(
      arma::approx_equal(design_matrix(data.features, &s, true), two_steps, "absdiff", 0.0));
  EXPECT_TRUE(
      arma::approx_equal(design_matrix(data.features, &s, false), z_scores, "absdiff", 0.0));
  EXPECT_TRUE(arma::approx_equal(design_matrix(data.features, nullptr, false), data.features,
                                 "absdiff", 0.0));
  EXPECT_THROW(design_matrix(arma::mat(4, 3, arma::fill::ones), &s, true), std::invalid_argument);
}

// Each process's part of the split, put together in process order, is the
// one-process split: the same rows held out, the same order, and each part
// knows where it starts.
TEST(Dataset, ValidationSplitSharesPutTogetherAreTheWholeSplit) {
  const Dataset data = generate_seed_data(103, 8);
  const auto [training, validation] = split_validation(data, 0.3, 5);
  for (std::size_t parts : {1, 2, 3, 7}) {
    arma::mat training_rows(0, 2), validation_rows(0, 2);
    std::size_t training_seen = 0, validation_seen = 0;
    for (std::size_t p = 0; p < parts; ++p) {
      const std::size_t first = 103 * p / parts, last = 103 * (p + 1) / parts;
      std::vector<arma::uword> mine;
      for (std::size_t i = first; i < last; ++i) mine.push_back(i);
      const ValidationShare share =
          split_validation_share(select_rows(data, mine), first, 103, 0.3, 5);
      EXPECT_EQ(share.training_first_row, training_seen);
      EXPECT_EQ(share.validation_first_row, validation_seen);
      EXPECT_EQ(share.training_rows, training.rows());
      EXPECT_EQ(share.validation_rows, validation.rows());
      training_rows = arma::join_cols(training_rows, share.training.features);
      validation_rows = arma::join_cols(validation_rows, share.validation.features);
      training_seen += share.training.rows();
      validation_seen += share.validation.rows();
    }
    EXPECT_TRUE(arma::approx_equal(training_rows, training.features, "absdiff", 0.0)) << parts;
    EXPECT_TRUE(arma::approx_equal(validation_rows, validation.features, "absdiff", 0.0)) << parts;
  }
}

}  // namespace
}  // namespace adtrain::ml
