// The JSON report: every documented field, and atomic writing.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>

#include "support/adtrain_runner.hpp"

namespace adtrain::testing {
namespace {

namespace fs = std::filesystem;

TEST(Report, HasEveryDocumentedField) {
  ScratchFolder folder;
  const RunResult r = run_adtrain(
      {"--epochs", "3", "--validation-split", "0.2", "--quiet", "--report", folder.file("r.json")});
  ASSERT_EQ(r.exit_status, 0) << r.err;
  const auto report = read_json(folder.file("r.json"));
  EXPECT_EQ(report["schema_version"], 1);
  EXPECT_EQ(report["tool"]["name"], "adtrain");
  EXPECT_TRUE(report["tool"]["version"].is_string());
  EXPECT_EQ(report["status"], "completed");
  for (const char* key : {"data",        "generate",      "test",      "validation_split",
                          "delimiter",   "header",        "label",     "features",
                          "positive",    "skip_bad_rows", "seed",      "bias",
                          "standardize", "init",          "epochs",    "lr",
                          "batch_size",  "shuffle",       "optimizer", "momentum",
                          "l2",          "tol",           "threads",   "log_every",
                          "quiet",       "report",        "plot",      "plot_features",
                          "config_file"}) {
    EXPECT_TRUE(report["config"].contains(key)) << "config." << key;
  }
  for (const char* key : {"source", "rows", "features", "feature_names", "label_column", "classes",
                          "class_counts", "delimiter", "header", "skipped_rows", "validation"}) {
    EXPECT_TRUE(report["data"].contains(key)) << "data." << key;
  }
  EXPECT_EQ(report["data"]["class_counts"]["0"].get<int>() +
                report["data"]["class_counts"]["1"].get<int>(),
            80);
  EXPECT_EQ(report["data"]["validation"]["rows"], 20);
  ASSERT_EQ(report["epochs"].size(), 3u);
  for (const char* key :
       {"epoch", "loss", "accuracy", "val_loss", "val_accuracy", "grad_norm", "seconds"}) {
    EXPECT_TRUE(report["epochs"][0].contains(key)) << "epochs[]." << key;
  }
  for (const char* key : {"feature_names", "weights", "bias", "standardization", "threshold",
                          "label_column", "classes"}) {
    EXPECT_TRUE(report["model"].contains(key)) << "model." << key;
  }
  EXPECT_EQ(report["model"]["threshold"], 0.5);
  for (const char* part : {"train", "validation"}) {
    for (const char* key :
         {"loss", "accuracy", "total", "correct", "precision", "recall", "f1", "confusion"}) {
      EXPECT_TRUE(report["final"][part].contains(key)) << "final." << part << "." << key;
    }
  }
  const auto& confusion = report["final"]["train"]["confusion"];
  EXPECT_EQ(confusion[0][0].get<int>() + confusion[0][1].get<int>() + confusion[1][0].get<int>() +
                confusion[1][1].get<int>(),
            80);
  EXPECT_TRUE(report["timing"]["load_seconds"].is_number());
  EXPECT_TRUE(report["timing"]["train_seconds"].is_number());
  EXPECT_EQ(report.dump().find("NaN"), std::string::npos);
}

TEST(Report, FinalEvaluationsHaveTheScoreMetrics) {
  ScratchFolder folder;
  const RunResult r = run_adtrain({"--epochs", "20", "--lr", "1", "--validation-split", "0.3",
                                   "--quiet", "--report", folder.file("r.json")});
  ASSERT_EQ(r.exit_status, 0) << r.err;
  const auto report = read_json(folder.file("r.json"));
  for (const char* part : {"train", "validation"}) {
    const auto& e = report["final"][part];
    for (const char* key : {"log_loss", "roc_auc", "average_precision", "brier"}) {
      ASSERT_TRUE(e[key].is_number()) << "final." << part << "." << key << ": " << e[key];
    }
    // Without --l2 the objective is the log-loss itself.
    EXPECT_DOUBLE_EQ(e["log_loss"].get<double>(), e["loss"].get<double>());
    EXPECT_GT(e["roc_auc"].get<double>(), 0.5);
    EXPECT_LE(e["roc_auc"].get<double>(), 1.0);
    EXPECT_GT(e["average_precision"].get<double>(), 0.5);
    EXPECT_LE(e["average_precision"].get<double>(), 1.0);
    EXPECT_GT(e["brier"].get<double>(), 0.0);
    EXPECT_LT(e["brier"].get<double>(), 0.25);
  }
}

TEST(Report, StreamedRunsHaveEveryScoreMetric) {
  ScratchFolder folder;
  const std::string data = folder.file("d.csv");
  ASSERT_EQ(run_adtrain({"generate", "--rows", "200", "--out", data}).exit_status, 0);
  const RunResult r = run_adtrain(
      {"--data", data, "--stream", "--epochs", "3", "--quiet", "--report", folder.file("r.json")});
  ASSERT_EQ(r.exit_status, 0) << r.err;
  const auto report = read_json(folder.file("r.json"));
  const auto& e = report["final"]["train"];
  EXPECT_TRUE(e["log_loss"].is_number()) << e;
  EXPECT_DOUBLE_EQ(e["log_loss"].get<double>(), e["loss"].get<double>());
  for (const char* key : {"roc_auc", "average_precision", "brier"}) {
    EXPECT_TRUE(e[key].is_number()) << key << ": " << e[key];
  }
}

TEST(Report, ReplacesAnExistingReportAndLeavesNoTemporaryFiles) {
  ScratchFolder folder;
  const std::string path = folder.write("r.json", "old content");
  ASSERT_EQ(run_adtrain({"--epochs", "2", "--quiet", "--report", path}).exit_status, 0);
  EXPECT_EQ(read_json(path)["schema_version"], 1);
  std::size_t files = 0;
  for (const auto& entry : fs::directory_iterator(folder.path())) {
    ++files;
    EXPECT_EQ(entry.path().filename(), "r.json");
  }
  EXPECT_EQ(files, 1u);
}

TEST(Report, RunsThatFailBeforeTrainingLeaveAnExistingReportUntouched) {
  ScratchFolder folder;
  const std::string path = folder.write("r.json", "keep me");
  const std::string bad = folder.write("bad.csv", "x1,x2,y\n1,2,3\nfoo,1,0\n");
  EXPECT_EQ(run_adtrain({"--data", bad, "--report", path}).exit_status, 65);
  EXPECT_EQ(run_adtrain({"--data", folder.file("missing.csv"), "--report", path}).exit_status, 66);
  EXPECT_EQ(run_adtrain({"--lr", "-3", "--report", path}).exit_status, 64);
  EXPECT_EQ(read_text(path), "keep me");
  std::size_t files = 0;
  for (const auto& entry : fs::directory_iterator(folder.path()))
    files += entry.path().filename() == "r.json";
  EXPECT_EQ(files, 1u);
}

TEST(Report, ReportIntoAFolderPathIsRefusedWith73) {
  ScratchFolder folder;
  fs::create_directory(folder.path() / "sub");
  const RunResult r = run_adtrain({"--quiet", "--report", folder.file("sub")});
  EXPECT_EQ(r.exit_status, 73) << r.err;
  EXPECT_TRUE(fs::is_directory(folder.path() / "sub"));
}

TEST(Report, ReadOnlyFolderIsRefusedWith73) {
  if (::geteuid() == 0) GTEST_SKIP() << "root writes to read-only folders anyway";
  ScratchFolder folder;
  fs::permissions(folder.path(), fs::perms::owner_read | fs::perms::owner_exec);
  EXPECT_EQ(run_adtrain({"--quiet", "--report", folder.file("r.json")}).exit_status, 73);
}

}  // namespace
}  // namespace adtrain::testing
