// Every training option changes what it should: one test each.
#include <gtest/gtest.h>

#include <cmath>

#include "adtrain/ml.hpp"
#include "support/adtrain_runner.hpp"

namespace adtrain::testing {
namespace {

std::string fmt_name(int run) {
  std::string name = std::to_string(run);
  name.append(".json");
  return name;
}

class TrainOption : public ::testing::Test {
 protected:
  // Runs a quiet training with `args` and returns its report.
  nlohmann::json train(std::vector<std::string> args) {
    const std::string report = folder_.file(fmt_name(runs_++));
    args.insert(args.end(), {"--quiet", "--report", report});
    const RunResult r = run_adtrain(args);
    EXPECT_EQ(r.exit_status, 0) << r.err;
    return read_json(report);
  }
  static std::vector<double> weights(const nlohmann::json& report) {
    return report["model"]["weights"].get<std::vector<double>>();
  }
  ScratchFolder folder_;
  int runs_ = 0;
};

TEST_F(TrainOption, Epochs) {
  EXPECT_EQ(train({"--epochs", "17"})["epochs"].size(), 17u);
}

TEST_F(TrainOption, LearningRateScalesTheFirstStep) {
  // From zero weights the first full-batch step is -lr * gradient.
  const auto slow = weights(train({"--epochs", "1", "--lr", "0.1"}));
  const auto fast = weights(train({"--epochs", "1", "--lr", "0.3"}));
  for (std::size_t i = 0; i < 3; ++i) EXPECT_NEAR(fast[i], 3.0 * slow[i], 1e-15);
}

TEST_F(TrainOption, GenerateAndSeedChooseTheData) {
  const auto a = train({"--generate", "40", "--seed", "1", "--epochs", "1"});
  const auto b = train({"--generate", "40", "--seed", "2", "--epochs", "1"});
  EXPECT_EQ(a["data"]["rows"], 40);
  EXPECT_NE(weights(a), weights(b));
  EXPECT_EQ(weights(a), weights(train({"--generate", "40", "--seed", "1", "--epochs", "1"})));
}

TEST_F(TrainOption, NoBiasLeavesTheBiasColumnOut) {
  const auto with_bias = train({"--epochs", "2"});
  const auto without = train({"--epochs", "2", "--no-bias"});
  EXPECT_EQ(with_bias["model"]["bias"], 0);
  EXPECT_EQ(weights(with_bias).size(), 3u);
  EXPECT_TRUE(without["model"]["bias"].is_null());
  EXPECT_EQ(weights(without).size(), 2u);
  EXPECT_EQ(without["model"]["feature_names"], (nlohmann::json{"x1", "x2"}));
}

TEST_F(TrainOption, BatchSizeSetsTheNumberOfStepsPerEpoch) {
  // One epoch of per-sample steps moves further than one full-batch step.
  const auto full = weights(train({"--epochs", "1", "--batch-size", "0"}));
  const auto per_sample = weights(train({"--epochs", "1", "--batch-size", "1", "--no-shuffle"}));
  const auto batches = weights(train({"--epochs", "1", "--batch-size", "10", "--no-shuffle"}));
  EXPECT_GT(std::abs(per_sample[1]), 10.0 * std::abs(full[1]));
  EXPECT_NE(batches, full);
  EXPECT_NE(batches, per_sample);
}

TEST_F(TrainOption, ShuffleChangesTheOrderOnlyWithMiniBatches) {
  const auto shuffled = weights(train({"--epochs", "3", "--batch-size", "5"}));
  const auto ordered = weights(train({"--epochs", "3", "--batch-size", "5", "--no-shuffle"}));
  EXPECT_NE(shuffled, ordered);
  EXPECT_EQ(weights(train({"--epochs", "3", "--shuffle"})),
            weights(train({"--epochs", "3", "--no-shuffle"})));
}

TEST_F(TrainOption, OptimizerAndMomentum) {
  const auto sgd = weights(train({"--epochs", "5", "--optimizer", "sgd"}));
  const auto momentum = weights(train({"--epochs", "5", "--optimizer", "momentum"}));
  const auto momentum_low =
      weights(train({"--epochs", "5", "--optimizer", "momentum", "--momentum", "0.5"}));
  const auto adam = weights(train({"--epochs", "5", "--optimizer", "adam"}));
  EXPECT_NE(sgd, momentum);
  EXPECT_NE(momentum, momentum_low);
  EXPECT_NE(sgd, adam);
  // Momentum 0 is plain SGD.
  EXPECT_EQ(weights(train({"--epochs", "5", "--optimizer", "momentum", "--momentum", "0"})), sgd);
}

TEST_F(TrainOption, InitChoosesTheStartingWeights) {
  // The first epoch's loss is measured at the initial weights.
  const auto zeros = train({"--epochs", "1", "--init", "zeros"});
  EXPECT_NEAR(zeros["epochs"][0]["loss"].get<double>(), std::log(2.0), 1e-15);
  const auto ones = train({"--epochs", "1", "--init", "ones"});
  EXPECT_GT(ones["epochs"][0]["loss"].get<double>(), 0.8);
  const auto random_a = train({"--epochs", "1", "--init", "random", "--seed", "3"});
  const auto random_b = train({"--epochs", "1", "--init", "random", "--seed", "4"});
  EXPECT_NE(random_a["epochs"][0]["loss"], random_b["epochs"][0]["loss"]);
  EXPECT_NE(random_a["epochs"][0]["loss"], zeros["epochs"][0]["loss"]);
}

TEST_F(TrainOption, StandardizeStoresTrainingStatisticsInTheModel) {
  const auto report = train({"--epochs", "3", "--standardize"});
  const auto& s = report["model"]["standardization"];
  ASSERT_FALSE(s.is_null());
  const ml::Dataset data = ml::generate_seed_data(100, 0);
  const arma::rowvec mean = arma::mean(data.features, 0);
  const arma::rowvec deviation = arma::stddev(data.features, 1, 0);
  for (std::size_t j = 0; j < 2; ++j) {
    EXPECT_NEAR(s["mean"][j].get<double>(), mean(j), 1e-15);
    EXPECT_NEAR(s["std"][j].get<double>(), deviation(j), 1e-15);
  }
  EXPECT_TRUE(train({"--epochs", "3"})["model"]["standardization"].is_null());
  // Standardized data trains faster at the same learning rate.
  const double plain = train({"--epochs", "30"})["final"]["train"]["loss"];
  const double scaled = train({"--epochs", "30", "--standardize"})["final"]["train"]["loss"];
  EXPECT_LT(scaled, plain);
}

TEST_F(TrainOption, L2ShrinksTheNonBiasWeights) {
  const auto plain = weights(train({"--epochs", "200", "--lr", "0.5"}));
  const auto penalised = weights(train({"--epochs", "200", "--lr", "0.5", "--l2", "0.1"}));
  EXPECT_LT(std::hypot(penalised[1], penalised[2]), std::hypot(plain[1], plain[2]));
}

TEST_F(TrainOption, TolStopsEarly) {
  const auto report = train({"--epochs", "5000", "--lr", "0.5", "--tol", "1e-4"});
  EXPECT_EQ(report["status"], "stopped_early");
  EXPECT_LT(report["epochs"].size(), 5000u);
  EXPECT_EQ(train({"--epochs", "50"})["status"], "completed");
}

TEST_F(TrainOption, ValidationSplitHoldsOutAFractionAndReportsItEveryEpoch) {
  const auto report = train({"--generate", "200", "--validation-split", "0.25", "--epochs", "4"});
  EXPECT_EQ(report["data"]["rows"], 150);
  EXPECT_EQ(report["data"]["validation"]["rows"], 50);
  for (const auto& epoch : report["epochs"]) {
    EXPECT_TRUE(epoch.contains("val_loss"));
    EXPECT_TRUE(epoch.contains("val_accuracy"));
  }
  EXPECT_EQ(report["final"]["validation"]["total"], 50);
  EXPECT_FALSE(train({"--epochs", "2"})["epochs"][0].contains("val_loss"));
}

TEST_F(TrainOption, TestFileIsUsedForValidation) {
  const std::string test =
      folder_.write("test.csv", "x1,x2,y\n0.9,0.8,1\n0.1,0.2,0\n0.7,0.6,1\n0.2,0.1,0\n");
  const auto report = train({"--test", test, "--epochs", "300", "--lr", "1"});
  EXPECT_EQ(report["data"]["validation"]["source"], test);
  EXPECT_EQ(report["data"]["validation"]["rows"], 4);
  EXPECT_EQ(report["final"]["validation"]["total"], 4);
  EXPECT_EQ(report["final"]["validation"]["accuracy"], 1.0);
  EXPECT_TRUE(report["epochs"][0].contains("val_loss"));
}

TEST_F(TrainOption, TestFileMayHoldASingleClass) {
  const std::string test = folder_.write("ones.csv", "x1,x2,y\n0.9,0.8,1\n0.7,0.6,1\n");
  const auto report = train({"--test", test, "--epochs", "300", "--lr", "1"});
  EXPECT_EQ(report["data"]["validation"]["class_counts"]["1"], 2);
  EXPECT_EQ(report["data"]["validation"]["class_counts"]["0"], 0);
  EXPECT_EQ(report["final"]["validation"]["accuracy"], 1.0);
}

TEST_F(TrainOption, LogEveryThinsTheLogButKeepsTheLastEpoch) {
  const RunResult r = run_adtrain({"--epochs", "25", "--log-every", "10"});
  ASSERT_EQ(r.exit_status, 0);
  EXPECT_NE(r.out.find("epoch  10/25"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("epoch  20/25"), std::string::npos);
  EXPECT_NE(r.out.find("epoch  25/25"), std::string::npos);
  EXPECT_EQ(r.out.find("epoch   5/25"), std::string::npos);
  std::size_t lines = 0;
  for (std::size_t at = r.out.find("epoch "); at != std::string::npos;
       at = r.out.find("epoch ", at + 1))
    ++lines;
  EXPECT_EQ(lines, 3u);
}

// 70,000 rows: enough blocks of 4096 for the kernels to share them out.
TEST_F(TrainOption, ThreadsChangeNothingButTheSpeed) {
  const std::vector<std::string> args = {"--generate", "70000", "--epochs", "3", "--lr", "0.5"};
  auto with_threads = [&](const char* threads) {
    std::vector<std::string> all = args;
    all.insert(all.end(), {"--threads", threads});
    return train(all);
  };
  const auto one = with_threads("1");
  EXPECT_EQ(one["config"]["threads"], 1);
  for (const char* threads : {"2", "3", "0"}) {
    const auto other = with_threads(threads);
    EXPECT_EQ(weights(other), weights(one)) << "--threads " << threads;
    for (std::size_t e = 0; e < 3; ++e) {
      EXPECT_EQ(other["epochs"][e]["loss"], one["epochs"][e]["loss"]) << "--threads " << threads;
      EXPECT_EQ(other["epochs"][e]["grad_norm"], one["epochs"][e]["grad_norm"]);
    }
  }
}

TEST_F(TrainOption, QuietPrintsNothing) {
  const RunResult r = run_adtrain({"--epochs", "5", "--quiet"});
  EXPECT_EQ(r.exit_status, 0);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "");
}

TEST_F(TrainOption, MemoryLimitCountsTheTextTheOptimizerAndTheTestFile) {
  // 500,000 rows of 2 features: 20 MB of text and 32 MB of table and
  // design blocks. The matrices alone fit in 40M; with the text and the
  // pass's vectors (61 MiB estimated) they do not.
  const std::string data = folder_.file("rows.csv");
  ASSERT_EQ(run_adtrain({"generate", "--rows", "500000", "--out", data}).exit_status, 0);
  const auto status = [&](std::vector<std::string> args) {
    args.insert(args.begin(), {"--data", data, "--quiet"});
    return run_adtrain(args).exit_status;
  };
  EXPECT_EQ(status({"--epochs", "1", "--memory-limit", "40M"}), 69);
  EXPECT_EQ(status({"--epochs", "1", "--memory-limit", "70M"}), 0);
  // Newton keeps each block's graph for its Hessian products (about 97 MiB).
  EXPECT_EQ(status({"--optimizer", "newton", "--memory-limit", "70M"}), 69);
  EXPECT_EQ(status({"--optimizer", "newton", "--memory-limit", "110M"}), 0);
  // --test is held beside --data: their sum must fit.
  EXPECT_EQ(status({"--epochs", "1", "--test", data, "--memory-limit", "100M"}), 69);
  const RunResult both =
      run_adtrain({"--data", data, "--test", data, "--epochs", "1", "--memory-limit", "100M"});
  EXPECT_NE(both.err.find("--test " + data + ": held in memory with --data's"), std::string::npos)
      << both.err;
#ifndef ADTRAIN_SANITIZED  // the sanitizers' own memory is not the program's
  // What is let through stays within the limit, the program itself (its
  // code and libraries, about 9 MiB) aside.
  const nlohmann::json r = train({"--data", data, "--epochs", "1", "--memory-limit", "70M"});
  EXPECT_LT(r["timing"]["peak_memory_bytes"].get<double>(), (70 + 12) * 0x1p20);
#endif
}

}  // namespace
}  // namespace adtrain::testing
