// The whole picture (app/plot/src/picture.cpp) through adtrain/plot.hpp: the
// choice of the plane (--plot-features), the title, what the caption says of
// the model, and the panels there are.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "adtrain/plot.hpp"
#include "picture_fixture.hpp"
#include "support/svg_inspection.hpp"

namespace adtrain::plot {
namespace {

using picture_fixture::Fixture;
using picture_fixture::model;
using picture_fixture::points;
using picture_fixture::ten_labels;
using picture_fixture::ten_points;

// ---- Choosing the plane -------------------------------------------------------------------------

const std::vector<std::string> features{"x1", "x2", "x3"};

TEST(PlotPlaneChoice, DefaultsToTheFirstTwoFeatures) {
  EXPECT_EQ(choose_plane(features, {}), (std::array<std::size_t, 2>{0, 1}));
}

TEST(PlotPlaneChoice, RequestedNamesInTheOrderGiven) {
  EXPECT_EQ(choose_plane(features, {"x3", "x1"}), (std::array<std::size_t, 2>{2, 0}));
}

TEST(PlotPlaneChoice, OneFeatureHasNoPlane) {
  EXPECT_FALSE(choose_plane({"x1"}, {}).has_value());
}

TEST(PlotPlaneChoice, BadRequestsSayWhatIsWrong) {
  const auto message = [](const std::vector<std::string>& requested) {
    try {
      choose_plane(features, requested);
    } catch (const PlotError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(message({"x1"}).find("exactly two"), std::string::npos) << message({"x1"});
  EXPECT_NE(message({"x1", "x2", "x3"}).find("exactly two"), std::string::npos);
  EXPECT_NE(message({"x2", "x2"}).find("twice"), std::string::npos);
  const std::string unknown = message({"x1", "nope"});
  EXPECT_NE(unknown.find("'nope'"), std::string::npos) << unknown;
  EXPECT_NE(unknown.find("x1,x2,x3"), std::string::npos) << unknown;
}

// ---- The picture --------------------------------------------------------------------------------

TEST(PlotPicture, TitleNamesTheData) {
  EXPECT_EQ(picture_title("generated"),
            "Logistic regression trained by adtrain on the generated data set");
  EXPECT_EQ(picture_title("data/a.csv"), "Logistic regression trained by adtrain on data/a.csv");
  EXPECT_EQ(picture_title("-"), "Logistic regression trained by adtrain on standard input");
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

}  // namespace
}  // namespace adtrain::plot
