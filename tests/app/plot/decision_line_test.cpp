// The boundary in original units: folding bias and standardization away
// must not move it.
#include <gtest/gtest.h>

#include "plot_internal.hpp"

namespace adtrain::plot {
namespace {

ml::LogisticModel standardized_model() {
  ml::LogisticModel model;
  model.feature_names = {"a", "b", "c"};
  model.weights = {-2.5, 4.0, 1.25};
  model.bias = 0.7;
  ml::Standardization s;
  s.mean = {-20.0, 0.0005, 5.0};
  s.std = {15.0, 0.0015, 2.0};
  model.standardization = s;
  return model;
}

double model_logit(const ml::LogisticModel& model, const std::vector<double>& x) {
  return model.logits(arma::rowvec(x))(0);
}

TEST(PlotDecisionLine, PointsOnTheLineInAPlaneHaveLogitZeroWithTheOthersHeld) {
  const ml::LogisticModel model = standardized_model();
  const std::vector<double> held{-20.0, 0.0005, 5.0};
  // The plane of a (x) and c (y); b held at 0.0005.
  const Line line = boundary_in_plane(model.logit_in_original_units(), 0, 2, held);
  for (double a : {-60.0, -20.0, 0.0, 13.0}) {
    const double c = -(line.a * a + line.c) / line.b;
    EXPECT_NEAR(model_logit(model, {a, held[1], c}), 0.0, 1e-9) << a;
  }
}

}  // namespace
}  // namespace adtrain::plot
