// Training end to end: results, the epoch log, exit statuses, reproducibility.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <regex>

#include "adtrain/ml.hpp"
#include "support/adtrain_runner.hpp"

namespace adtrain::testing {
namespace {

arma::vec weights_of(const nlohmann::json& report) {
  return arma::vec(report["model"]["weights"].get<std::vector<double>>());
}

// Plain gradient descent on mean BCE with the hand-derived gradient
// X^T (sigmoid(X w) - y) / n, over consecutive batches: the reference the
// dynamic-graph training must reproduce.
arma::vec closed_form_descent(std::size_t rows, std::uint64_t seed, arma::vec w, double lr,
                              std::size_t epochs, std::size_t batch) {
  const ml::Dataset data = ml::generate_seed_data(rows, seed);
  const arma::mat X = ml::design_matrix(data.features, nullptr, true);
  for (std::size_t epoch = 0; epoch < epochs; ++epoch) {
    for (arma::uword start = 0; start < X.n_rows; start += batch) {
      const arma::uword end = std::min<arma::uword>(start + batch, X.n_rows) - 1;
      const arma::mat Xb = X.rows(start, end);
      const arma::vec p = 1.0 / (1.0 + arma::exp(-Xb * w));
      w -= lr * Xb.t() * (p - data.labels.subvec(start, end)) / static_cast<double>(Xb.n_rows);
    }
  }
  return w;
}

TEST(Train, SeedConfigReachesNinetyPercentAccuracy) {
  ScratchFolder folder;
  const RunResult r = run_adtrain({"--config", (source_root() / "configs/seed.toml").string(),
                                   "--report", folder.file("seed.json")});
  ASSERT_EQ(r.exit_status, 0) << r.err;
  const auto report = read_json(folder.file("seed.json"));
  EXPECT_GE(report["final"]["train"]["accuracy"].get<double>(), 0.9);
  EXPECT_EQ(report["epochs"].size(), 300u);
  EXPECT_EQ(report["config"]["batch_size"], 1);
  EXPECT_EQ(report["config"]["shuffle"], false);
  EXPECT_EQ(report["config"]["init"], "ones");
  EXPECT_EQ(report["config"]["lr"], 0.01);
  EXPECT_EQ(report["data"]["rows"], 100);
}

TEST(Train, FullBatchMatchesClosedFormGradientDescent) {
  ScratchFolder folder;
  const RunResult r = run_adtrain({"--generate", "200", "--seed", "5", "--epochs", "50", "--lr",
                                   "0.7", "--quiet", "--report", folder.file("r.json")});
  ASSERT_EQ(r.exit_status, 0) << r.err;
  const arma::vec reference =
      closed_form_descent(200, 5, arma::vec(3, arma::fill::zeros), 0.7, 50, 200);
  const arma::vec trained = weights_of(read_json(folder.file("r.json")));
  for (arma::uword i = 0; i < 3; ++i) EXPECT_NEAR(trained(i), reference(i), 1e-9) << "weight " << i;
}

TEST(Train, PerSampleStepsMatchClosedFormGradientDescent) {
  ScratchFolder folder;
  const RunResult r = run_adtrain({"--generate", "100", "--seed", "2", "--epochs", "50", "--lr",
                                   "0.05", "--batch-size", "1", "--no-shuffle", "--init", "ones",
                                   "--quiet", "--report", folder.file("r.json")});
  ASSERT_EQ(r.exit_status, 0) << r.err;
  const arma::vec reference =
      closed_form_descent(100, 2, arma::vec(3, arma::fill::ones), 0.05, 50, 1);
  const arma::vec trained = weights_of(read_json(folder.file("r.json")));
  for (arma::uword i = 0; i < 3; ++i) EXPECT_NEAR(trained(i), reference(i), 1e-9) << "weight " << i;
}

TEST(Train, PrintsOneLinePerEpochAndASummary) {
  const RunResult r = run_adtrain({"--epochs", "12"});
  ASSERT_EQ(r.exit_status, 0) << r.err;
  const std::regex line(
      R"(epoch +\d+/12  loss \d+\.\d{6}  acc \d\.\d{4}  w \[-?\d+\.\d{6}, -?\d+\.\d{6}, -?\d+\.\d{6}\])");
  std::istringstream out(r.out);
  std::string text;
  int epoch_lines = 0;
  while (std::getline(out, text)) {
    if (text.rfind("epoch", 0) == 0) {
      EXPECT_TRUE(std::regex_match(text, line)) << text;
      ++epoch_lines;
    }
  }
  EXPECT_EQ(epoch_lines, 12);
  EXPECT_NE(r.out.find("epoch  12/12"), std::string::npos) << r.out;
  for (const char* part : {"total 100", "correct", "accuracy", "precision", "recall", "f1",
                           "actual 0", "actual 1", "predicted 0", "predicted 1"}) {
    EXPECT_NE(r.out.find(part), std::string::npos) << part;
  }
  // 12 epochs end far from where the loss is going: one warning line.
  EXPECT_EQ(r.err.rfind("adtrain: warning: sgd ended after 12 epochs", 0), 0u) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
}

TEST(Train, DefaultRunUsesOneHundredGeneratedRowsAndOneHundredEpochs) {
  ScratchFolder folder;
  const RunResult r = run_adtrain({"--quiet", "--report", folder.file("r.json")});
  ASSERT_EQ(r.exit_status, 0) << r.err;
  const auto report = read_json(folder.file("r.json"));
  EXPECT_EQ(report["data"]["rows"], 100);
  EXPECT_EQ(report["data"]["source"], "generated");
  EXPECT_EQ(report["epochs"].size(), 100u);
  EXPECT_EQ(report["config"]["lr"], 10.0);
  EXPECT_EQ(report["config"]["optimizer"], "sgd");
  // The issue's promise for a new user: a good model from plain adtrain.
  EXPECT_GE(report["final"]["train"]["accuracy"].get<double>(), 0.97);
  EXPECT_EQ(report["optimization"]["stop_reason"], "epochs");
  EXPECT_EQ(report["config"]["batch_size"], 0);
  EXPECT_EQ(report["model"]["feature_names"], (nlohmann::json{"bias", "x1", "x2"}));
}

TEST(Train, DivergenceExitsWith1SaysWhereAndStillWritesTheReport) {
  ScratchFolder folder;
  const RunResult r =
      run_adtrain({"--lr", "1e308", "--epochs", "50", "--report", folder.file("r.json")});
  EXPECT_EQ(r.exit_status, 1);
  EXPECT_NE(r.err.find("diverged at epoch"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("smaller --lr"), std::string::npos) << r.err;
  const auto report = read_json(folder.file("r.json"));
  EXPECT_EQ(report["status"], "diverged");
  EXPECT_LT(report["epochs"].size(), 50u);
  EXPECT_TRUE(report["epochs"].back()["loss"].is_null());
}

TEST(Train, BadDataExitsWith65AndNamesTheSpot) {
  ScratchFolder folder;
  const std::string data = folder.write("bad.csv", "x1,x2,y\n0.1,0.2,1\n0.3,abc,0\n");
  const RunResult r = run_adtrain({"--data", data});
  EXPECT_EQ(r.exit_status, 65) << r.err;
  EXPECT_NE(r.err.find(data + ":3:"), std::string::npos) << r.err;
  EXPECT_EQ(r.out, "");
}

TEST(Train, MissingDataFileExitsWith66) {
  const RunResult r = run_adtrain({"--data", "/nonexistent/data.csv"});
  EXPECT_EQ(r.exit_status, 66) << r.err;
  EXPECT_NE(r.err.find("/nonexistent/data.csv"), std::string::npos) << r.err;
}

TEST(Train, UnwritableReportExitsWith73BeforeTraining) {
  const RunResult r = run_adtrain({"--report", "/nonexistent/folder/r.json"});
  EXPECT_EQ(r.exit_status, 73) << r.err;
  EXPECT_NE(r.err.find("/nonexistent/folder/r.json"), std::string::npos) << r.err;
  EXPECT_EQ(r.out, "") << "training ran although the report could never be written";
}

TEST(Train, TwoRunsWithTheSameOptionsGiveTheSameReportApartFromTiming) {
  ScratchFolder folder;
  const std::vector<std::string> options = {
      "--generate", "300",    "--seed", "9",        "--batch-size", "16",      "--validation-split",
      "0.25",       "--init", "random", "--epochs", "20",           "--quiet", "--report"};
  auto run = [&](const std::string& name) {
    std::vector<std::string> args = options;
    args.push_back(folder.file(name));
    EXPECT_EQ(run_adtrain(args).exit_status, 0);
    auto report = read_json(folder.file(name));
    report.erase("timing");
    for (auto& epoch : report["epochs"]) epoch.erase("seconds");
    report["config"].erase("report");
    return report;
  };
  const auto first = run("one.json"), second = run("two.json");
  EXPECT_EQ(first, second);
  EXPECT_EQ(first.dump(), second.dump());
}

TEST(Train, ReadsTheCommittedSeedDataFile) {
  ScratchFolder folder;
  const RunResult r =
      run_adtrain({"--data", (source_root() / "data/seed_2d.csv").string(), "--epochs", "300",
                   "--lr", "0.01", "--batch-size", "1", "--no-shuffle", "--init", "ones", "--quiet",
                   "--report", folder.file("r.json")});
  ASSERT_EQ(r.exit_status, 0) << r.err;
  const auto report = read_json(folder.file("r.json"));
  EXPECT_EQ(report["data"]["rows"], 100);
  // The file holds the generated data exactly, so training on it equals
  // training on --generate 100 --seed 0.
  const RunResult generated =
      run_adtrain({"--config", (source_root() / "configs/seed.toml").string(), "--quiet",
                   "--report", folder.file("g.json")});
  ASSERT_EQ(generated.exit_status, 0);
  EXPECT_EQ(report["model"]["weights"], read_json(folder.file("g.json"))["model"]["weights"]);
}

}  // namespace
}  // namespace adtrain::testing
