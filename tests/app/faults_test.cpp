// The faults users meet: closed or full standard streams, a reader that goes
// away, and option values that used to be misread or silently ignored.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "support/adtrain_runner.hpp"

namespace adtrain::testing {
namespace {

TEST(Faults, ErrorsKeepTheirStatusWhenStandardErrorCannotBeWritten) {
  EXPECT_EQ(run_in_bash("$ADTRAIN --lr -1 2>/dev/full"), 64);
  EXPECT_EQ(run_in_bash("$ADTRAIN --lr -1 2>&-"), 64);
  EXPECT_EQ(run_in_bash("$ADTRAIN --data /nonexistent 2>/dev/full"), 66);
  EXPECT_EQ(run_in_bash("$ADTRAIN --data /nonexistent 2>&- >&-"), 66);
}

TEST(Faults, PredictionsThatCannotBeWrittenAreAnError) {
  ScratchFolder folder;
  const std::string data = folder.file("d.csv"), model = folder.file("m.json");
  ASSERT_EQ(run_adtrain({"generate", "--rows", "20", "--out", data}).exit_status, 0);
  ASSERT_EQ(run_adtrain({"--data", data, "--quiet", "--report", model}).exit_status, 0);
  const std::string predict = "$ADTRAIN predict --model " + model + " --data " + data;
  EXPECT_EQ(run_in_bash(predict + " >/dev/full 2>/dev/null"), 73);
  EXPECT_EQ(run_in_bash(predict + " >&- 2>/dev/null"), 73);
  EXPECT_EQ(run_in_bash(predict + " >/dev/null 2>/dev/null"), 0);
}

TEST(Faults, AReaderThatGoesAwayDoesNotLoseTheReport) {
  ScratchFolder folder;
  const std::string report = folder.file("r.json");
  const int status = run_in_bash("$ADTRAIN --epochs 3000 --report " + report +
                                 " | head -2 >/dev/null; exit ${PIPESTATUS[0]}");
  EXPECT_EQ(status, 0);
  ASSERT_TRUE(std::filesystem::exists(report));
  EXPECT_EQ(read_json(report)["epochs"].size(), 3000u);
}

TEST(Faults, AFullStandardOutputIsReportedOnceAndTrainingStillSucceeds) {
  ScratchFolder folder;
  const std::string report = folder.file("r.json"), err = folder.file("err.txt");
  EXPECT_EQ(run_in_bash("$ADTRAIN --epochs 5 --l2 0.1 --report " + report + " >/dev/full 2>" + err),
            0);
  EXPECT_TRUE(std::filesystem::exists(report));
  EXPECT_NE(read_text(err).find("could not be written to standard output"), std::string::npos)
      << read_text(err);
}

TEST(Faults, IntegersAreDecimalAndInRange) {
  ScratchFolder folder;
  const RunResult r = run_adtrain(
      {"--epochs", "010", "--seed", "08", "--quiet", "--report", folder.file("r.json")});
  ASSERT_EQ(r.exit_status, 0) << r.err;
  const auto report = read_json(folder.file("r.json"));
  EXPECT_EQ(report["config"]["epochs"], 10);
  EXPECT_EQ(report["config"]["seed"], 8);
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"--epochs", "0x10"},
           {"--epochs", "0"},
           {"--batch-size", "-1"},
           {"--seed", "-1"},
           {"--seed", "18446744073709551616"},
           {"--seed", ""},
           {"--batch-size", ""},
           {"--epochs", "1e3"},
           {"--threads", "2000"},
           {"generate", "--rows", "0x5", "--out", folder.file("g.csv")},
       }) {
    const RunResult bad = run_adtrain(args);
    EXPECT_EQ(bad.exit_status, 64) << args[0] << " " << args[1] << ": " << bad.err;
    EXPECT_NE(bad.err.find("must be a whole number"), std::string::npos) << bad.err;
  }
}

