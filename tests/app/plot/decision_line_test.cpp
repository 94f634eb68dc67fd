// The boundary in original units: folding bias and standardization away
// must not move it.
#include <gtest/gtest.h>

#include <random>

#include "adtrain/plot/decision_line.hpp"

namespace adtrain::plot {
namespace {

// The logit the way the model computes it: standardize, then x w with the bias.
double model_logit(const PictureModel& model, const std::vector<double>& x) {
  double logit = 0.0;
  std::size_t feature = 0;
  for (arma::uword i = 0; i < model.weights.n_elem; ++i) {
    if (model.bias_index && i == *model.bias_index) {
      logit += model.weights(i);
      continue;
    }
    double value = x[feature];
    if (model.standardization) {
      value = (value - model.standardization->mean(feature)) / model.standardization->std(feature);
    }
    logit += model.weights(i) * value;
    ++feature;
  }
  return logit;
}

PictureModel standardized_model() {
  PictureModel model;
  model.feature_names = {"bias", "a", "b", "c"};
  model.weights = {0.7, -2.5, 4.0, 1.25};
  model.bias_index = 0;
  ml::Standardization s;
  s.mean = {-20.0, 0.0005, 5.0};
  s.std = {15.0, 0.0015, 2.0};
  model.standardization = s;
  return model;
}

TEST(PlotDecisionLine, DataFeatureNamesLeaveOutTheBias) {
  EXPECT_EQ(standardized_model().data_feature_names(), (std::vector<std::string>{"a", "b", "c"}));
}

TEST(PlotDecisionLine, AffineLogitAgreesWithTheModelEverywhere) {
  const PictureModel model = standardized_model();
  const AffineLogit logit = logit_in_original_units(model);
  ASSERT_EQ(logit.coefficients.size(), 3u);
  std::mt19937_64 random(3);
  std::normal_distribution<double> a(-20, 15), b(0.0005, 0.0015), c(5, 2);
  for (int trial = 0; trial < 1000; ++trial) {
    const std::vector<double> x{a(random), b(random), c(random)};
    double affine = logit.intercept;
    for (std::size_t j = 0; j < 3; ++j) affine += logit.coefficients[j] * x[j];
    ASSERT_NEAR(affine, model_logit(model, x), 1e-9);
  }
}

TEST(PlotDecisionLine, WithoutBiasOrStandardizationTheWeightsAreTheCoefficients) {
  PictureModel model;
  model.feature_names = {"x1", "x2"};
  model.weights = {3.0, -1.0};
  const AffineLogit logit = logit_in_original_units(model);
  EXPECT_EQ(logit.intercept, 0.0);
  EXPECT_EQ(logit.coefficients, (std::vector<double>{3.0, -1.0}));
}

TEST(PlotDecisionLine, PointsOnTheLineInAPlaneHaveLogitZeroWithTheOthersHeld) {
  const PictureModel model = standardized_model();
  const std::vector<double> held{-20.0, 0.0005, 5.0};
  // The plane of a (x) and c (y); b held at 0.0005.
  const Line line = boundary_in_plane(logit_in_original_units(model), 0, 2, held);
  for (double a : {-60.0, -20.0, 0.0, 13.0}) {
    const double c = -(line.a * a + line.c) / line.b;
    EXPECT_NEAR(model_logit(model, {a, held[1], c}), 0.0, 1e-9) << a;
  }
}

}  // namespace
}  // namespace adtrain::plot
