// newton and lbfgs end to end: the real binary, its report and its refusals.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "support/adtrain_runner.hpp"

namespace adtrain::testing {
namespace {

// A small noisy data set: a finite optimum with --l2.
std::string noisy_csv(ScratchFolder& folder) {
  std::string text = "a,b,y\n";
  for (int i = 0; i < 200; ++i) {
    const double a = std::sin(1.7 * i), b = std::cos(2.3 * i + 0.4);
    const bool positive = a - 0.5 * b + 0.3 * std::sin(9.1 * i) > 0.1;
    text += std::to_string(a) + "," + std::to_string(b) + "," + (positive ? "1" : "0") + "\n";
  }
  return folder.write("noisy.csv", text);
}

TEST(SecondOrder, NewtonConvergesAndTheReportSaysHow) {
  ScratchFolder folder;
  const std::string data = noisy_csv(folder);
  const RunResult r = run_adtrain(
      {"--data", data, "--l2", "0.01", "--optimizer", "newton", "--report", folder.file("r.json")});
  ASSERT_EQ(r.exit_status, 0) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_NE(r.out.find("converged after"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("iter "), std::string::npos) << r.out;
  const auto report = read_json(folder.file("r.json"));
  const auto& o = report["optimization"];
  EXPECT_EQ(o["optimizer"], "newton");
  EXPECT_EQ(o["stop_reason"], "converged");
  EXPECT_EQ(o["converged"], true);
  EXPECT_LE(o["relative_gradient_norm"].get<double>(), 1e-6);
  EXPECT_LE(o["iterations"].get<int>(), 15);
  ASSERT_EQ(o["cg_iterations"].size(), o["iterations"].get<std::size_t>());
  for (const auto& cg : o["cg_iterations"]) EXPECT_GE(cg.get<int>(), 1);
  EXPECT_EQ(report["epochs"].size(), o["iterations"].get<std::size_t>());
  EXPECT_EQ(report["config"]["tol"], 1e-6);
  EXPECT_EQ(report["config"]["max_iterations"], 500);
  EXPECT_TRUE(report["optimization"]["warning"].is_null());
}

TEST(SecondOrder, NewtonAndLbfgsReachTheSameObjective) {
  ScratchFolder folder;
  const std::string data = noisy_csv(folder);
  double objective[2];
  int k = 0;
  for (const char* optimizer : {"newton", "lbfgs"}) {
    const std::string report = folder.file(std::string(optimizer) + ".json");
    const RunResult r = run_adtrain({"--data", data, "--l2", "0.01", "--optimizer", optimizer,
                                     "--tol", "1e-9", "--quiet", "--report", report});
    ASSERT_EQ(r.exit_status, 0) << r.err;
    const auto j = read_json(report);
    EXPECT_EQ(j["optimization"]["stop_reason"], "converged") << optimizer;
    objective[k++] = j["final"]["train"]["loss"].get<double>();
  }
  EXPECT_NEAR(objective[0], objective[1], 1e-12 * objective[0]);
}

TEST(SecondOrder, IterationLimitIsAWarningAndStillWritesTheModel) {
  ScratchFolder folder;
  const std::string data = noisy_csv(folder);
  const RunResult r = run_adtrain({"--data", data, "--l2", "0.01", "--optimizer", "lbfgs",
                                   "--max-iterations", "2", "--report", folder.file("r.json")});
  ASSERT_EQ(r.exit_status, 0) << r.err;
  EXPECT_NE(r.err.find("adtrain: warning: lbfgs reached --max-iterations 2"), std::string::npos)
      << r.err;
  const auto report = read_json(folder.file("r.json"));
  EXPECT_EQ(report["optimization"]["stop_reason"], "max_iterations");
  EXPECT_EQ(report["optimization"]["iterations"], 2);
  EXPECT_FALSE(report["optimization"]["warning"].is_null());
}

TEST(SecondOrder, PenalizingTheBiasChangesOnlyThePenalty) {
  ScratchFolder folder;
  const std::string data = noisy_csv(folder);
  const RunResult plain = run_adtrain({"--data", data, "--l2", "0.5", "--optimizer", "newton",
                                       "--quiet", "--report", folder.file("plain.json")});
  const RunResult both =
      run_adtrain({"--data", data, "--l2", "0.5", "--optimizer", "newton", "--penalize-bias",
                   "--quiet", "--report", folder.file("both.json")});
  ASSERT_EQ(plain.exit_status, 0) << plain.err;
  ASSERT_EQ(both.exit_status, 0) << both.err;
  const auto a = read_json(folder.file("plain.json")), b = read_json(folder.file("both.json"));
  EXPECT_EQ(b["config"]["penalize_bias"], true);
  // Pulling the bias towards 0 as well can only raise the minimum.
  EXPECT_GT(b["final"]["train"]["loss"].get<double>(), a["final"]["train"]["loss"].get<double>());
  EXPECT_LT(std::abs(b["model"]["weights"][0].get<double>()),
            std::abs(a["model"]["weights"][0].get<double>()));
}

TEST(SecondOrder, FirstOrderRunsFarFromTheOptimumWarnOnce) {
  ScratchFolder folder;
  const std::string data = noisy_csv(folder);
  const RunResult r = run_adtrain({"--data", data, "--l2", "0.01", "--lr", "0.01", "--epochs", "5",
                                   "--report", folder.file("r.json")});
  ASSERT_EQ(r.exit_status, 0) << r.err;
  EXPECT_EQ(r.err.rfind("adtrain: warning: sgd ended after 5 epochs", 0), 0u) << r.err;
  const auto report = read_json(folder.file("r.json"));
  EXPECT_GT(report["optimization"]["relative_gradient_norm"].get<double>(), 1e-3);
  EXPECT_FALSE(report["optimization"]["warning"].is_null());
  EXPECT_EQ(report["optimization"]["stop_reason"], "epochs");
}

TEST(SecondOrder, BadValuesAreRefusedWith64) {
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"--tol", "-1"},
           {"--tol", "nan"},
           {"--tol", "inf"},
           {"--max-iterations", "0"},
           {"--optimizer", "bfgs"},
           {"--optimizer", "newton", "--batch-size", "10"},
           {"--lr", "nan"},
           {"--l2", "-0.5"},
           {"--adam-beta1", "1.5"},
           {"--adam-beta2", "1"},
           {"--momentum", "nan"},
           {"--adam-epsilon", "0"},
           {"--lbfgs-memory", "0"},
       }) {
    const RunResult r = run_adtrain(args);
    EXPECT_EQ(r.exit_status, 64) << args[0] << " " << args[1] << ": " << r.err;
    EXPECT_EQ(r.err.rfind("adtrain: error: ", 0), 0u) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  }
}

TEST(SecondOrder, ConfigFilesTakeTheNewOptions) {
  ScratchFolder folder;
  const std::string config =
      folder.write("c.toml",
                   "optimizer = \"lbfgs\"\nlbfgs-memory = 3\ntol = 1e-8\nl2 = 0.1\n"
                   "max-iterations = 50\nquiet = true\n");
  const RunResult r = run_adtrain({"--config", config, "--report", folder.file("r.json")});
  ASSERT_EQ(r.exit_status, 0) << r.err;
  const auto report = read_json(folder.file("r.json"));
  EXPECT_EQ(report["config"]["optimizer"], "lbfgs");
  EXPECT_EQ(report["config"]["lbfgs_memory"], 3);
  EXPECT_EQ(report["config"]["tol"], 1e-8);
  EXPECT_EQ(report["optimization"]["stop_reason"], "converged");
  const RunResult bad = run_adtrain({"--config", folder.write("bad.toml", "optimizer = \"x\"\n")});
  EXPECT_EQ(bad.exit_status, 64) << bad.err;
}

}  // namespace
}  // namespace adtrain::testing
