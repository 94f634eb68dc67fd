// --plot-features: which two features span the scatter panel.
#include <gtest/gtest.h>

#include "adtrain/plot.hpp"

namespace adtrain::plot {
namespace {

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

}  // namespace
}  // namespace adtrain::plot