TEST(Faults, NumbersAreFiniteAndMessagesSayWhatWasExpected) {
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"--lr", "nan"},
           {"--lr", "inf"},
           {"--l2", "nan"},
           {"--momentum", "nan"},
           {"--tol", "nan"},
           {"--validation-split", "nan"},
           {"--validation-split", "1"},
           {"--lr", "0.1abc"},
       }) {
    const RunResult bad = run_adtrain(args);
    EXPECT_EQ(bad.exit_status, 64) << args[0] << " " << args[1] << ": " << bad.err;
    EXPECT_NE(bad.err.find(args[0] + ": must"), std::string::npos) << bad.err;
    EXPECT_NE(bad.err.find(args[1]), std::string::npos) << bad.err;
  }
  EXPECT_NE(run_adtrain({"--lr", "0.1abc"}).err.find("must be a number, got '0.1abc'"),
            std::string::npos);
  // A subnormal learning rate is tiny but legal.
  EXPECT_EQ(run_adtrain({"--lr", "1e-320", "--epochs", "1", "--quiet"}).exit_status, 0);
  ScratchFolder folder;
  const std::string config = folder.write("nan.toml", "lr = nan\n");
  EXPECT_EQ(run_adtrain({"--config", config}).exit_status, 64);
}

TEST(Faults, EmptyPathsAreRefused) {
  ScratchFolder folder;
  const std::string data = folder.file("d.csv"), model = folder.file("m.json");
  ASSERT_EQ(run_adtrain({"generate", "--rows", "20", "--out", data}).exit_status, 0);
  ASSERT_EQ(run_adtrain({"--data", data, "--quiet", "--report", model}).exit_status, 0);
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"--data", ""},
           {"--test", ""},
           {"--config", ""},
           {"--report", ""},
           {"--plot", ""},
           {"predict", "--model", model, "--data", data, "--out", ""},
           {"predict", "--model", "", "--data", data},
           {"generate", "--rows", "5", "--out", ""},
           {"plot", "--report", model, "--data", "", "--out", folder.file("p.svg")},
       }) {
    const RunResult bad = run_adtrain(args);
    EXPECT_EQ(bad.exit_status, 64) << args[0] << ": " << bad.err;
    EXPECT_NE(bad.err.find("empty path"), std::string::npos) << bad.err;
  }
}

TEST(Faults, WeightsThatOverflowAreADivergenceWithUnmeasuredValuesNull) {
  ScratchFolder folder;
  const RunResult r =
      run_adtrain({"--lr", "1e308", "--epochs", "1", "--quiet", "--report", folder.file("r.json")});
  EXPECT_EQ(r.exit_status, 1) << r.err;
  EXPECT_NE(r.err.find("training diverged at epoch 1"), std::string::npos) << r.err;
  EXPECT_EQ(read_json(folder.file("r.json"))["status"], "diverged");

  const RunResult step =
      run_adtrain({"--optimizer", "momentum", "--lr", "1e308", "--batch-size", "1", "--epochs", "3",
                   "--quiet", "--report", folder.file("s.json")});
  EXPECT_EQ(step.exit_status, 1) << step.err;
  EXPECT_NE(step.err.find("a step made the weights infinite or NaN"), std::string::npos)
      << step.err;
  const auto report = read_json(folder.file("s.json"));
  const auto& last = report["epochs"].back();
  EXPECT_TRUE(last["loss"].is_null());
  EXPECT_TRUE(last["accuracy"].is_null());
  EXPECT_TRUE(last["grad_norm"].is_null());
  for (const auto& w : report["model"]["weights"]) EXPECT_TRUE(w.is_number()) << w;
  // The picture of a diverged run still draws from such a report.
  EXPECT_EQ(run_adtrain({"plot", "--report", folder.file("s.json"), "--out", folder.file("s.svg")})
                .exit_status,
            0);
}

