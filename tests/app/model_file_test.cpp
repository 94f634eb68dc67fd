// Reading a report back as a model: every field checked by name.
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <string>
#include <vector>

#include "support/adtrain_runner.hpp"

namespace adtrain::testing {
namespace {

struct Tampering {
  const char* what;
  std::function<void(nlohmann::json&)> change;
  const char* message;
};

TEST(ModelFile, TamperedModelsAreRefusedWithTheFieldNamed) {
  ScratchFolder folder;
  const std::string data = folder.file("d.csv"), report = folder.file("m.json");
  ASSERT_EQ(run_adtrain({"generate", "--rows", "30", "--out", data}).exit_status, 0);
  ASSERT_EQ(
      run_adtrain({"--data", data, "--standardize", "--quiet", "--report", report}).exit_status, 0);
  const nlohmann::json original = read_json(report);
  const std::vector<Tampering> cases = {
      {"bias moved", [](auto& j) { j["model"]["bias"] = 2; },
       "model.bias is 2, but feature_names[2]"},
      {"fractional bias", [](auto& j) { j["model"]["bias"] = 0.5; },
       "model.bias must be the index"},
      {"threshold 0", [](auto& j) { j["model"]["threshold"] = 0.0; }, "model.threshold"},
      {"threshold 1.5", [](auto& j) { j["model"]["threshold"] = 1.5; }, "model.threshold"},
      {"std 0", [](auto& j) { j["model"]["standardization"]["std"][0] = 0.0; },
       "model.standardization.std must be positive"},
      {"std negative", [](auto& j) { j["model"]["standardization"]["std"][1] = -1.0; },
       "model.standardization.std must be positive"},
      {"std short", [](auto& j) { j["model"]["standardization"]["std"].erase(0); },
       "model.standardization.std must have one number per feature"},
      {"three classes", [](auto& j) { j["model"]["classes"].push_back("2"); }, "model.classes"},
      {"same classes",
       [](auto& j) {
         j["model"]["classes"] = {"a", "a"};
       },
       "model.classes"},
      {"null weight", [](auto& j) { j["model"]["weights"][1] = nullptr; }, "model.weights"},
      {"text weight", [](auto& j) { j["model"]["weights"][1] = "1"; }, "model.weights"},
      {"missing threshold", [](auto& j) { j["model"].erase("threshold"); }, "no model.threshold"},
      {"diverged", [](auto& j) { j["status"] = "diverged"; }, "a run that diverged"},
  };
  for (const Tampering& t : cases) {
    nlohmann::json changed = original;
    t.change(changed);
    const std::string path = folder.write("t.json", changed.dump(2));
    const RunResult r = run_adtrain({"predict", "--model", path, "--data", data});
    EXPECT_EQ(r.exit_status, 65) << t.what << ": " << r.err;
    EXPECT_NE(r.err.find(t.message), std::string::npos) << t.what << ": " << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  }
  // The untouched report still predicts.
  EXPECT_EQ(run_adtrain({"predict", "--model", report, "--data", data}).exit_status, 0);
}

TEST(ModelFile, ADivergedRunIsStillDrawnButNotUsedToPredict) {
  ScratchFolder folder;
  const std::string data = folder.file("d.csv"), report = folder.file("m.json");
  ASSERT_EQ(run_adtrain({"generate", "--rows", "30", "--out", data}).exit_status, 0);
  ASSERT_EQ(run_adtrain({"--data", data, "--optimizer", "momentum", "--lr", "1e308", "--batch-size",
                         "1", "--epochs", "3", "--quiet", "--report", report})
                .exit_status,
            1);
  const RunResult predict = run_adtrain({"predict", "--model", report, "--data", data});
  EXPECT_EQ(predict.exit_status, 65);
  EXPECT_NE(predict.err.find("diverged"), std::string::npos) << predict.err;
  EXPECT_EQ(predict.err.find("json.exception"), std::string::npos) << predict.err;
  const RunResult plot = run_adtrain({"plot", "--report", report, "--out", folder.file("p.svg")});
  EXPECT_EQ(plot.exit_status, 0) << plot.err;
}

TEST(ModelFile, NumbersNoDoubleHoldsAndBadEpochsAreBadData) {
  ScratchFolder folder;
  const std::string data = folder.file("d.csv"), report = folder.file("m.json");
  ASSERT_EQ(run_adtrain({"generate", "--rows", "30", "--out", data}).exit_status, 0);
  ASSERT_EQ(
      run_adtrain({"--data", data, "--epochs", "2", "--quiet", "--report", report}).exit_status, 0);
  std::string text = read_text(report);
  const std::string overflow = folder.write(
      "o.json", text.replace(text.find("\"threshold\": 0.5"), 16, "\"threshold\": 1e999"));
  const RunResult big = run_adtrain({"predict", "--model", overflow, "--data", data});
  EXPECT_EQ(big.exit_status, 65) << big.err;
  EXPECT_NE(big.err.find("invalid JSON"), std::string::npos) << big.err;
  for (const char* epoch : {"1e300", "-1", "1.5", "0", "\"1\""}) {
    nlohmann::json j = read_json(report);
    j["epochs"][0]["epoch"] = nlohmann::json::parse(epoch);
    const std::string path = folder.write("e.json", j.dump());
    const RunResult r = run_adtrain({"plot", "--report", path, "--out", folder.file("p.svg")});
    EXPECT_EQ(r.exit_status, 65) << epoch << ": " << r.err;
    EXPECT_NE(r.err.find("epochs[].epoch must be a whole number"), std::string::npos) << r.err;
  }
}

}  // namespace
}  // namespace adtrain::testing
