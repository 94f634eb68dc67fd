// The whole picture from plain inputs: every edge case the issue lists.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "adtrain/plot.hpp"
#include "support/svg_inspection.hpp"

namespace adtrain::plot {
namespace {

std::size_t count(const std::string& text, const std::string& needle) {
  std::size_t found = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1))
    ++found;
  return found;
}

ml::Dataset points(const arma::mat& features, const arma::vec& labels,
                   std::vector<std::string> names = {"x1", "x2"}) {
  ml::Dataset data;
  data.features = features;
  data.labels = labels;
  data.feature_names = std::move(names);
  return data;
}

// A model over x1, x2 with the bias first: logit = w0 + w1 x1 + w2 x2.
ml::LogisticModel model(double w0, double w1, double w2) {
  ml::LogisticModel m;
  m.feature_names = {"x1", "x2"};
  m.weights = {w1, w2};
  m.bias = w0;
  return m;
}

std::vector<ml::EpochRecord> epochs(const std::vector<double>& losses) {
  std::vector<ml::EpochRecord> records;
  for (std::size_t i = 0; i < losses.size(); ++i) {
    ml::EpochRecord r;
    r.epoch = i + 1;
    r.loss = losses[i];
    r.accuracy = 0.5 + 0.4 * static_cast<double>(i) / static_cast<double>(losses.size());
    records.push_back(r);
  }
  return records;
}

struct Fixture {
  ml::Dataset data;
  std::vector<ml::EpochRecord> history = epochs({0.69, 0.5, 0.4});
  PictureRequest request;

  Fixture(const ml::Dataset& d, const ml::LogisticModel& m) : data(d) {
    request.title = picture_title("generated");
    request.model = m;
    ScatterRequest scatter;
    scatter.data = &data;
    scatter.held_at = std::vector<double>(data.feature_names.size(), 0.0);
    scatter.held_at_description = "their training mean";
    scatter.description = "Training data";
    scatter.metrics.total = data.rows();
    request.scatter = scatter;
    request.epochs = history;
  }
  std::string draw() const {
    const std::string svg = draw_picture(request);
    // Nothing unplaceable may reach an attribute.
    EXPECT_EQ(svg.find("nan"), std::string::npos);
    EXPECT_EQ(svg.find("inf\""), std::string::npos);
    return svg;
  }
};

const arma::mat ten_points = {{0.1, 0.2}, {0.3, 0.1}, {0.2, 0.4}, {0.05, 0.3}, {0.4, 0.2},
                              {0.9, 0.8}, {0.7, 0.9}, {0.8, 0.6}, {0.6, 0.7},  {0.95, 0.5}};
const arma::vec ten_labels = {0, 0, 0, 0, 0, 1, 1, 1, 1, 1};

TEST(PlotPicture, OneMarkerPerPointAndClass) {
  arma::vec labels = ten_labels;
  labels(0) = 1;  // 4 of class 0, 6 of class 1
  const std::string svg = Fixture(points(ten_points, labels), model(-1, 1, 1)).draw();
  EXPECT_EQ(count(svg, "class=\"marker-0\""), 4u);
  EXPECT_EQ(count(svg, "class=\"marker-1\""), 6u);
  EXPECT_EQ(count(svg, "<circle class=\"marker-0\""), 4u) << "class 0 are circles";
  EXPECT_EQ(count(svg, "<path class=\"marker-1\""), 6u) << "class 1 are triangles";
  EXPECT_NE(svg.find("y = 0 (4)"), std::string::npos);
  EXPECT_NE(svg.find("y = 1 (6)"), std::string::npos);
  EXPECT_EQ(count(svg, "class=\"decision-boundary\""), 1u);
}

TEST(PlotPicture, BeyondFiveThousandPointsTheyAreSampledAndTheCaptionSaysSo) {
  const arma::mat many = arma::randu<arma::mat>(6000, 2);
  arma::vec labels(6000);
  for (arma::uword i = 0; i < 6000; ++i) labels(i) = many(i, 0) + many(i, 1) >= 1.0;
  const std::string svg = Fixture(points(many, labels), model(-1, 1, 1)).draw();
  EXPECT_EQ(count(svg, "class=\"marker-0\"") + count(svg, "class=\"marker-1\""), 5000u);
  EXPECT_NE(testing::caption_text(svg).find("Showing 5,000 of 6,000 points, sampled evenly."),
            std::string::npos);
  // The legend counts every point, not only those drawn.
  const auto positives = static_cast<std::size_t>(arma::accu(labels));
  EXPECT_NE(svg.find("y = 1 (" + std::to_string(positives).insert(1, ",") + ")"),
            std::string::npos);
}

TEST(PlotPicture, UpToTheLimitNothingIsSaidAboutSampling) {
  const std::string svg = Fixture(points(ten_points, ten_labels), model(-1, 1, 1)).draw();
  EXPECT_EQ(testing::caption_text(svg).find("sampled"), std::string::npos);
}

TEST(PlotPicture, BoundaryOutsideTheBoxIsNotDrawnAndTheCaptionSaysWhere) {
  // x1 + x2 = -100: far below and left of the points; logit > 0 everywhere shown.
  const std::string svg = Fixture(points(ten_points, ten_labels), model(100, 1, 1)).draw();
  EXPECT_EQ(svg.find("decision-boundary"), std::string::npos);
  EXPECT_EQ(svg.find("decision boundary (p = 0.5)"), std::string::npos) << "no legend entry";
  EXPECT_NE(testing::caption_text(svg).find(
                "The decision boundary lies outside the plotted area: the model predicts "
                "y = 1 everywhere shown."),
            std::string::npos);
}