TEST(Faults, FeaturesWithNearlyEqualValuesAreDrawnAndTheRunEnds) {
  ScratchFolder folder;
  for (const char* values : {"0.3,0.30000000000000004", "1,1.0000000000000002"}) {
    const std::string low = std::string(values).substr(0, std::string(values).find(','));
    const std::string high = std::string(values).substr(std::string(values).find(',') + 1);
    const std::string data = folder.write(
        "fp.csv", "a,b,y\n" + low + ",1,0\n" + high + ",2,1\n" + low + ",3,1\n" + low + ",0.5,0\n");
    const RunResult r = run_adtrain({"--data", data, "--quiet", "--plot", folder.file("fp.svg"),
                                     "--report", folder.file("fp.json")});
    ASSERT_EQ(r.exit_status, 0) << r.err;
    EXPECT_NE(read_text(folder.file("fp.svg")).find("</svg>"), std::string::npos);
    const RunResult later = run_adtrain({"plot", "--report", folder.file("fp.json"), "--data", data,
                                         "--out", folder.file("later.svg")});
    EXPECT_EQ(later.exit_status, 0) << later.err;
  }
}

TEST(Faults, TheReportOfAVeryLongRunStaysSmall) {
  ScratchFolder folder;
  const RunResult r = run_adtrain({"--generate", "2", "--epochs", "100000", "--lr", "0.1",
                                   "--quiet", "--report", folder.file("r.json")});
  ASSERT_EQ(r.exit_status, 0) << r.err;
  const auto report = read_json(folder.file("r.json"));
  EXPECT_LE(report["epochs"].size(), 10001u);
  EXPECT_EQ(report["epochs"].back()["epoch"], 100000);
  EXPECT_EQ(report["optimization"]["iterations"], 100000);
  EXPECT_EQ(report["optimization"]["epochs_kept"], report["epochs"].size());
  EXPECT_EQ(report["optimization"]["epochs_stride"], 16);
}

TEST(Faults, StandardizingHugeFeaturesGivesFiniteStatistics) {
  ScratchFolder folder;
  const std::string data =
      folder.write("big.csv", "a,y\n1e300,0\n2e300,1\n3e300,1\n-1e300,0\n1.5e300,0\n");
  const RunResult r =
      run_adtrain({"--data", data, "--standardize", "--quiet", "--report", folder.file("r.json")});
  ASSERT_EQ(r.exit_status, 0) << r.err;
  const auto report = read_json(folder.file("r.json"));
  EXPECT_TRUE(report["model"]["standardization"]["std"][0].is_number());
  EXPECT_GT(report["model"]["standardization"]["std"][0].get<double>(), 1e299);
  EXPECT_GE(report["final"]["train"]["accuracy"].get<double>(), 0.8);
}

TEST(Faults, OptionsThatWouldDoNothingAreRefused) {
  ScratchFolder folder;
  const std::string data = folder.file("d.csv"), model = folder.file("m.json");
  ASSERT_EQ(run_adtrain({"generate", "--rows", "20", "--out", data}).exit_status, 0);
  ASSERT_EQ(run_adtrain({"--data", data, "--quiet", "--report", model}).exit_status, 0);
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"--positive", "0"},
           {"--label", "y"},
           {"--features", "x1"},
           {"--delimiter", ";"},
           {"--skip-bad-rows"},
           {"predict", "--model", model, "--data", data, "--features", "x1"},
           {"predict", "--model", model, "--data", data, "--label", "y"},
           {"predict", "--model", model, "--data", data, "--positive", "1"},
           {"--optimizer", "newton", "--lr", "0.5"},
           {"--optimizer", "lbfgs", "--epochs", "50"},
           {"--optimizer", "sgd", "--max-iterations", "50"},
           {"--optimizer", "sgd", "--momentum", "0.5"},
           {"--optimizer", "momentum", "--adam-beta1", "0.5"},
           {"--optimizer", "newton", "--lbfgs-memory", "3"},
           {"--optimizer", "newton", "--no-shuffle"},
           {"--penalize-bias"},
           {"--no-bias", "--l2", "0.1", "--penalize-bias"},
       }) {
    const RunResult r = run_adtrain(args);
    EXPECT_EQ(r.exit_status, 64) << args[0] << ": " << r.err;
  }
  EXPECT_NE(run_adtrain({"--positive", "0"}).err.find("--positive applies to a --data file"),
            std::string::npos);
  EXPECT_NE(run_adtrain({"--optimizer", "newton", "--lr", "0.5"})
                .err.find("--lr has no effect here: it applies to sgd, momentum and adam"),
            std::string::npos);
  // Where they apply they are honoured.
  EXPECT_EQ(run_adtrain({"--data", data, "--positive", "0", "--quiet"}).exit_status, 0);
  EXPECT_EQ(run_adtrain({"--optimizer", "lbfgs", "--lbfgs-memory", "3", "--max-iterations", "20",
                         "--l2", "0.1", "--penalize-bias", "--quiet"})
                .exit_status,
            0);
}

