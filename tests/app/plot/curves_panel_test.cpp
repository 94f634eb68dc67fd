// The curves panel (app/plot/src/curves_panel.cpp), as the picture draws it:
// loss and accuracy per epoch, validation curves dashed.
#include <gtest/gtest.h>

#include <limits>
#include <string>
#include <vector>

#include "picture_fixture.hpp"
#include "support/svg_inspection.hpp"

namespace adtrain::plot {
namespace {

using picture_fixture::epochs;
using picture_fixture::Fixture;
using picture_fixture::model;
using picture_fixture::points;
using picture_fixture::ten_labels;
using picture_fixture::ten_points;

// ---- The panel in a picture ---------------------------------------------------------------------

TEST(PlotPicture, OneEpochIsDrawnAsDots) {
  Fixture fixture(points(ten_points, ten_labels), model(-1, 1, 1));
  fixture.history = epochs({0.693});
  fixture.request.epochs = fixture.history;
  const std::string svg = fixture.draw();
  EXPECT_EQ(testing::count_of(svg, "data-curve=\"loss\""), 1u);
  EXPECT_EQ(testing::count_of(svg, "<circle cx="), 2u)
      << "one dot for the loss, one for the accuracy";
  EXPECT_NE(svg.find(">1</text>"), std::string::npos) << "the epoch tick";
}

TEST(PlotPicture, FlatLossStillGetsALossAxis) {
  Fixture fixture(points(ten_points, ten_labels), model(-1, 1, 1));
  fixture.history = epochs(std::vector<double>(50, 0.693));
  fixture.request.epochs = fixture.history;
  const std::string svg = fixture.draw();
  EXPECT_EQ(testing::count_of(svg, "data-curve=\"loss\""), 1u);
  EXPECT_NE(svg.find(">0.6</text>"), std::string::npos);
}

TEST(PlotPicture, NonFiniteLossesAreLeftOutAndNamed) {
  Fixture fixture(points(ten_points, ten_labels), model(-1, 1, 1));
  fixture.history = epochs({0.7, 0.6, std::numeric_limits<double>::infinity()});
  fixture.request.epochs = fixture.history;
  const std::string svg = fixture.draw();
  EXPECT_NE(
      testing::caption_text(svg).find("The loss is not finite from epoch 3 (training diverged)"),
      std::string::npos);
}

TEST(PlotPicture, ValidationCurvesAreDashedAndInTheLegend) {
  Fixture fixture(points(ten_points, ten_labels), model(-1, 1, 1));
  for (ml::EpochRecord& r : fixture.history) {
    r.validation_loss = r.loss + 0.05;
    r.validation_accuracy = r.accuracy - 0.05;
  }
  fixture.request.final_training_accuracy = 0.9;
  fixture.request.final_validation_accuracy = 0.85;
  const std::string svg = fixture.draw();
  EXPECT_EQ(testing::count_of(svg, "data-curve=\"validation loss\""), 1u);
  EXPECT_EQ(testing::count_of(svg, "data-curve=\"validation accuracy\""), 1u);
  EXPECT_NE(svg.find(">validation loss</text>"), std::string::npos);
  EXPECT_NE(
      testing::caption_text(svg).find("training accuracy 0.9000, validation accuracy 0.8500."),
      std::string::npos);
}

}  // namespace
}  // namespace adtrain::plot