TEST(PlotPicture, ZeroWeightsInThePlaneMeanNoBoundary) {
  const std::string svg = Fixture(points(ten_points, ten_labels), model(-2, 0, 0)).draw();
  EXPECT_EQ(svg.find("decision-boundary"), std::string::npos);
  EXPECT_NE(testing::caption_text(svg).find(
                "No decision boundary in this plane (the model's weights for x1 and x2 "
                "are 0): the model predicts y = 0 everywhere shown."),
            std::string::npos);
}

TEST(PlotPicture, AllPointsOfOneClass) {
  const arma::vec ones(10, arma::fill::ones);
  const std::string svg = Fixture(points(ten_points, ones), model(-1, 1, 1)).draw();
  EXPECT_EQ(count(svg, "class=\"marker-0\""), 0u);
  EXPECT_EQ(count(svg, "class=\"marker-1\""), 10u);
  EXPECT_NE(svg.find("y = 0 (0)"), std::string::npos) << "both classes stay in the legend";
}

TEST(PlotPicture, IdenticalZeroAndNegativeCoordinatesStillGetAxes) {
  arma::mat flat(4, 2, arma::fill::zeros);
  flat.col(1) = arma::vec{-3.0, -1.0, -2.0, -5.0};
  const std::string svg = Fixture(points(flat, {0, 1, 0, 1}), model(0, 1, 1)).draw();
  EXPECT_EQ(count(svg, "class=\"marker-"), 4u);
  EXPECT_NE(svg.find(">-4<"), std::string::npos) << "negative tick labels";
}

TEST(PlotPicture, OtherFeaturesAreHeldAndTheCaptionNamesThem) {
  arma::mat three = arma::join_rows(ten_points, arma::vec(10, arma::fill::value(2.0)));
  ml::LogisticModel m;
  m.feature_names = {"x1", "x2", "x3"};
  m.weights = {1, 1, 0.5};
  m.bias = -1;
  Fixture fixture(points(three, ten_labels, {"x1", "x2", "x3"}), m);
  fixture.request.scatter->held_at = {0.0, 0.0, 2.0};
  const std::string svg = fixture.draw();
  EXPECT_NE(
      testing::caption_text(svg).find("To draw the boundary, x3 is held at their training mean."),
      std::string::npos);
}

TEST(PlotPicture, StandardizedModelsSayTheUnitsAreTheData) {
  ml::LogisticModel m = model(0, 1, 1);
  ml::Standardization s;
  s.mean = {0.5, 0.5};
  s.std = {0.25, 0.25};
  m.standardization = s;
  const std::string svg = Fixture(points(ten_points, ten_labels), m).draw();
  EXPECT_NE(testing::caption_text(svg).find("Drawn in the data's own units"), std::string::npos);
}

TEST(PlotPicture, OneEpochIsDrawnAsDots) {
  Fixture fixture(points(ten_points, ten_labels), model(-1, 1, 1));
  fixture.history = epochs({0.693});
  fixture.request.epochs = fixture.history;
  const std::string svg = fixture.draw();
  EXPECT_EQ(count(svg, "data-curve=\"loss\""), 1u);
  EXPECT_EQ(count(svg, "<circle cx="), 2u) << "one dot for the loss, one for the accuracy";
  EXPECT_NE(svg.find(">1</text>"), std::string::npos) << "the epoch tick";
}

TEST(PlotPicture, FlatLossStillGetsALossAxis) {
  Fixture fixture(points(ten_points, ten_labels), model(-1, 1, 1));
  fixture.history = epochs(std::vector<double>(50, 0.693));
  fixture.request.epochs = fixture.history;
  const std::string svg = fixture.draw();
  EXPECT_EQ(count(svg, "data-curve=\"loss\""), 1u);
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
  EXPECT_EQ(count(svg, "data-curve=\"validation loss\""), 1u);
  EXPECT_EQ(count(svg, "data-curve=\"validation accuracy\""), 1u);
  EXPECT_NE(svg.find(">validation loss</text>"), std::string::npos);
  EXPECT_NE(
      testing::caption_text(svg).find("training accuracy 0.9000, validation accuracy 0.8500."),
      std::string::npos);
}

TEST(PlotPicture, WithoutPointsTheCurvesStandAloneOrBesideANote) {
  Fixture fixture(points(ten_points, ten_labels), model(-1, 1, 1));
  fixture.request.scatter.reset();
  const std::string curves_only = fixture.draw();
  EXPECT_NE(curves_only.find("width=\"600\" height=\"640\""), std::string::npos);
  EXPECT_EQ(curves_only.find("marker-"), std::string::npos);

  fixture.request.missing_scatter_note = "No scatter panel: one feature.";
  const std::string with_note = fixture.draw();
  EXPECT_NE(with_note.find("width=\"1200\" height=\"640\""), std::string::npos);
  EXPECT_NE(with_note.find("No scatter panel: one feature."), std::string::npos);
}

TEST(PlotPicture, CoordinatesTooLargeToPlaceAreAnError) {
  const arma::mat huge = {{-1.7e308, 0.0}, {1.7e308, 1.0}};
  Fixture fixture(points(huge, {0, 1}), model(0, 1, 1));
  EXPECT_THROW(fixture.draw(), PlotError);
}

TEST(PlotPicture, TitleNamesTheData) {
  EXPECT_EQ(picture_title("generated"),
            "Logistic regression trained by adtrain on the generated data set");
  EXPECT_EQ(picture_title("data/a.csv"), "Logistic regression trained by adtrain on data/a.csv");
  EXPECT_EQ(picture_title("-"), "Logistic regression trained by adtrain on standard input");
}

}  // namespace
}  // namespace adtrain::plot