TEST(Faults, ColumnNamesWithCommasCanBeChosen) {
  ScratchFolder folder;
  const std::string data =
      folder.write("comma.csv", "\"a, first\",b,y\n1,2,0\n2,1,1\n3,3,1\n0,1,0\n");
  const RunResult escaped = run_adtrain({"--data", data, "--features", "a\\, first", "--features",
                                         "b", "--quiet", "--report", folder.file("r.json")});
  ASSERT_EQ(escaped.exit_status, 0) << escaped.err;
  EXPECT_EQ(read_json(folder.file("r.json"))["model"]["feature_names"],
            (nlohmann::json{"bias", "a, first", "b"}));
  const std::string config = folder.write("c.toml", "features = [\"a, first\"]\n");
  ASSERT_EQ(run_adtrain(
                {"--config", config, "--data", data, "--quiet", "--report", folder.file("t.json")})
                .exit_status,
            0);
  EXPECT_EQ(read_json(folder.file("t.json"))["model"]["feature_names"],
            (nlohmann::json{"bias", "a, first"}));
  const RunResult empty = run_adtrain({"--data", data, "--features", "b,,a"});
  EXPECT_EQ(empty.exit_status, 64);
  EXPECT_NE(empty.err.find("--features: an empty column name"), std::string::npos) << empty.err;
}

TEST(Faults, PredictAndPlotSayWhichRowsTheySkipped) {
  ScratchFolder folder;
  const std::string bad = (source_root() / "tests/data/bad/some_rows_bad.csv").string();
  const std::string model = folder.file("m.json");
  ASSERT_EQ(
      run_adtrain({"--data", bad, "--skip-bad-rows", "--quiet", "--report", model}).exit_status, 0);
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"predict", "--model", model, "--data", bad, "--skip-bad-rows"},
           {"plot", "--report", model, "--data", bad, "--skip-bad-rows", "--out",
            folder.file("p.svg")},
       }) {
    const RunResult r = run_adtrain(args);
    ASSERT_EQ(r.exit_status, 0) << r.err;
    EXPECT_NE(r.err.find("adtrain: skipped 2 bad rows in " + bad), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("some_rows_bad.csv:3:3: non-numeric value"), std::string::npos) << r.err;
  }
  // Predictions keep each row's record number, so they join back to the input.
  const RunResult r = run_adtrain({"predict", "--model", model, "--data", bad, "--skip-bad-rows"});
  std::vector<std::string> rows;
  std::istringstream lines(r.out);
  std::string line;
  std::getline(lines, line);
  while (std::getline(lines, line)) rows.push_back(line.substr(0, line.find(',')));
  EXPECT_EQ(rows, (std::vector<std::string>{"1", "4", "5"})) << r.out;
}

}  // namespace
}  // namespace adtrain::testing
