// The behaviours of the original project's tests (SEED.md, "The original's
// tests") and the article's worked figure, ported to adtrain. Every gradient is
// compared with its closed form, computed here with Armadillo.
#include <gtest/gtest.h>

#include <armadillo>
#include <cmath>
#include <initializer_list>
#include <iomanip>
#include <sstream>
#include <stdexcept>
#include <string>

#include "adtrain/ad.hpp"

namespace {

using arma::mat;

constexpr double kTol = 1e-12;

std::string Describe(const mat& m) {
  std::ostringstream os;
  os << std::setprecision(17);
  m.raw_print(os);
  return os.str();
}

bool SameShape(const mat& a, const mat& b) {
  return a.n_rows == b.n_rows && a.n_cols == b.n_cols;
}

// Element-wise |actual - expected| <= tol, with the same shape.
::testing::AssertionResult MatNear(const mat& actual, const mat& expected, double tol = kTol) {
  if (!SameShape(actual, expected)) {
    return ::testing::AssertionFailure()
           << "shape " << actual.n_rows << "x" << actual.n_cols << ", expected " << expected.n_rows
           << "x" << expected.n_cols;
  }
  if (arma::approx_equal(actual, expected, "absdiff", tol)) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "max |difference| " << arma::abs(actual - expected).max()
                                       << " > " << tol << "\nactual:\n"
                                       << Describe(actual) << "expected:\n"
                                       << Describe(expected);
}

// Bit-for-bit equal, for results of exactly the same floating-point operations.
::testing::AssertionResult MatEq(const mat& actual, const mat& expected) {
  if (!SameShape(actual, expected)) {
    return ::testing::AssertionFailure()
           << "shape " << actual.n_rows << "x" << actual.n_cols << ", expected " << expected.n_rows
           << "x" << expected.n_cols;
  }
  for (arma::uword k = 0; k < actual.n_elem; ++k) {
    if (!(actual(k) == expected(k))) {
      return ::testing::AssertionFailure() << "element " << k << " differs\nactual:\n"
                                           << Describe(actual) << "expected:\n"
                                           << Describe(expected);
    }
  }
  return ::testing::AssertionSuccess();
}

mat OnesLike(const ad::Tensor& t) {
  return arma::ones<mat>(t.rows(), t.cols());
}
mat OnesLike(const mat& m) {
  return arma::ones<mat>(m.n_rows, m.n_cols);
}

// A column vector (n x 1) from its elements.
mat Column(std::initializer_list<double> values) {
  const mat row(values);
  return row.t();
}

// Sample values: 3x1 columns and 1x3 rows, all positive (log and division
// are applied to them).
const mat kCol1 = Column({1.5, 2.0, 0.75});
const mat kCol2 = Column({0.5, 3.0, 1.25});
const mat kCol3 = Column({2.5, 0.25, 1.75});
const mat kCol4 = Column({1.125, 0.625, 4.0});
const mat kRow1 = mat{0.2, 0.7, 1.3};

// ---------------------------------------------------------------------------
// Identity and single operations
// ---------------------------------------------------------------------------

TEST(SeedBehaviour, IdentityScalarGradientIsOne) {
  ad::Tensor x = ad::variable(2.0);
  ad::Tensor y = x;
  y.backward();
  EXPECT_EQ(y.item(), 2.0);
  EXPECT_TRUE(MatEq(x.grad(), mat{1.0}));
}

TEST(SeedBehaviour, IdentityVectorGradientIsTheSeed) {
  ad::Tensor x = ad::variable(kCol1);
  x.backward(OnesLike(x));
  EXPECT_TRUE(MatEq(x.value(), kCol1));
  EXPECT_TRUE(MatEq(x.grad(), OnesLike(kCol1)));
}

TEST(SeedBehaviour, TensorPlusConstant) {
  ad::Tensor x = ad::variable(kCol1);
  ad::Tensor y = x + 3.0;
  y.backward(OnesLike(y));
  EXPECT_TRUE(MatEq(y.value(), kCol1 + 3.0));
  EXPECT_TRUE(MatEq(x.grad(), OnesLike(kCol1)));
}

TEST(SeedBehaviour, ConstantPlusTensor) {
  ad::Tensor x = ad::variable(kCol1);
  ad::Tensor y = 3.0 + x;
  y.backward(OnesLike(y));
  EXPECT_TRUE(MatEq(y.value(), 3.0 + kCol1));
  EXPECT_TRUE(MatEq(x.grad(), OnesLike(kCol1)));
}

TEST(SeedBehaviour, TensorPlusConstantTensor) {
  ad::Tensor x = ad::variable(kCol1);
  ad::Tensor c = ad::constant(kCol2);
  ad::Tensor y = x + c;
  y.backward(OnesLike(y));
  EXPECT_TRUE(MatEq(y.value(), kCol1 + kCol2));
  EXPECT_TRUE(MatEq(x.grad(), OnesLike(kCol1)));
  EXPECT_THROW(c.grad(), std::logic_error);
}

TEST(SeedBehaviour, TensorMinusConstant) {
  ad::Tensor x = ad::variable(kCol1);
  ad::Tensor y = x - 3.0;
  y.backward(OnesLike(y));
  EXPECT_TRUE(MatEq(y.value(), kCol1 - 3.0));
  EXPECT_TRUE(MatEq(x.grad(), OnesLike(kCol1)));
}

TEST(SeedBehaviour, ConstantMinusTensor) {
  ad::Tensor x = ad::variable(kCol1);
  ad::Tensor y = 3.0 - x;
  y.backward(OnesLike(y));
  EXPECT_TRUE(MatEq(y.value(), 3.0 - kCol1));
  EXPECT_TRUE(MatEq(x.grad(), -OnesLike(kCol1)));
}

TEST(SeedBehaviour, ConstantScalarMinusTensorScalar) {
  ad::Tensor x = ad::variable(2.0);
  ad::Tensor y = 5.0 - x;
  y.backward();
  EXPECT_EQ(y.item(), 3.0);
  EXPECT_EQ(x.grad()(0), -1.0);
}

TEST(SeedBehaviour, ConstantTensorMinusTensor) {
  ad::Tensor c = ad::constant(kCol2);
  ad::Tensor x = ad::variable(kCol1);
  ad::Tensor y = c - x;
  y.backward(OnesLike(y));
  EXPECT_TRUE(MatEq(y.value(), kCol2 - kCol1));
  EXPECT_TRUE(MatEq(x.grad(), -OnesLike(kCol1)));
}

TEST(SeedBehaviour, Negation) {
  ad::Tensor x = ad::variable(kCol1);
  ad::Tensor y = -x;
  y.backward(OnesLike(y));
  EXPECT_TRUE(MatEq(y.value(), -kCol1));
  EXPECT_TRUE(MatEq(x.grad(), -OnesLike(kCol1)));
}

TEST(SeedBehaviour, ConstantTimesTensor) {
  ad::Tensor x = ad::variable(kCol1);
  ad::Tensor y = 2.5 * x;
  y.backward(OnesLike(y));
  EXPECT_TRUE(MatEq(y.value(), 2.5 * kCol1));
  EXPECT_TRUE(MatEq(x.grad(), 2.5 * OnesLike(kCol1)));
}

TEST(SeedBehaviour, TensorTimesConstant) {
  ad::Tensor x = ad::variable(kCol1);
  ad::Tensor y = x * -1.75;
  y.backward(OnesLike(y));
  EXPECT_TRUE(MatEq(y.value(), kCol1 * -1.75));
  EXPECT_TRUE(MatEq(x.grad(), -1.75 * OnesLike(kCol1)));
}

TEST(SeedBehaviour, TensorDividedByConstant) {
  ad::Tensor x = ad::variable(kCol1);
  ad::Tensor y = x / 4.0;
  y.backward(OnesLike(y));
  EXPECT_TRUE(MatEq(y.value(), kCol1 / 4.0));
  EXPECT_TRUE(MatEq(x.grad(), 0.25 * OnesLike(kCol1)));
}

TEST(SeedBehaviour, TensorDividedByConstantThree) {
  // 1/3 is not exact in binary: the gradient must still be 1/3 to rounding.
  ad::Tensor x = ad::variable(kCol1);
  ad::Tensor y = x / 3.0;
  y.backward(OnesLike(y));
  EXPECT_TRUE(MatNear(y.value(), kCol1 / 3.0));
  EXPECT_TRUE(MatNear(x.grad(), OnesLike(kCol1) / 3.0));
}

TEST(SeedBehaviour, TensorDividedByTensor) {
  ad::Tensor x1 = ad::variable(kCol1);
  ad::Tensor x2 = ad::variable(kCol2);
  ad::Tensor y = x1 / x2;
  y.backward(OnesLike(y));
  EXPECT_TRUE(MatEq(y.value(), kCol1 / kCol2));
  // d(x1/x2)/dx1 = 1/x2, d(x1/x2)/dx2 = -x1/x2^2
  EXPECT_TRUE(MatNear(x1.grad(), 1.0 / kCol2));
  EXPECT_TRUE(MatNear(x2.grad(), -kCol1 / (kCol2 % kCol2)));
}

TEST(SeedBehaviour, TensorDividedByTensorScalar) {
  ad::Tensor x1 = ad::variable(3.0);
  ad::Tensor x2 = ad::variable(4.0);
  ad::Tensor y = x1 / x2;
  y.backward();
  EXPECT_EQ(y.item(), 0.75);
  EXPECT_EQ(x1.grad()(0), 0.25);
  EXPECT_EQ(x2.grad()(0), -3.0 / 16.0);
}

TEST(SeedBehaviour, ConstantDividedByTensor) {
  ad::Tensor x = ad::variable(kCol1);
  ad::Tensor y = 2.0 / x;
  y.backward(OnesLike(y));
  EXPECT_TRUE(MatEq(y.value(), 2.0 / kCol1));
  // d(c/x)/dx = -c/x^2
  EXPECT_TRUE(MatNear(x.grad(), -2.0 / (kCol1 % kCol1)));
}

TEST(SeedBehaviour, ConstantDividedByTensorScalar) {
  ad::Tensor x = ad::variable(4.0);
  ad::Tensor y = 1.0 / x;
  y.backward();
  EXPECT_EQ(y.item(), 0.25);
  EXPECT_EQ(x.grad()(0), -1.0 / 16.0);
}

TEST(SeedBehaviour, TensorPlusTensor) {
  ad::Tensor x1 = ad::variable(kCol1);
  ad::Tensor x2 = ad::variable(kCol2);
  ad::Tensor y = x1 + x2;
  y.backward(OnesLike(y));
  EXPECT_TRUE(MatEq(y.value(), kCol1 + kCol2));
  EXPECT_TRUE(MatEq(x1.grad(), OnesLike(kCol1)));
  EXPECT_TRUE(MatEq(x2.grad(), OnesLike(kCol2)));
}

TEST(SeedBehaviour, TensorTimesTensor) {
  ad::Tensor x1 = ad::variable(kCol1);
  ad::Tensor x2 = ad::variable(kCol2);
  ad::Tensor y = x1 * x2;
  y.backward(OnesLike(y));
  EXPECT_TRUE(MatEq(y.value(), kCol1 % kCol2));
  EXPECT_TRUE(MatEq(x1.grad(), kCol2));
  EXPECT_TRUE(MatEq(x2.grad(), kCol1));
}

TEST(SeedBehaviour, TensorTimesItself) {
  // The same leaf on both sides: both contributions add up to 2x.
  ad::Tensor x = ad::variable(kCol1);
  ad::Tensor y = x * x;
  y.backward(OnesLike(y));
  EXPECT_TRUE(MatEq(y.value(), kCol1 % kCol1));
  EXPECT_TRUE(MatEq(x.grad(), 2.0 * kCol1));
}

TEST(SeedBehaviour, NonUniformSeedScalesElementwiseGradients) {
  // With a seed other than ones each element's gradient is scaled by its own
  // seed element: d/dx1 = g % x2, d/dx2 = g % x1.
  ad::Tensor x1 = ad::variable(kRow1);
  ad::Tensor x2 = ad::variable(mat{1.5, -2.0, 0.5});
  const mat seed = mat{3.0, -1.0, 0.5};
  ad::Tensor y = x1 * x2;
  y.backward(seed);
  EXPECT_TRUE(MatNear(x1.grad(), seed % mat{1.5, -2.0, 0.5}));
  EXPECT_TRUE(MatNear(x2.grad(), seed % kRow1));
}

// ---------------------------------------------------------------------------
// Mixes: a leaf reached along several paths
// ---------------------------------------------------------------------------

TEST(SeedBehaviour, MixX1PlusX2X3X1Scalar) {
  ad::Tensor x1 = ad::variable(2.0);
  ad::Tensor x2 = ad::variable(3.0);
  ad::Tensor x3 = ad::variable(4.0);
  ad::Tensor y = x1 + x2 * x3 * x1;
  y.backward();
  EXPECT_EQ(y.item(), 2.0 + 3.0 * 4.0 * 2.0);
  EXPECT_EQ(x1.grad()(0), 1.0 + 3.0 * 4.0);  // 1 + x2 x3
  EXPECT_EQ(x2.grad()(0), 4.0 * 2.0);        // x3 x1
  EXPECT_EQ(x3.grad()(0), 3.0 * 2.0);        // x2 x1
}

TEST(SeedBehaviour, MixX1PlusX2X3X1Vector) {
  ad::Tensor x1 = ad::variable(kCol1);
  ad::Tensor x2 = ad::variable(kCol2);
  ad::Tensor x3 = ad::variable(kCol3);
  ad::Tensor y = x1 + x2 * x3 * x1;
  y.backward(OnesLike(y));
  EXPECT_TRUE(MatNear(y.value(), kCol1 + kCol2 % kCol3 % kCol1));
  EXPECT_TRUE(MatNear(x1.grad(), 1.0 + kCol2 % kCol3));
  EXPECT_TRUE(MatNear(x2.grad(), kCol3 % kCol1));
  EXPECT_TRUE(MatNear(x3.grad(), kCol2 % kCol1));
}

TEST(SeedBehaviour, MixX1PlusX2X3X4Scalar) {
  ad::Tensor x1 = ad::variable(2.0);
  ad::Tensor x2 = ad::variable(3.0);
  ad::Tensor x3 = ad::variable(4.0);
  ad::Tensor x4 = ad::variable(5.0);
  ad::Tensor y = x1 + x2 * x3 * x4;
  y.backward();
  EXPECT_EQ(y.item(), 62.0);
  EXPECT_EQ(x1.grad()(0), 1.0);
  EXPECT_EQ(x2.grad()(0), 20.0);  // x3 x4
  EXPECT_EQ(x3.grad()(0), 15.0);  // x2 x4
  EXPECT_EQ(x4.grad()(0), 12.0);  // x2 x3
}

TEST(SeedBehaviour, MixX1PlusX2X3X4Vector) {
  ad::Tensor x1 = ad::variable(kCol1);
  ad::Tensor x2 = ad::variable(kCol2);
  ad::Tensor x3 = ad::variable(kCol3);
  ad::Tensor x4 = ad::variable(kCol4);
  ad::Tensor y = x1 + x2 * x3 * x4;
  y.backward(OnesLike(y));
  EXPECT_TRUE(MatNear(y.value(), kCol1 + kCol2 % kCol3 % kCol4));
  EXPECT_TRUE(MatEq(x1.grad(), OnesLike(kCol1)));
  EXPECT_TRUE(MatNear(x2.grad(), kCol3 % kCol4));
  EXPECT_TRUE(MatNear(x3.grad(), kCol2 % kCol4));
  EXPECT_TRUE(MatNear(x4.grad(), kCol2 % kCol3));
}

TEST(SeedBehaviour, MixValueUsedTwiceScalar) {
  // z = x2^2 + x2 + x3 + 3, y = z^2 + x3
  // dy/dx2 = 2 z (2 x2 + 1), dy/dx3 = 2 z + 1
  ad::Tensor x2 = ad::variable(2.0);
  ad::Tensor x3 = ad::variable(3.0);
  ad::Tensor z = x2 * x2 + x2 + x3 + 3.0;
  ad::Tensor y = z * z + x3;
  y.backward();
  EXPECT_EQ(z.item(), 12.0);
  EXPECT_EQ(y.item(), 147.0);
  EXPECT_EQ(x2.grad()(0), 120.0);
  EXPECT_EQ(x3.grad()(0), 25.0);
  // An intermediate result keeps no gradient of its own.
  EXPECT_THROW(z.grad(), std::logic_error);
}

TEST(SeedBehaviour, MixValueUsedTwiceVector) {
  ad::Tensor x2 = ad::variable(kCol2);
  ad::Tensor x3 = ad::variable(kCol3);
  ad::Tensor z = x2 * x2 + x2 + x3 + 3.0;
  ad::Tensor y = z * z + x3;
  y.backward(OnesLike(y));
  const mat z_expected = kCol2 % kCol2 + kCol2 + kCol3 + 3.0;
  EXPECT_TRUE(MatNear(z.value(), z_expected));
  EXPECT_TRUE(MatNear(y.value(), z_expected % z_expected + kCol3));
  EXPECT_TRUE(MatNear(x2.grad(), 2.0 * z_expected % (2.0 * kCol2 + 1.0)));
  EXPECT_TRUE(MatNear(x3.grad(), 2.0 * z_expected + 1.0));
}

// ---------------------------------------------------------------------------
// Matrix product
// ---------------------------------------------------------------------------

const mat kA = mat{{1.0, 2.0}, {-0.5, 3.0}, {4.0, 0.25}};                  // 3x2
const mat kB = mat{{0.5, -1.0, 2.0}, {1.5, 0.75, -3.0}};                   // 2x3
const mat kG = mat{{1.0, -2.0, 0.5}, {3.0, 0.25, -1.0}, {2.0, 1.5, 4.0}};  // 3x3

TEST(SeedBehaviour, MatmulThreeByTwoTimesTwoByThree) {
  ad::Tensor a = ad::variable(kA);
  ad::Tensor b = ad::variable(kB);
  ad::Tensor c = ad::matmul(a, b);
  ASSERT_EQ(c.rows(), 3u);
  ASSERT_EQ(c.cols(), 3u);
  EXPECT_TRUE(MatNear(c.value(), kA * kB));
  const mat ones = arma::ones<mat>(3, 3);
  c.backward(ones);
  EXPECT_TRUE(MatNear(a.grad(), ones * kB.t()));  // 3x2
  EXPECT_TRUE(MatNear(b.grad(), kA.t() * ones));  // 2x3
}

TEST(SeedBehaviour, MatmulWithNonUniformSeed) {
  // A seed that is not all ones tells a transposition error from the right answer.
  ad::Tensor a = ad::variable(kA);
  ad::Tensor b = ad::variable(kB);
  ad::matmul(a, b).backward(kG);
  EXPECT_TRUE(MatNear(a.grad(), kG * kB.t()));
  EXPECT_TRUE(MatNear(b.grad(), kA.t() * kG));
}

TEST(SeedBehaviour, MatmulSummedToScalar) {
  // sum(A B) differentiates like the ones seed.
  ad::Tensor a = ad::variable(kA);
  ad::Tensor b = ad::variable(kB);
  ad::Tensor s = ad::sum(ad::matmul(a, b));
  s.backward();
  EXPECT_NEAR(s.item(), arma::accu(kA * kB), kTol);
  const mat ones = arma::ones<mat>(3, 3);
  EXPECT_TRUE(MatNear(a.grad(), ones * kB.t()));
  EXPECT_TRUE(MatNear(b.grad(), kA.t() * ones));
}

// ---------------------------------------------------------------------------
// log and exp
// ---------------------------------------------------------------------------

TEST(SeedBehaviour, LogScalar) {
  ad::Tensor x = ad::variable(2.0);
  ad::Tensor y = ad::log(x);
  y.backward();
  EXPECT_DOUBLE_EQ(y.item(), std::log(2.0));
  EXPECT_EQ(x.grad()(0), 0.5);
}

TEST(SeedBehaviour, LogVector) {
  ad::Tensor x = ad::variable(kCol1);
  ad::Tensor y = ad::log(x);
  y.backward(OnesLike(y));
  EXPECT_TRUE(MatNear(y.value(), arma::log(kCol1)));
  EXPECT_TRUE(MatNear(x.grad(), 1.0 / kCol1));
}

TEST(SeedBehaviour, LogOfProduct) {
  // log(x1 x2): d/dx1 = 1/x1, d/dx2 = 1/x2
  ad::Tensor x1 = ad::variable(kCol1);
  ad::Tensor x2 = ad::variable(kCol2);
  ad::Tensor y = ad::log(x1 * x2);
  y.backward(OnesLike(y));
  EXPECT_TRUE(MatNear(y.value(), arma::log(kCol1 % kCol2)));
  EXPECT_TRUE(MatNear(x1.grad(), 1.0 / kCol1));
  EXPECT_TRUE(MatNear(x2.grad(), 1.0 / kCol2));
}

TEST(SeedBehaviour, ExpScalar) {
  ad::Tensor x = ad::variable(1.5);
  ad::Tensor y = ad::exp(x);
  y.backward();
  EXPECT_DOUBLE_EQ(y.item(), std::exp(1.5));
  EXPECT_DOUBLE_EQ(x.grad()(0), std::exp(1.5));
}

TEST(SeedBehaviour, ExpVector) {
  ad::Tensor x = ad::variable(kRow1);
  ad::Tensor y = ad::exp(x);
  y.backward(OnesLike(y));
  EXPECT_TRUE(MatNear(y.value(), arma::exp(kRow1)));
  EXPECT_TRUE(MatNear(x.grad(), arma::exp(kRow1)));
}

TEST(SeedBehaviour, ExpOfLogOfProductPlusOne) {
  // exp(log(x1 x2) + 1) = e x1 x2: d/dx1 = e x2, d/dx2 = e x1
  ad::Tensor x1 = ad::variable(kCol1);
  ad::Tensor x2 = ad::variable(kCol2);
  ad::Tensor y = ad::exp(ad::log(x1 * x2) + 1.0);
  y.backward(OnesLike(y));
  const double e = std::exp(1.0);
  EXPECT_TRUE(MatNear(y.value(), e * (kCol1 % kCol2)));
  EXPECT_TRUE(MatNear(x1.grad(), e * kCol2));
  EXPECT_TRUE(MatNear(x2.grad(), e * kCol1));
}

// ---------------------------------------------------------------------------
// Reductions
// ---------------------------------------------------------------------------

TEST(SeedBehaviour, ReduceSumVector) {
  ad::Tensor x = ad::variable(kCol1);
  ad::Tensor y = ad::sum(x);
  ASSERT_EQ(y.size(), 1u);
  y.backward();
  EXPECT_EQ(y.item(), arma::accu(kCol1));
  EXPECT_TRUE(MatEq(x.grad(), OnesLike(kCol1)));
}

TEST(SeedBehaviour, ReduceSumMatrix) {
  ad::Tensor x = ad::variable(kB);
  ad::Tensor y = ad::sum(x);
  y.backward();
  EXPECT_NEAR(y.item(), arma::accu(kB), kTol);
  EXPECT_TRUE(MatEq(x.grad(), OnesLike(kB)));
}

TEST(SeedBehaviour, ExpOfSum) {
  // exp(sum(x)): every element's gradient is exp(sum(x))
  ad::Tensor x = ad::variable(kRow1);
  ad::Tensor y = ad::exp(ad::sum(x));
  y.backward();
  const double expected = std::exp(arma::accu(kRow1));
  EXPECT_NEAR(y.item(), expected, kTol);
  EXPECT_TRUE(MatNear(x.grad(), expected * OnesLike(kRow1)));
}

TEST(SeedBehaviour, LogOfSumAfterZeroGrad) {
  ad::Tensor x = ad::variable(kRow1);
  ad::exp(ad::sum(x)).backward();
  EXPECT_TRUE(MatNear(x.grad(), std::exp(arma::accu(kRow1)) * OnesLike(kRow1)));

  x.zero_grad();
  EXPECT_TRUE(MatEq(x.grad(), arma::zeros<mat>(1, 3)));

  // log(sum(x)): every element's gradient is 1/sum(x), with nothing left
  // over from the previous pass.
  ad::Tensor y = ad::log(ad::sum(x));
  y.backward();
  const double total = arma::accu(kRow1);
  EXPECT_NEAR(y.item(), std::log(total), kTol);
  EXPECT_TRUE(MatNear(x.grad(), OnesLike(kRow1) / total));
}

TEST(SeedBehaviour, MeanGradientIsOneOverN) {
  ad::Tensor x = ad::variable(mat{1.0, 2.0, 3.5, -0.5});
  ad::Tensor y = ad::mean(x);
  y.backward();
  EXPECT_EQ(y.item(), 1.5);
  EXPECT_TRUE(MatEq(x.grad(), arma::ones<mat>(1, 4) / 4.0));
}

TEST(SeedBehaviour, MeanGradientIsOneOverNForThreeElements) {
  ad::Tensor x = ad::variable(kCol1);
  ad::Tensor y = ad::mean(x);
  y.backward();
  EXPECT_NEAR(y.item(), arma::accu(kCol1) / 3.0, kTol);
  EXPECT_TRUE(MatNear(x.grad(), OnesLike(kCol1) / 3.0));
}

TEST(SeedBehaviour, MeanOfMatrix) {
  ad::Tensor x = ad::variable(kA);
  ad::Tensor y = ad::mean(x);
  y.backward();
  EXPECT_NEAR(y.item(), arma::accu(kA) / 6.0, kTol);
  EXPECT_TRUE(MatNear(x.grad(), OnesLike(kA) / 6.0));
}

// ---------------------------------------------------------------------------
// Sigmoid built from + / exp, and logistic regression
// ---------------------------------------------------------------------------

double Sigmoid(double z) {
  return 1.0 / (1.0 + std::exp(-z));
}

TEST(SeedBehaviour, SigmoidOfSumGradientIsSTimesOneMinusS) {
  ad::Tensor x = ad::variable(kRow1);
  ad::Tensor s = 1.0 / (1.0 + ad::exp(-ad::sum(x)));
  s.backward();
  const double expected = Sigmoid(arma::accu(kRow1));
  EXPECT_NEAR(s.item(), expected, kTol);
  EXPECT_TRUE(MatNear(x.grad(), expected * (1.0 - expected) * OnesLike(kRow1)));
}

TEST(SeedBehaviour, SigmoidOfSumNegativeArgument) {
  ad::Tensor x = ad::variable(Column({-1.0, 0.5, -2.25}));
  ad::Tensor s = 1.0 / (1.0 + ad::exp(-ad::sum(x)));
  s.backward();
  const double expected = Sigmoid(-2.75);
  EXPECT_NEAR(s.item(), expected, kTol);
  EXPECT_TRUE(MatNear(x.grad(), expected * (1.0 - expected) * arma::ones<mat>(3, 1)));
}

// Logistic regression sample: bias column first, as in the demo's rows.
const mat kSampleX = Column({1.0, 0.3, 0.8});
const mat kWeights = Column({0.5, -1.2, 2.0});

double Logit() {
  return arma::accu(kWeights % kSampleX);
}

ad::Tensor Logistic(const ad::Tensor& w, const ad::Tensor& x) {
  return 1.0 / (1.0 + ad::exp(-ad::sum(w * x)));
}

TEST(SeedBehaviour, LogisticGradientWithRespectToWeights) {
  // h = sigmoid(w . x): dh/dw = h (1 - h) x
  ad::Tensor w = ad::variable(kWeights);
  ad::Tensor x = ad::constant(kSampleX);
  ad::Tensor h = Logistic(w, x);
  h.backward();
  const double expected = Sigmoid(Logit());
  EXPECT_NEAR(h.item(), expected, kTol);
  EXPECT_TRUE(MatNear(w.grad(), expected * (1.0 - expected) * kSampleX));
  EXPECT_THROW(x.grad(), std::logic_error);
}

TEST(SeedBehaviour, LogisticGradientWithRespectToBothOperands) {
  // dh/dx = h (1 - h) w as well, when x is a variable too.
  ad::Tensor w = ad::variable(kWeights);
  ad::Tensor x = ad::variable(kSampleX);
  Logistic(w, x).backward();
  const double h = Sigmoid(Logit());
  EXPECT_TRUE(MatNear(w.grad(), h * (1.0 - h) * kSampleX));
  EXPECT_TRUE(MatNear(x.grad(), h * (1.0 - h) * kWeights));
}

TEST(SeedBehaviour, LogOfLogistic) {
  // log h: d/dw = (1 - h) x
  ad::Tensor w = ad::variable(kWeights);
  ad::Tensor x = ad::constant(kSampleX);
  ad::Tensor y = ad::log(Logistic(w, x));
  y.backward();
  const double h = Sigmoid(Logit());
  EXPECT_NEAR(y.item(), std::log(h), kTol);
  EXPECT_TRUE(MatNear(w.grad(), (1.0 - h) * kSampleX));
}

ad::Tensor LogLikelihood(const ad::Tensor& w, const ad::Tensor& x, double label) {
  ad::Tensor h = Logistic(w, x);
  return label * ad::log(h) + (1.0 - label) * ad::log(1.0 - h);
}

TEST(SeedBehaviour, LogisticLogLikelihoodPositiveLabel) {
  // y log h + (1 - y) log(1 - h): d/dw = (y - h) x
  ad::Tensor w = ad::variable(kWeights);
  ad::Tensor x = ad::constant(kSampleX);
  ad::Tensor ll = LogLikelihood(w, x, 1.0);
  ll.backward();
  const double h = Sigmoid(Logit());
  EXPECT_NEAR(ll.item(), std::log(h), kTol);
  EXPECT_TRUE(MatNear(w.grad(), (1.0 - h) * kSampleX));
}

TEST(SeedBehaviour, LogisticLogLikelihoodNegativeLabel) {
  ad::Tensor w = ad::variable(kWeights);
  ad::Tensor x = ad::constant(kSampleX);
  ad::Tensor ll = LogLikelihood(w, x, 0.0);
  ll.backward();
  const double h = Sigmoid(Logit());
  EXPECT_NEAR(ll.item(), std::log(1.0 - h), kTol);
  EXPECT_TRUE(MatNear(w.grad(), (0.0 - h) * kSampleX));
}

TEST(SeedBehaviour, LogisticLogLikelihoodWithWeightsAtOnes) {
  // The demo's starting point: w = ones, a sample [1, x1, x2] labelled 0.
  const mat x_value = Column({1.0, 0.6, 0.1});
  ad::Tensor w = ad::variable(arma::ones<mat>(3, 1));
  ad::Tensor x = ad::constant(x_value);
  ad::Tensor ll = LogLikelihood(w, x, 0.0);
  ll.backward();
  const double h = Sigmoid(1.7);
  EXPECT_NEAR(ll.item(), std::log(1.0 - h), kTol);
  EXPECT_TRUE(MatNear(w.grad(), (0.0 - h) * x_value));
}

TEST(SeedBehaviour, LogisticLogLikelihoodOverABatch) {
  // sum over rows of X of y log h + (1 - y) log(1 - h), h = sigmoid(X w):
  // d/dw = X^T (y - h)
  const mat xs = mat{{1.0, 0.3, 0.8}, {1.0, 0.9, 0.4}, {1.0, 0.1, 0.2}, {1.0, 0.55, 0.35}};
  const mat labels = Column({1.0, 1.0, 0.0, 0.0});
  ad::Tensor w = ad::variable(kWeights);
  ad::Tensor x = ad::constant(xs);
  ad::Tensor y = ad::constant(labels);
  ad::Tensor h = 1.0 / (1.0 + ad::exp(-ad::matmul(x, w)));
  ad::Tensor ll = ad::sum(y * ad::log(h) + (1.0 - y) * ad::log(1.0 - h));
  ll.backward();
  const mat h_expected = 1.0 / (1.0 + arma::exp(-(xs * kWeights)));
  EXPECT_TRUE(MatNear(h.value(), h_expected));
  EXPECT_NEAR(
      ll.item(),
      arma::accu(labels % arma::log(h_expected) + (1.0 - labels) % arma::log(1.0 - h_expected)),
      kTol);
  EXPECT_TRUE(MatNear(w.grad(), xs.t() * (labels - h_expected)));
}

// ---------------------------------------------------------------------------
// Gradient bookkeeping
// ---------------------------------------------------------------------------

TEST(SeedBehaviour, GradientsAccumulateAcrossBackwardCalls) {
  ad::Tensor x = ad::variable(3.0);
  (x * x).backward();
  EXPECT_EQ(x.grad()(0), 6.0);
  (x * x).backward();
  EXPECT_EQ(x.grad()(0), 12.0);
  (x * 2.0).backward();
  EXPECT_EQ(x.grad()(0), 14.0);
  x.zero_grad();
  EXPECT_EQ(x.grad()(0), 0.0);
  (x * x).backward();
  EXPECT_EQ(x.grad()(0), 6.0);
}

TEST(SeedBehaviour, GradientsAccumulateOverARetainedGraph) {
  ad::Tensor x = ad::variable(kCol1);
  ad::Tensor y = ad::sum(x * x);
  y.backward({.retain_graph = true});
  EXPECT_TRUE(MatNear(x.grad(), 2.0 * kCol1));
  y.backward();
  EXPECT_TRUE(MatNear(x.grad(), 4.0 * kCol1));
}

TEST(SeedBehaviour, ZeroGradResetsToZerosOfTheLeafShape) {
  ad::Tensor x = ad::variable(kA);
  EXPECT_TRUE(MatEq(x.grad(), arma::zeros<mat>(3, 2)));  // starts at zero
  ad::sum(x * 3.0).backward();
  EXPECT_TRUE(MatEq(x.grad(), 3.0 * OnesLike(kA)));
  x.zero_grad();
  EXPECT_TRUE(MatEq(x.grad(), arma::zeros<mat>(3, 2)));
}

TEST(SeedBehaviour, ConstantHasNoGradient) {
  ad::Tensor c = ad::constant(2.0);
  EXPECT_FALSE(c.requires_grad());
  EXPECT_THROW(c.grad(), std::logic_error);

  ad::Tensor x = ad::variable(5.0);
  ad::Tensor y = x * c;
  y.backward();
  EXPECT_EQ(x.grad()(0), 2.0);
  EXPECT_THROW(c.grad(), std::logic_error);

  ad::Tensor m = ad::constant(kA);
  EXPECT_THROW(m.grad(), std::logic_error);
}

TEST(SeedBehaviour, ValuesAndItem) {
  ad::Tensor x = ad::variable(kA);
  EXPECT_TRUE(MatEq(x.value(), kA));
  EXPECT_THROW(x.item(), std::invalid_argument);
  ad::Tensor s = ad::variable(-4.5);
  EXPECT_EQ(s.item(), -4.5);
  EXPECT_TRUE(MatEq(s.value(), mat{-4.5}));
}

// ---------------------------------------------------------------------------
// The article's figure: y = ln(x1) + x1 x2 - sin(x2) at (2, 5)
// ---------------------------------------------------------------------------

TEST(SeedFigure, ArticleValuesToThreeDecimals) {
  ad::Tensor x1 = ad::variable(2.0);
  ad::Tensor x2 = ad::variable(5.0);
  ad::Tensor y = ad::log(x1) + x1 * x2 - ad::sin(x2);
  y.backward();
  EXPECT_NEAR(y.item(), 11.652, 5e-4);
  EXPECT_NEAR(x1.grad()(0), 5.5, 5e-4);
  EXPECT_NEAR(x2.grad()(0), 1.716, 5e-4);
}

TEST(SeedFigure, ArticleValuesExactlyMatchClosedForms) {
  ad::Tensor x1 = ad::variable(2.0);
  ad::Tensor x2 = ad::variable(5.0);
  ad::Tensor y = ad::log(x1) + x1 * x2 - ad::sin(x2);
  y.backward();
  // Read the inputs back from the tensors so that the closed forms run the
  // same libm calls at run time as the library does.
  const double a = x1.item();
  const double b = x2.item();
  // Same operations in the same order: (ln a + a b) - sin b, 1/a + b, a - cos b.
  EXPECT_EQ(y.item(), std::log(a) + a * b - std::sin(b));
  EXPECT_EQ(x1.grad()(0), 1.0 / a + b);
  EXPECT_EQ(x1.grad()(0), 5.5);
  EXPECT_EQ(x2.grad()(0), a - std::cos(b));
  EXPECT_DOUBLE_EQ(y.item(), std::log(2.0) + 10.0 - std::sin(5.0));
  EXPECT_DOUBLE_EQ(x2.grad()(0), 2.0 - std::cos(5.0));
}

TEST(SeedFigure, ArticleFunctionOnVectors) {
  // The same function element-wise, at (2, 5) and two more points.
  const mat a = mat{2.0, 0.5, 3.0};
  const mat b = mat{5.0, -1.0, 0.25};
  ad::Tensor x1 = ad::variable(a);
  ad::Tensor x2 = ad::variable(b);
  ad::Tensor y = ad::log(x1) + x1 * x2 - ad::sin(x2);
  y.backward(OnesLike(y));
  EXPECT_TRUE(MatNear(y.value(), arma::log(a) + a % b - arma::sin(b)));
  EXPECT_TRUE(MatNear(x1.grad(), 1.0 / a + b));
  EXPECT_TRUE(MatNear(x2.grad(), a - arma::cos(b)));
}

}  // namespace
