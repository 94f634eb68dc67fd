// adtrain predict: applies a saved report to data.
#include <gtest/gtest.h>

#include <cstdio>
#include <sstream>
#include <utility>
#include <vector>

#include "support/adtrain_runner.hpp"

namespace adtrain::testing {
namespace {

std::string fmt_accuracy(double accuracy) {
  char text[32];
  std::snprintf(text, sizeof text, "accuracy %.4f", accuracy);
  return text;
}

class Predict : public ::testing::Test {
 protected:
  void SetUp() override {
    data_ = folder_.file("data.csv");
    ASSERT_EQ(run_adtrain({"generate", "--rows", "150", "--seed", "4", "--out", data_}).exit_status,
              0);
    model_ = folder_.file("model.json");
    const RunResult r = run_adtrain({"--data", data_, "--epochs", "200", "--lr", "0.5",
                                     "--standardize", "--quiet", "--report", model_});
    ASSERT_EQ(r.exit_status, 0) << r.err;
  }
  ScratchFolder folder_;
  std::string data_, model_;
};

TEST_F(Predict, OnTheTrainingFileReproducesTheReportedAccuracy) {
  const std::string out = folder_.file("predictions.csv");
  const RunResult r = run_adtrain({"predict", "--model", model_, "--data", data_, "--out", out});
  ASSERT_EQ(r.exit_status, 0) << r.err;
  const auto report = read_json(model_);
  const double accuracy = report["final"]["train"]["accuracy"];
  const int correct = report["final"]["train"]["correct"];
  EXPECT_NE(r.out.find(fmt_accuracy(accuracy)), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(std::to_string(correct) + " of 150 correct"), std::string::npos) << r.out;

  std::istringstream csv(read_text(out));
  std::string line;
  std::getline(csv, line);
  EXPECT_EQ(line, "row,probability,predicted");
  int rows = 0, predicted_positive = 0;
  while (std::getline(csv, line)) {
    ++rows;
    const auto first = line.find(','), second = line.rfind(',');
    EXPECT_EQ(line.substr(0, first), std::to_string(rows));
    const double p = std::stod(line.substr(first + 1, second - first - 1));
    const std::string label = line.substr(second + 1);
    EXPECT_EQ(label, p >= 0.5 ? "1" : "0") << line;
    predicted_positive += label == "1";
  }
  EXPECT_EQ(rows, 150);
  const auto& confusion = report["final"]["train"]["confusion"];
  EXPECT_EQ(predicted_positive, confusion[0][1].get<int>() + confusion[1][1].get<int>());
}

TEST_F(Predict, WithoutOutWritesCsvToStdoutAndAccuracyToStderr) {
  const RunResult r = run_adtrain({"predict", "--model", model_, "--data", data_});
  ASSERT_EQ(r.exit_status, 0) << r.err;
  EXPECT_EQ(r.out.rfind("row,probability,predicted\n", 0), 0u);
  EXPECT_NE(r.err.find("accuracy"), std::string::npos);
  EXPECT_EQ(r.out.find("accuracy"), std::string::npos);
}

TEST_F(Predict, FileWithoutTheLabelColumnStillGetsPredictions) {
  const std::string unlabeled = folder_.write("unlabeled.csv", "x1,x2\n0.9,0.9\n0.05,0.1\n");
  const RunResult r = run_adtrain({"predict", "--model", model_, "--data", unlabeled});
  ASSERT_EQ(r.exit_status, 0) << r.err;
  EXPECT_NE(r.out.find("\n1,"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(",1\n2,"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.substr(r.out.size() - 2), "0\n") << r.out;
  EXPECT_EQ(r.err.find("accuracy"), std::string::npos);
}

TEST_F(Predict, FileHoldingOneClassUsesTheModelsClasses) {
  const std::string positives = folder_.write("positives.csv", "x1,x2,y\n0.9,0.9,1\n0.8,0.7,1\n");
  const RunResult r = run_adtrain({"predict", "--model", model_, "--data", positives});
  ASSERT_EQ(r.exit_status, 0) << r.err;
  EXPECT_NE(r.err.find("accuracy 1.0000 (2 of 2 correct)"), std::string::npos) << r.err;
  const std::string unknown = folder_.write("unknown.csv", "x1,x2,y\n0.9,0.9,1\n0.1,0.2,maybe\n");
  const RunResult bad = run_adtrain({"predict", "--model", model_, "--data", unknown});
  EXPECT_EQ(bad.exit_status, 65) << bad.err;
  EXPECT_NE(bad.err.find("maybe"), std::string::npos) << bad.err;
}

// schema_version is the major version: another one may mean other things
// by the same fields, so predict and plot refuse it and say which is which.
TEST_F(Predict, AnotherMajorSchemaVersionIsRefusedWith65NamingBothVersions) {
  const std::vector<std::pair<nlohmann::json, std::string>> cases = {
      {2, "report schema_version 2 is newer than this adtrain reads (1)"},
      {99, "report schema_version 99 is newer than this adtrain reads (1)"},
      {0, "report schema_version 0 is older than this adtrain reads (1)"},
      {-3, "report schema_version -3 is older than this adtrain reads (1)"},
      {"1.1", "schema_version must be a whole number (found \"1.1\")"},
      {1.0, "schema_version must be a whole number (found 1.0)"},
  };
  for (const auto& [version, message] : cases) {
    auto report = read_json(model_);
    report["schema_version"] = version;
    const std::string other = folder_.write("other.json", report.dump());
    const RunResult r = run_adtrain({"predict", "--model", other, "--data", data_});
    EXPECT_EQ(r.exit_status, 65) << version;
    EXPECT_EQ(r.err.rfind("adtrain: error: " + other + ": ", 0), 0u) << r.err;
    EXPECT_NE(r.err.find(message), std::string::npos) << r.err;
    const RunResult plot =
        run_adtrain({"plot", "--report", other, "--out", folder_.file("other.svg")});
    EXPECT_EQ(plot.exit_status, 65) << version;
    EXPECT_NE(plot.err.find(message), std::string::npos) << plot.err;
  }
}

// Within a major version fields may be added: a reader looks up the fields
// it knows and ignores the rest.
TEST_F(Predict, FieldsAddedWithinTheSchemaVersionAreIgnored) {
  const RunResult before = run_adtrain({"predict", "--model", model_, "--data", data_});
  ASSERT_EQ(before.exit_status, 0) << before.err;
  auto report = read_json(model_);
  report["final"]["train"]["roc_auc"] = 0.99;
  report["model"]["calibration"] = nullptr;
  report["a_later_section"] = {{"x", 1}};
  const std::string later = folder_.write("later.json", report.dump());
  const RunResult after = run_adtrain({"predict", "--model", later, "--data", data_});
  EXPECT_EQ(after.exit_status, 0) << after.err;
  EXPECT_EQ(after.out, before.out);
}

TEST_F(Predict, PrintsTheScoreMetricsWithTheAccuracy) {
  const RunResult r = run_adtrain({"predict", "--model", model_, "--data", data_});
  ASSERT_EQ(r.exit_status, 0) << r.err;
  for (const char* name : {"log-loss ", "ROC AUC ", "average precision ", "Brier score "}) {
    EXPECT_NE(r.err.find(name), std::string::npos) << r.err;
  }
  EXPECT_EQ(r.err.find("undefined"), std::string::npos) << r.err;
  // One class: no ranking to measure.
  const std::string ones = folder_.write("ones.csv", "x1,x2,y\n0.9,0.9,1\n0.8,0.7,1\n");
  const RunResult one = run_adtrain({"predict", "--model", model_, "--data", ones});
  ASSERT_EQ(one.exit_status, 0) << one.err;
  EXPECT_NE(one.err.find("ROC AUC undefined"), std::string::npos) << one.err;
}

TEST_F(Predict, LogitsBeyondItsArithmeticLeaveTheMetricsUndefinedNotAnError) {
  // +inf - inf: a NaN logit ranks nowhere.
  const std::string huge = folder_.write("huge.csv", "x1,x2,y\n1e308,-1e308,1\n0.1,0.2,0\n");
  const RunResult r = run_adtrain({"predict", "--model", model_, "--data", huge});
  EXPECT_EQ(r.exit_status, 0) << r.err;
  EXPECT_NE(r.err.find("ROC AUC undefined"), std::string::npos) << r.err;
}

TEST_F(Predict, IdAndKeepCopyColumnsQuotedAsRfc4180Says) {
  const std::string extra = folder_.write(
      "extra.csv",
      "id,x1,x2,note,y\n\"a,1\",0.9,0.9,\"he said \"\"yes\"\"\",1\nb2,0.05,0.1,plain,0\n");
  const RunResult r = run_adtrain(
      {"predict", "--model", model_, "--data", extra, "--id", "id", "--keep", "note,x1"});
  ASSERT_EQ(r.exit_status, 0) << r.err;
  std::istringstream csv(r.out);
  std::string line;
  std::getline(csv, line);
  EXPECT_EQ(line, "id,row,probability,predicted,note,x1");
  std::getline(csv, line);
  EXPECT_EQ(line.rfind("\"a,1\",1,", 0), 0u) << line;
  EXPECT_EQ(line.substr(line.size() - 24), ",1,\"he said \"\"yes\"\"\",0.9") << line;
  std::getline(csv, line);
  EXPECT_EQ(line.rfind("b2,2,", 0), 0u) << line;
  EXPECT_EQ(line.substr(line.size() - 13), ",0,plain,0.05") << line;
}

TEST_F(Predict, ThresholdOverridesTheModels) {
  const std::string out = folder_.file("t.csv");
  const RunResult r = run_adtrain(
      {"predict", "--model", model_, "--data", data_, "--threshold", "0.9", "--out", out});
  ASSERT_EQ(r.exit_status, 0) << r.err;
  std::istringstream csv(read_text(out));
  std::string line;
  std::getline(csv, line);
  int above_half = 0, positive = 0;
  while (std::getline(csv, line)) {
    const auto first = line.find(','), second = line.rfind(',');
    const double p = std::stod(line.substr(first + 1, second - first - 1));
    const std::string label = line.substr(second + 1);
    EXPECT_EQ(label, p >= 0.9 ? "1" : "0") << line;
    above_half += p >= 0.5 && p < 0.9;
    positive += label == "1";
  }
  EXPECT_GT(above_half, 0);  // rows the default threshold would have called positive
  EXPECT_GT(positive, 0);
  for (const char* bad : {"0", "1", "1.5", "nan"}) {
    const RunResult refused =
        run_adtrain({"predict", "--model", model_, "--data", data_, "--threshold", bad});
    EXPECT_EQ(refused.exit_status, 64) << bad << ": " << refused.err;
  }
}

TEST_F(Predict, UnknownCopiedColumnIsAUsageErrorNamingIt) {
  const RunResult keep =
      run_adtrain({"predict", "--model", model_, "--data", data_, "--keep", "x1,nope"});
  EXPECT_EQ(keep.exit_status, 64) << keep.err;
  EXPECT_NE(keep.err.find("--keep"), std::string::npos) << keep.err;
  EXPECT_NE(keep.err.find("no column named 'nope'"), std::string::npos) << keep.err;
  const RunResult id = run_adtrain({"predict", "--model", model_, "--data", data_, "--id", "key"});
  EXPECT_EQ(id.exit_status, 64) << id.err;
  EXPECT_NE(id.err.find("--id"), std::string::npos) << id.err;
  EXPECT_NE(id.err.find("'key'"), std::string::npos) << id.err;
}

TEST_F(Predict, FeatureNamesThatDoNotMatchAreRefusedWith65) {
  const std::string other = folder_.write("other.csv", "a,b,y\n0.1,0.2,0\n0.9,0.8,1\n");
  const RunResult r = run_adtrain({"predict", "--model", model_, "--data", other});
  EXPECT_EQ(r.exit_status, 65) << r.err;
  EXPECT_NE(r.err.find("x1"), std::string::npos) << r.err;
}

TEST_F(Predict, MissingOrBrokenModel) {
  EXPECT_EQ(
      run_adtrain({"predict", "--model", folder_.file("none.json"), "--data", data_}).exit_status,
      66);
  const std::string broken = folder_.write("broken.json", "{\"schema_version\": 1, \"model\": ");
  const RunResult r = run_adtrain({"predict", "--model", broken, "--data", data_});
  EXPECT_EQ(r.exit_status, 65);
  EXPECT_NE(r.err.find("not a usable adtrain model"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace adtrain::testing
