// Pictures: adtrain --plot and adtrain plot, checked on the SVG they write,
// with xmllint and rsvg-convert, against the model in the report.
#include <gtest/gtest.h>

#include "support/adtrain_runner.hpp"
#include "support/svg_inspection.hpp"
#include "support/tables.hpp"

namespace adtrain::testing {
namespace {

using nlohmann::json;

// The model's logit for raw feature values (one per non-bias feature),
// computed from the report the way predict does: standardize, then x w.
double report_logit(const json& model, const std::vector<double>& x) {
  const auto weights = model["weights"].get<std::vector<double>>();
  const bool has_bias = !model["bias"].is_null();
  const std::size_t bias = has_bias ? model["bias"].get<std::size_t>() : weights.size();
  double logit = 0.0;
  std::size_t feature = 0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    if (i == bias) {
      logit += weights[i];
      continue;
    }
    double value = x.at(feature);
    if (!model["standardization"].is_null()) {
      value = (value - model["standardization"]["mean"][feature].get<double>()) /
              model["standardization"]["std"][feature].get<double>();
    }
    logit += weights[i] * value;
    ++feature;
  }
  return logit;
}

struct Segment {
  double x1, y1, x2, y2;
};

Segment boundary_in_data_units(const std::string& svg) {
  const std::vector<std::string> lines = elements_with_class(svg, "decision-boundary");
  if (lines.size() != 1) throw std::runtime_error("expected one boundary line");
  const std::string& line = lines.front();
  return {number_attribute(line, "data-x1"), number_attribute(line, "data-y1"),
          number_attribute(line, "data-x2"), number_attribute(line, "data-y2")};
}

void expect_one_line_error(const RunResult& r) {
  EXPECT_EQ(r.err.rfind("adtrain: error: ", 0), 0u) << r.err;
  EXPECT_EQ(count_of(r.err, "\n"), 1u) << r.err;
}

class Plot : public ::testing::Test {
 protected:
  ScratchFolder folder_;
};

TEST_F(Plot, SeedPictureHasEveryPointAndABoundaryOnTheModelsLine) {
  const std::string svg_path = folder_.file("seed.svg"), report_path = folder_.file("r.json");
  const RunResult r = run_adtrain({"--config", (source_root() / "configs/seed.toml").string(),
                                   "--quiet", "--plot", svg_path, "--report", report_path});
  ASSERT_EQ(r.exit_status, 0) << r.err;
  ASSERT_TRUE(is_well_formed_xml(svg_path));
  const std::string svg = read_text(svg_path);
  const json report = read_json(report_path);

  EXPECT_EQ(count_of(svg, "class=\"marker-0\""), report["data"]["class_counts"]["0"].get<size_t>());
  EXPECT_EQ(count_of(svg, "class=\"marker-1\""), report["data"]["class_counts"]["1"].get<size_t>());

  const Segment line = boundary_in_data_units(svg);
  EXPECT_NEAR(report_logit(report["model"], {line.x1, line.y1}), 0.0, 1e-6);
  EXPECT_NEAR(report_logit(report["model"], {line.x2, line.y2}), 0.0, 1e-6);

  // Each end lies on the visible box's edge, and the pixels agree with the
  // data coordinates through the axes' mapping.
  const std::string area = elements_with_class(svg, "plot-area").front();
  const double x_min = number_attribute(area, "data-x-min"),
               x_max = number_attribute(area, "data-x-max");
  const double y_min = number_attribute(area, "data-y-min"),
               y_max = number_attribute(area, "data-y-max");
  for (const auto& [x, y] : {std::pair{line.x1, line.y1}, std::pair{line.x2, line.y2}}) {
    EXPECT_TRUE(x == x_min || x == x_max || y == y_min || y == y_max) << x << "," << y;
  }
  const double left = number_attribute(area, "x"), top = number_attribute(area, "y");
  const double width = number_attribute(area, "width"), height = number_attribute(area, "height");
  const std::string tag = elements_with_class(svg, "decision-boundary").front();
  EXPECT_NEAR(number_attribute(tag, "x1"), left + (line.x1 - x_min) / (x_max - x_min) * width,
              0.01);
  EXPECT_NEAR(number_attribute(tag, "y1"), top + (y_max - line.y1) / (y_max - y_min) * height,
              0.01);
  EXPECT_NEAR(number_attribute(tag, "x2"), left + (line.x2 - x_min) / (x_max - x_min) * width,
              0.01);
  EXPECT_NEAR(number_attribute(tag, "y2"), top + (y_max - line.y2) / (y_max - y_min) * height,
              0.01);

  EXPECT_NE(
      caption_text(svg).find("Training data: 100 points; accuracy 0.9800 (98 of 100 correct)."),
      std::string::npos);
}

// The picture README.md shows: still a valid drawing of the seed's 100 points.
TEST_F(Plot, CommittedSeedPictureIsWellFormed) {
  const std::string path = (source_root() / "data/seed_2d.svg").string();
  ASSERT_TRUE(is_well_formed_xml(path));
  const std::string svg = read_text(path);
  EXPECT_EQ(count_of(svg, "class=\"marker-0\"") + count_of(svg, "class=\"marker-1\""), 100u);
  EXPECT_EQ(elements_with_class(svg, "decision-boundary").size(), 1u);
}

// The README's command redraws that picture to the byte: the pictures of
// one process do not change unnoticed.
TEST_F(Plot, SeedConfigRedrawsTheCommittedPictureByteForByte) {
  const std::string svg_path = folder_.file("seed.svg");
  const RunResult r = run_adtrain(
      {"--config", (source_root() / "configs/seed.toml").string(), "--quiet", "--plot", svg_path});
  ASSERT_EQ(r.exit_status, 0) << r.err;
  EXPECT_TRUE(read_text(svg_path) == read_text((source_root() / "data/seed_2d.svg").string()));
}

TEST_F(Plot, StandardizedModelIsDrawnInOriginalUnitsWithOtherFeaturesAtTheirMean) {
  const std::string data = folder_.write("three.csv", three_feature_csv(300));
  const std::string svg_path = folder_.file("p.svg"), report_path = folder_.file("r.json");
  const RunResult r =
      run_adtrain({"--data", data, "--standardize", "--epochs", "200", "--lr", "0.5", "--quiet",
                   "--plot", svg_path, "--plot-features", "c,a", "--report", report_path});
  ASSERT_EQ(r.exit_status, 0) << r.err;
  ASSERT_TRUE(is_well_formed_xml(svg_path));
  const std::string svg = read_text(svg_path);
  const json model = read_json(report_path)["model"];
  // With --standardize the report holds the training means; b is held there.
  const double b_mean = model["standardization"]["mean"][1].get<double>();

  const Segment line = boundary_in_data_units(svg);  // x is c, y is a
  EXPECT_NEAR(report_logit(model, {line.y1, b_mean, line.x1}), 0.0, 1e-6);
  EXPECT_NEAR(report_logit(model, {line.y2, b_mean, line.x2}), 0.0, 1e-6);
  // Original units: a runs from -50 to 10, which standardized values never reach.
  const std::string area = elements_with_class(svg, "plot-area").front();
  EXPECT_LT(number_attribute(area, "data-y-min"), -45.0);
  EXPECT_GT(number_attribute(area, "data-y-max"), 5.0);
  EXPECT_NE(caption_text(svg).find("To draw the boundary, b is held at their training mean."),
            std::string::npos);
  EXPECT_NE(svg.find(">c</text>"), std::string::npos) << "x axis title";
}

TEST_F(Plot, HostileFeatureNamesAreEscaped) {
  const std::string data = folder_.write(
      "hostile.csv",
      "\"a<b\",\"c&d\",\"say \"\"hi\"\" 'x'\",y\n1,2,3,0\n2,1,0,0\n4,5,6,1\n6,4,5,1\n0.5,3,1,0\n");
  const std::string svg_path = folder_.file("p.svg");
  const RunResult r = run_adtrain({"--data", data, "--epochs", "20", "--quiet", "--plot", svg_path,
                                   "--plot-features", "c&d,a<b"});
  ASSERT_EQ(r.exit_status, 0) << r.err;
  ASSERT_TRUE(is_well_formed_xml(svg_path));
  const std::string svg = read_text(svg_path);
  EXPECT_NE(svg.find(">c&amp;d</text>"), std::string::npos);
  EXPECT_NE(svg.find(">a&lt;b</text>"), std::string::npos);
  EXPECT_NE(svg.find("say &quot;hi&quot; &apos;x&apos;"), std::string::npos);
  EXPECT_NE(caption_text(svg).find("say \"hi\" 'x' is held at"), std::string::npos);
  EXPECT_EQ(svg.find("a<b"), std::string::npos);
  EXPECT_EQ(svg.find("c&d"), std::string::npos);
}

TEST_F(Plot, RendersToAPngOfThePicturesSize) {
  const std::string svg_path = folder_.file("p.svg"), report_path = folder_.file("r.json");
  ASSERT_EQ(run_adtrain({"--epochs", "30", "--quiet", "--plot", svg_path, "--report", report_path})
                .exit_status,
            0);
  const auto size = render_png(svg_path, folder_.file("p.png"));
  ASSERT_TRUE(size) << "rsvg-convert failed";
  EXPECT_EQ(*size, (std::pair<unsigned, unsigned>{1200, 640}));
  EXPECT_GT(read_text(folder_.file("p.png")).size(), 10'000u) << "a real picture, not a blank";

  // The report alone gives the curves panel only: half as wide.
  const std::string curves_path = folder_.file("curves.svg");
  ASSERT_EQ(run_adtrain({"plot", "--report", report_path, "--out", curves_path}).exit_status, 0);
  const auto curves_size = render_png(curves_path, folder_.file("curves.png"));
  ASSERT_TRUE(curves_size);
  EXPECT_EQ(*curves_size, (std::pair<unsigned, unsigned>{600, 640}));
}

TEST_F(Plot, MoreThanFiveThousandPointsAreSampledEvenly) {
  const std::string data = folder_.file("big.csv"), svg_path = folder_.file("p.svg");
  ASSERT_EQ(run_adtrain({"generate", "--rows", "6000", "--seed", "2", "--out", data}).exit_status,
            0);
  const RunResult r = run_adtrain({"--data", data, "--epochs", "1", "--quiet", "--plot", svg_path});
  ASSERT_EQ(r.exit_status, 0) << r.err;
  const std::string svg = read_text(svg_path);
  EXPECT_EQ(count_of(svg, "class=\"marker-0\"") + count_of(svg, "class=\"marker-1\""), 5000u);
  EXPECT_NE(caption_text(svg).find("Showing 5,000 of 6,000 points, sampled evenly."),
            std::string::npos);
  EXPECT_TRUE(is_well_formed_xml(svg_path));
}

TEST_F(Plot, PlotCommandRedrawsTheTrainingPictureFromReportAndData) {
  const std::string data = folder_.write("three.csv", three_feature_csv(120));
  const std::string trained = folder_.file("trained.svg"), report = folder_.file("r.json");
  ASSERT_EQ(run_adtrain({"--data", data, "--epochs", "50", "--quiet", "--plot", trained, "--report",
                         report})
                .exit_status,
            0);
  const std::string redrawn = folder_.file("redrawn.svg");
  const RunResult r = run_adtrain({"plot", "--report", report, "--data", data, "--out", redrawn});
  ASSERT_EQ(r.exit_status, 0) << r.err;
  EXPECT_NE(r.out.find("wrote the picture to " + redrawn), std::string::npos) << r.out;
  const std::string first = read_text(trained), second = read_text(redrawn);
  EXPECT_EQ(count_of(second, "class=\"marker-0\""), count_of(first, "class=\"marker-0\""));
  EXPECT_EQ(count_of(second, "class=\"marker-1\""), count_of(first, "class=\"marker-1\""));
  // Same model, same points, c held at the same mean: the same line.
  EXPECT_EQ(elements_with_class(second, "decision-boundary"),
            elements_with_class(first, "decision-boundary"));
  EXPECT_EQ(count_of(second, "data-curve=\"loss\""), 1u);
}

TEST_F(Plot, ReportAloneDrawsTheCurvesWithValidation) {
  const std::string report = folder_.file("r.json"), svg_path = folder_.file("c.svg");
  ASSERT_EQ(
      run_adtrain({"--epochs", "20", "--validation-split", "0.25", "--quiet", "--report", report})
          .exit_status,
      0);
  const RunResult r = run_adtrain({"plot", "--report", report, "--out", svg_path});
  ASSERT_EQ(r.exit_status, 0) << r.err;
  ASSERT_TRUE(is_well_formed_xml(svg_path));
  const std::string svg = read_text(svg_path);
  EXPECT_EQ(svg.find("marker-"), std::string::npos);
  for (const char* curve : {"loss", "validation loss", "accuracy", "validation accuracy"}) {
    EXPECT_EQ(count_of(svg, "data-curve=\"" + std::string(curve) + "\""), 1u) << curve;
  }
  const double accuracy = read_json(report)["final"]["train"]["accuracy"];
  char expected[64];
  std::snprintf(expected, sizeof expected, "training accuracy %.4f", accuracy);
  EXPECT_NE(caption_text(svg).find(expected), std::string::npos);
}

TEST_F(Plot, BoundaryOutsideThePointsIsLeftOutAndTheCaptionSaysSo) {
  const std::string data = folder_.file("d.csv"), report = folder_.file("r.json");
  ASSERT_EQ(run_adtrain({"generate", "--rows", "50", "--out", data}).exit_status, 0);
  ASSERT_EQ(
      run_adtrain({"--data", data, "--epochs", "5", "--quiet", "--report", report}).exit_status, 0);
  json edited = read_json(report);
  edited["model"]["weights"] = {100.0, 1.0, 1.0};  // x1 + x2 = -100, far from [0, 1)^2
  const std::string moved = folder_.write("moved.json", edited.dump());
  const std::string svg_path = folder_.file("p.svg");
  const RunResult r = run_adtrain({"plot", "--report", moved, "--data", data, "--out", svg_path});
  ASSERT_EQ(r.exit_status, 0) << r.err;
  const std::string svg = read_text(svg_path);
  EXPECT_TRUE(elements_with_class(svg, "decision-boundary").empty());
  EXPECT_NE(caption_text(svg).find(
                "The decision boundary lies outside the plotted area: the model predicts y = "
                "1 everywhere shown."),
            std::string::npos);
  EXPECT_NE(svg.find("accuracy"), std::string::npos);
}

TEST_F(Plot, DataWithOnlyOneClassIsDrawn) {
  const std::string data = folder_.file("d.csv"), report = folder_.file("r.json");
  ASSERT_EQ(run_adtrain({"generate", "--rows", "40", "--out", data}).exit_status, 0);
  ASSERT_EQ(run_adtrain({"--data", data, "--quiet", "--report", report}).exit_status, 0);
  const std::string ones = folder_.write("ones.csv", "x1,x2,y\n0.9,0.8,1\n0.7,0.6,1\n0.95,0.2,1\n");
  const std::string svg_path = folder_.file("p.svg");
  const RunResult r = run_adtrain({"plot", "--report", report, "--data", ones, "--out", svg_path});
  ASSERT_EQ(r.exit_status, 0) << r.err;
  const std::string svg = read_text(svg_path);
  EXPECT_EQ(count_of(svg, "class=\"marker-0\""), 0u);
  EXPECT_EQ(count_of(svg, "class=\"marker-1\""), 3u);
  EXPECT_NE(svg.find("y = 0 (0)"), std::string::npos);
}

TEST_F(Plot, OneEpochAndADivergedRunStillGetPictures) {
  const std::string one = folder_.file("one.svg");
  ASSERT_EQ(run_adtrain({"--epochs", "1", "--quiet", "--plot", one}).exit_status, 0);
  EXPECT_TRUE(is_well_formed_xml(one));
  EXPECT_EQ(count_of(read_text(one), "data-curve=\"loss\""), 1u);

  const std::string diverged = folder_.file("diverged.svg");
  const RunResult r = run_adtrain({"--lr", "10", "--l2", "10", "--init", "ones", "--epochs", "300",
                                   "--quiet", "--plot", diverged});
  ASSERT_EQ(r.exit_status, 1) << r.err;
  ASSERT_TRUE(is_well_formed_xml(diverged));
  EXPECT_NE(caption_text(read_text(diverged)).find("(training diverged)"), std::string::npos);
}

TEST_F(Plot, ConfigFileCanAskForAPicture) {
  const std::string config =
      folder_.write("c.toml", "epochs = 3\nquiet = true\nplot = \"p.svg\"\n");
  const RunResult r = run_adtrain({"--config", config}, folder_.path());
  ASSERT_EQ(r.exit_status, 0) << r.err;
  EXPECT_TRUE(is_well_formed_xml(folder_.file("p.svg")));
}

TEST_F(Plot, UnwritablePictureFailsBeforeTraining) {
  const RunResult r = run_adtrain({"--epochs", "100000", "--plot", folder_.file("missing/p.svg")});
  EXPECT_EQ(r.exit_status, 73);
  EXPECT_TRUE(r.out.empty()) << "no epoch was trained";
  expect_one_line_error(r);
}

TEST_F(Plot, UnknownPlotFeatureFailsBeforeTraining) {
  const RunResult r = run_adtrain(
      {"--epochs", "100000", "--plot", folder_.file("p.svg"), "--plot-features", "x1,nope"});
  EXPECT_EQ(r.exit_status, 64);
  EXPECT_TRUE(r.out.empty()) << "no epoch was trained";
  EXPECT_NE(r.err.find("'nope'"), std::string::npos) << r.err;
  expect_one_line_error(r);
  EXPECT_FALSE(std::filesystem::exists(folder_.file("p.svg")));
}

TEST_F(Plot, PlotFeaturesNeedSomethingToPlot) {
  const RunResult train = run_adtrain({"--plot-features", "x1,x2"});
  EXPECT_EQ(train.exit_status, 64);
  expect_one_line_error(train);
  const RunResult same = run_adtrain({"--plot", folder_.file("p.svg"), "--plot-features", "x1,x1"});
  EXPECT_EQ(same.exit_status, 64);
  expect_one_line_error(same);
}

TEST_F(Plot, PlotCommandErrorsUseTheUsualStatuses) {
  const std::string data = folder_.file("d.csv"), report = folder_.file("r.json");
  ASSERT_EQ(run_adtrain({"generate", "--rows", "20", "--out", data}).exit_status, 0);
  ASSERT_EQ(run_adtrain({"--data", data, "--quiet", "--report", report}).exit_status, 0);
  const std::string out = folder_.file("p.svg");
  const std::string broken = folder_.write("broken.json", "{\"schema_version\": 1, \"epochs\": ");
  const std::string other = folder_.write("other.csv", "a,b,y\n0.1,0.2,0\n0.9,0.8,1\n");

  const std::vector<std::pair<std::vector<std::string>, int>> cases = {
      {{"plot", "--report", folder_.file("none.json"), "--out", out}, 66},
      {{"plot", "--report", broken, "--out", out}, 65},
      {{"plot", "--report", report, "--data", other, "--out", out}, 65},
      {{"plot", "--report", report, "--data", folder_.file("none.csv"), "--out", out}, 66},
      {{"plot", "--report", report, "--out", folder_.file("missing/p.svg")}, 73},
      {{"plot", "--report", report}, 64},
      {{"plot", "--report", report, "--plot-features", "x1,x2", "--out", out}, 64},
      {{"plot", "--report", report, "--data", data, "--plot-features", "x2,zz", "--out", out}, 64},
  };
  for (const auto& [args, status] : cases) {
    const RunResult r = run_adtrain(args);
    EXPECT_EQ(r.exit_status, status) << args.back() << ": " << r.err;
    expect_one_line_error(r);
  }
  EXPECT_FALSE(std::filesystem::exists(out)) << "no failed run wrote a picture";
}

TEST_F(Plot, FailedRunLeavesAnExistingPictureUntouched) {
  const std::string picture = folder_.write("p.svg", "old picture");
  const RunResult r =
      run_adtrain({"--data", folder_.file("none.csv"), "--quiet", "--plot", picture});
  EXPECT_EQ(r.exit_status, 66);
  EXPECT_EQ(read_text(picture), "old picture");
}

}  // namespace
}  // namespace adtrain::testing
