// Mismatched shapes fail at once, naming the op and both shapes.
#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "adtrain/ad.hpp"

namespace ad {
namespace {

void expect_shape_error(const std::function<void()>& run, const std::string& op,
                        const std::string& first, const std::string& second) {
  try {
    run();
    FAIL() << op << " accepted " << first << " and " << second;
  } catch (const std::invalid_argument& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find(op), std::string::npos) << message;
    EXPECT_NE(message.find(first), std::string::npos) << message;
    EXPECT_NE(message.find(second), std::string::npos) << message;
  }
}

const Tensor a23 = constant(arma::mat(2, 3, arma::fill::ones));
const Tensor a32 = constant(arma::mat(3, 2, arma::fill::ones));
const Tensor a22 = constant(arma::mat(2, 2, arma::fill::ones));
const Tensor row2 = constant(arma::mat(1, 2, arma::fill::ones));
const Tensor col3 = constant(arma::mat(3, 1, arma::fill::ones));

TEST(ShapeErrors, ElementwiseOpsNameOpAndShapes) {
  expect_shape_error([] { a23 + a32; }, "add", "2x3", "3x2");
  expect_shape_error([] { a23 - a22; }, "sub", "2x3", "2x2");
  expect_shape_error([] { a23* row2; }, "mul", "2x3", "1x2");
  expect_shape_error([] { col3 / a23; }, "div", "3x1", "2x3");
}

TEST(ShapeErrors, MatmulNamesInnerDimensions) {
  expect_shape_error([] { matmul(a23, a23); }, "matmul", "2x3", "2x3");
  // a^T b needs equal row counts, a b^T equal column counts.
  expect_shape_error([] { matmul_transposed_left(a23, a32); }, "matmul_transposed_left", "2x3",
                     "3x2");
  expect_shape_error([] { matmul_transposed_left(a23, col3); }, "matmul_transposed_left", "2x3",
                     "3x1");
  expect_shape_error([] { matmul_transposed_right(a23, a22); }, "matmul_transposed_right", "2x3",
                     "2x2");
  EXPECT_EQ(matmul_transposed_left(a23, a22).shape_string(), "3x2");
  EXPECT_EQ(matmul_transposed_right(a23, a23).shape_string(), "2x2");
}

TEST(ShapeErrors, DotAndLossNeedEqualShapes) {
  expect_shape_error([] { dot(a23, a32); }, "dot", "2x3", "3x2");
  expect_shape_error([] { binary_cross_entropy_with_logits(a23, a22); },
                     "binary_cross_entropy_with_logits", "2x3", "2x2");
}

TEST(ShapeErrors, BroadcastAndSumToNameShapes) {
  expect_shape_error([] { broadcast_to(a23, 4, 3); }, "broadcast_to", "2x3", "4x3");
  expect_shape_error([] { sum_to(a23, 2, 2); }, "sum_to", "2x3", "2x2");
}

TEST(ShapeErrors, ReductionDimMustBeZeroOrOne) {
  EXPECT_THROW(sum(a23, 2), std::invalid_argument);
  EXPECT_THROW(mean(a23, -1), std::invalid_argument);
}

TEST(ShapeErrors, CompatibleShapesBroadcast) {
  EXPECT_EQ((a23 + constant(1.0)).shape_string(), "2x3");
  EXPECT_EQ((a23 * constant(arma::mat(1, 3, arma::fill::ones))).shape_string(), "2x3");
  EXPECT_EQ((a23 * constant(arma::mat(2, 1, arma::fill::ones))).shape_string(), "2x3");
  EXPECT_EQ((col3 * row2).shape_string(), "3x2");
}

}  // namespace
}  // namespace ad
