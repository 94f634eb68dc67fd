// adtrain --stream end to end: the same model as the in-memory run, bad
// files refused before training, bounded memory, and the faults of a file
// read pass after pass.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "support/adtrain_runner.hpp"
#include "support/tables.hpp"

namespace adtrain::testing {
namespace {

using json = nlohmann::json;
namespace fs = std::filesystem;

// A generated CSV of `rows` rows in `folder`.
std::string generated_csv(const ScratchFolder& folder, int rows,
                          const std::string& name = "d.csv") {
  const std::string path = folder.file(name);
  EXPECT_EQ(run_adtrain({"generate", "--rows", std::to_string(rows), "--seed", "4", "--out", path})
                .exit_status,
            0);
  return path;
}

// Runs training with `args` (and --report); returns the report.
json train_report(const ScratchFolder& folder, std::vector<std::string> args,
                  const std::string& name) {
  const std::string report = folder.file(name);
  args.insert(args.end(), {"--quiet", "--report", report});
  const RunResult run = run_adtrain(args);
  EXPECT_EQ(run.exit_status, 0) << run.err;
  return run.exit_status == 0 ? read_json(report) : json();
}

// What must agree between a streamed run and the in-memory one: every
// final figure too, the score metrics included (the ranking metrics from the
// final pass's scores, the Brier score from its block sums).
void expect_same_training(const json& streamed, const json& in_memory, const std::string& what) {
  EXPECT_EQ(streamed["model"], in_memory["model"]) << what;
  EXPECT_EQ(streamed["final"], in_memory["final"]) << what;
  for (const char* key : {"roc_auc", "average_precision", "brier"}) {
    EXPECT_TRUE(streamed["final"]["train"][key].is_number()) << key << ", " << what;
  }
  EXPECT_EQ(streamed["optimization"], in_memory["optimization"]) << what;
  ASSERT_EQ(streamed["epochs"].size(), in_memory["epochs"].size()) << what;
  for (std::size_t e = 0; e < in_memory["epochs"].size(); ++e) {
    EXPECT_EQ(streamed["epochs"][e]["loss"], in_memory["epochs"][e]["loss"]) << what;
    EXPECT_EQ(streamed["epochs"][e]["accuracy"], in_memory["epochs"][e]["accuracy"]) << what;
  }
  EXPECT_EQ(streamed["data"]["rows"], in_memory["data"]["rows"]) << what;
  EXPECT_EQ(streamed["data"]["class_counts"], in_memory["data"]["class_counts"]) << what;
}

TEST(Stream, GivesTheModelOfTheInMemoryRunWhenTheBufferHoldsTheFile) {
  ScratchFolder folder;
  const std::string data = folder.write("three.csv", three_feature_csv(3000));
  const std::vector<std::vector<std::string>> cases = {
      {"--batch-size", "1", "--lr", "0.05", "--epochs", "2"},
      {"--batch-size", "64", "--lr", "0.5", "--epochs", "3", "--standardize"},
      {"--batch-size", "50", "--lr", "0.5", "--epochs", "2", "--shuffle-buffer", "100"},
      {"--optimizer", "adam", "--batch-size", "32", "--lr", "0.01", "--no-shuffle", "--epochs",
       "2"},
      {"--lr", "1", "--epochs", "5", "--standardize"},
      {"--optimizer", "newton", "--standardize", "--l2", "1e-3"},
      {"--optimizer", "lbfgs", "--standardize", "--max-iterations", "20"},
  };
  int n = 0;
  for (const auto& options : cases) {
    std::vector<std::string> args = {"--data", data};
    args.insert(args.end(), options.begin(), options.end());
    const std::string number = std::to_string(n);
    const json in_memory = train_report(folder, args, std::string("m").append(number));
    args.push_back("--stream");
    const json streamed = train_report(folder, args, std::string("s").append(number));
    std::string what;
    for (const auto& o : options) what += o + " ";
    expect_same_training(streamed, in_memory, what);
    EXPECT_FALSE(in_memory.contains("stream"));
    EXPECT_EQ(streamed["config"]["stream"], true);
    ++n;
  }
}

TEST(Stream, ATestFileIsStreamedToo) {
  ScratchFolder folder;
  const std::string train = generated_csv(folder, 2000, "train.csv");
  const std::string test = generated_csv(folder, 500, "test.csv");
  const std::vector<std::string> args = {"--data", train,  "--test", test,       "--batch-size",
                                         "10",     "--lr", "0.2",    "--epochs", "2"};
  const json in_memory = train_report(folder, args, "m.json");
  std::vector<std::string> streamed_args = args;
  streamed_args.push_back("--stream");
  const json streamed = train_report(folder, streamed_args, "s.json");
  expect_same_training(streamed, in_memory, "--test");
  EXPECT_EQ(streamed["data"]["validation"], in_memory["data"]["validation"]);
  EXPECT_EQ(streamed["epochs"][1]["val_loss"], in_memory["epochs"][1]["val_loss"]);
  EXPECT_EQ(streamed["stream"]["validation"], "test file");
  // A first pass over each file, then per epoch one over each, and a last
  // one over each (the training file's also measures the start).
  EXPECT_EQ(streamed["stream"]["passes"], 2 + 2 * 2 + 2);
}

// 300,000 rows of (logit, label) pairs are 4.8 MB: under an 8 MiB limit,
// which leaves about 3.9 MB beside the reader, they are sorted in runs kept
// in a temporary file and merged, with the same bits as in memory.
TEST(Stream, TheRankingMetricsAreExactWhenTheScoresSpillToATemporaryFile) {
  ScratchFolder folder;
  const std::string train = generated_csv(folder, 300000, "train.csv");
  const std::string test = generated_csv(folder, 250000, "test.csv");
  const std::string temporary = folder.file("tmp");
  fs::create_directory(temporary);
  const std::vector<std::string> args = {"--data", train, "--test",   test,
                                         "--lr",   "1",   "--epochs", "2"};
  const json in_memory = train_report(folder, args, "m.json");
  const std::string report = folder.file("s.json");
  std::string command = "TMPDIR=" + temporary + " $ADTRAIN";
  for (const std::string& a : args) command += " " + a;
  command +=
      " --stream --memory-limit 8M --quiet --report " + report + " 2>" + folder.file("err.txt");
  ASSERT_EQ(run_in_bash(command), 0) << read_text(folder.file("err.txt"));
  const json streamed = read_json(report);
  expect_same_training(streamed, in_memory, "spilled");
  EXPECT_TRUE(streamed["final"]["validation"]["roc_auc"].is_number());
  EXPECT_EQ(read_text(folder.file("err.txt")), "");
  // No extra pass: the scores came from the final passes.
  EXPECT_EQ(streamed["stream"]["passes"], 2 + 2 * 2 + 2);
  // The temporary file had no name: nothing is left behind.
  EXPECT_TRUE(fs::is_empty(temporary));
}

TEST(Stream, WithoutAWritableTemporaryFolderTheRankingMetricsAreNullWithAWarning) {
  ScratchFolder folder;
  const std::string train = generated_csv(folder, 300000, "train.csv");
  for (const std::string& temporary : {folder.file("missing"), std::string("/proc")}) {
    const std::string report = folder.file("r.json");
    const int status = run_in_bash("TMPDIR=" + temporary + " $ADTRAIN --data " + train +
                                   " --stream --memory-limit 8M --lr 1 --epochs 1 --quiet "
                                   "--report " +
                                   report + " 2>" + folder.file("err.txt"));
    const std::string err = read_text(folder.file("err.txt"));
    ASSERT_EQ(status, 0) << err;
    // One line, naming the folder and the reason.
    EXPECT_EQ(std::count(err.begin(), err.end(), '\n'), 1) << err;
    EXPECT_NE(err.find("adtrain: warning: roc_auc and average_precision are null: cannot create "
                       "a temporary file in " +
                       temporary + ": "),
              std::string::npos)
        << err;
    const json r = read_json(report);
    EXPECT_TRUE(r["final"]["train"]["roc_auc"].is_null());
    EXPECT_TRUE(r["final"]["train"]["average_precision"].is_null());
    EXPECT_TRUE(r["final"]["train"]["brier"].is_number());
    EXPECT_EQ(r["status"], "completed");
  }
  // With room for every score, no file is needed and no folder matters.
  const std::string report = folder.file("fits.json");
  ASSERT_EQ(run_in_bash("TMPDIR=" + folder.file("missing") + " $ADTRAIN --data " + train +
                        " --stream --lr 1 --epochs 1 --quiet --report " + report + " 2>" +
                        folder.file("err.txt")),
            0);
  EXPECT_EQ(read_text(folder.file("err.txt")), "");
  EXPECT_TRUE(read_json(report)["final"]["train"]["roc_auc"].is_number());
}

TEST(Stream, HeldOutValidationRowsGetTheScoreMetricsToo) {
  ScratchFolder folder;
  const std::string data = generated_csv(folder, 200000);
  const json r = train_report(folder,
                              {"--data", data, "--stream", "--memory-limit", "8M", "--lr", "1",
                               "--epochs", "2", "--validation-split", "0.3"},
                              "r.json");
  for (const char* part : {"train", "validation"}) {
    for (const char* key : {"roc_auc", "average_precision", "brier"}) {
      EXPECT_TRUE(r["final"][part][key].is_number()) << part << " " << key;
    }
  }
  EXPECT_GT(r["final"]["validation"]["roc_auc"].get<double>(), 0.5);
}

TEST(Stream, ValidationRowsAreHeldOutByASeededHashTheSameWayEveryRun) {
  ScratchFolder folder;
  const std::string data = generated_csv(folder, 4000);
  const std::vector<std::string> args = {
      "--data", data,       "--stream", "--batch-size",       "20",  "--lr",
      "0.3",    "--epochs", "2",        "--validation-split", "0.25"};
  const json first = train_report(folder, args, "a.json");
  const json again = train_report(folder, args, "b.json");
  EXPECT_EQ(first["model"], again["model"]);
  EXPECT_EQ(first["final"], again["final"]);
  const int held = first["data"]["validation"]["rows"];
  EXPECT_EQ(first["data"]["rows"].get<int>() + held, 4000);
  EXPECT_NEAR(held, 1000, 100);
  EXPECT_EQ(first["stream"]["validation"], "seeded hash of the record number");
  EXPECT_TRUE(first["epochs"][0].contains("val_loss"));
  std::vector<std::string> other_seed = args;
  other_seed.insert(other_seed.end(), {"--seed", "9"});
  const json other = train_report(folder, other_seed, "c.json");
  EXPECT_NE(other["data"]["validation"]["rows"], held);
}

TEST(Stream, ABadRowFailsTheFirstPassBeforeAnyTraining) {
  ScratchFolder folder;
  std::string text = "x1,x2,y\n";
  for (int i = 0; i < 5000; ++i) text += i == 4321 ? "0.5,oops,1\n" : "0.25,0.75,1\n0.1,0.2,0\n";
  const std::string data = folder.write("bad.csv", text);
  const std::string report = folder.file("r.json");
  const RunResult run = run_adtrain(
      {"--data", data, "--stream", "--batch-size", "1", "--lr", "0.1", "--report", report});
  EXPECT_EQ(run.exit_status, 65);
  // The whole-file reader's message, at the true line: the header, then two
  // lines per earlier i.
  const RunResult whole = run_adtrain({"--data", data, "--report", report});
  EXPECT_EQ(whole.exit_status, 65);
  EXPECT_EQ(run.err, whole.err);
  EXPECT_NE(run.err.find(data + ":8644:5:"), std::string::npos) << run.err;
  EXPECT_EQ(run.out.find("epoch"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(report));

  // --skip-bad-rows skips it, as in memory.
  const json skipped = train_report(folder,
                                    {"--data", data, "--stream", "--skip-bad-rows", "--batch-size",
                                     "5", "--lr", "0.1", "--epochs", "2"},
                                    "s.json");
  const json in_memory = train_report(
      folder,
      {"--data", data, "--skip-bad-rows", "--batch-size", "5", "--lr", "0.1", "--epochs", "2"},
      "m.json");
  EXPECT_EQ(skipped["data"]["skipped_rows"], 1);
  expect_same_training(skipped, in_memory, "--skip-bad-rows");
}

TEST(Stream, WhatAStreamCannotDoIsAUsageError) {
  ScratchFolder folder;
  const std::string data = generated_csv(folder, 100);
  for (const auto& [args, says] : std::vector<std::pair<std::vector<std::string>, std::string>>{
           {{"--stream"}, "--data file"},
           {{"--stream", "--data", "-"}, "standard input"},
           {{"--stream", "--data", data, "--plot", folder.file("p.svg")}, "adtrain plot"},
           {{"--stream", "--data", data, "--memory-limit", "1K"}, "too small"},
           {{"--stream", "--data", data, "--batch-size", "1", "--memory-limit", "8M",
             "--shuffle-buffer", "10000000"},
            "does not fit"},
           {{"--data", data, "--memory-limit", "12Q"}, "512M"},
           {{"--data", data, "--batch-size", "0", "--shuffle-buffer", "10"}, "--shuffle-buffer"},
       }) {
    const RunResult run = run_adtrain(args, folder.path(), "1,2,0\n");
    EXPECT_EQ(run.exit_status, 64) << says;
    EXPECT_NE(run.err.find(says), std::string::npos) << run.err;
  }
  EXPECT_FALSE(std::filesystem::exists(folder.file("p.svg")));
  // A pipe can be read only once: refused before anything is read.
  EXPECT_EQ(run_in_bash("$ADTRAIN --stream --data <(cat " + data + ") 2>/dev/null"), 64);
  EXPECT_EQ(
      run_in_bash("$ADTRAIN --stream --data " + data + " --test <(cat " + data + ") 2>/dev/null"),
      64);
}

TEST(Stream, APlainRunOverAFileLargerThanTheLimitSuggestsTheStream) {
  ScratchFolder folder;
  const std::string data = generated_csv(folder, 20000);  // about 1 MB of matrices
  const std::string report = folder.file("r.json");
  const RunResult run = run_adtrain({"--data", data, "--memory-limit", "100K", "--report", report});
  EXPECT_EQ(run.exit_status, 69);
  EXPECT_NE(run.err.find("--stream"), std::string::npos) << run.err;
  EXPECT_FALSE(std::filesystem::exists(report));
  EXPECT_EQ(
      run_adtrain({"--data", data, "--memory-limit", "8M", "--stream", "--epochs", "2", "--quiet"})
          .exit_status,
      0);
}

#ifndef ADTRAIN_SANITIZED  // the sanitizers' shadow memory needs more address space
TEST(Stream, TheDefaultLimitIsHalfTheAddressSpaceTheProcessMayHave) {
  // ulimit -v (as a container's limit would) rather than the host's memory.
  ScratchFolder folder;
  const std::string data = generated_csv(folder, 100);
  const std::string report = folder.file("r.json");
  ASSERT_EQ(run_in_bash("ulimit -v 4000000 && $ADTRAIN --data " + data +
                        " --stream --epochs 1 --quiet --report " + report),
            0);
  EXPECT_EQ(read_json(report)["stream"]["memory_limit_bytes"], 4000000ull * 1024 / 2);
}
#endif

TEST(Stream, EpochLinesShowTheBytesReadAndTheRowsPerSecond) {
  ScratchFolder folder;
  const std::string data = generated_csv(folder, 1000);
  const RunResult run = run_adtrain(
      {"--data", data, "--stream", "--batch-size", "10", "--lr", "0.1", "--epochs", "2"});
  ASSERT_EQ(run.exit_status, 0) << run.err;
  EXPECT_NE(run.out.find("GB read"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("rows/s"), std::string::npos) << run.out;
}

TEST(Stream, AFileChangedBetweenPassesStopsTheRunWithItsName) {
  ScratchFolder folder;
  const std::string data = generated_csv(folder, 20000);
  const std::string out = folder.file("out.txt");
  // Append a row once the first epoch line is out, while later passes come.
  const int status = run_in_bash(
      "$ADTRAIN --data " + data + " --stream --batch-size 100 --lr 0.1 --epochs 100000 > " + out +
      " 2>&1 & pid=$!; for i in $(seq 1 600); do grep -q epoch " + out +
      " && break; sleep 0.05; done; echo 0.5,0.5,1 >> " + data + "; wait $pid");
  EXPECT_EQ(status, 66);
  const std::string text = read_text(out);
  // Between passes, or in one (the file's size no longer what it was).
  EXPECT_NE(text.find(data + ": the file changed"), std::string::npos) << text;
  EXPECT_EQ(text.find("training data ("), std::string::npos);
}

TEST(Stream, SigintStopsWithinTheEpochAndTheReportSaysInterrupted) {
  // The signal comes once an epoch line is out or after 3 s (the lines go
  // to a file, which is written in blocks), within an epoch of per-sample
  // steps over small chunks (set -m: a background job of a script would
  // otherwise ignore SIGINT).
  ScratchFolder folder;
  const std::string data = generated_csv(folder, 100000);
  const std::string report = folder.file("r.json"), out = folder.file("out.txt");
  const int status = run_in_bash(
      "set -m; $ADTRAIN --data " + data + " --stream --batch-size 1 --lr 0.01 --epochs 1000 " +
      "--report " + report + " > " + out + " 2>&1 & pid=$!; for i in $(seq 1 60); do grep -q " +
      "epoch " + out + " && break; sleep 0.05; done; kill -INT $pid; wait $pid");
  EXPECT_EQ(status, 130) << read_text(out);
  ASSERT_TRUE(std::filesystem::exists(report)) << read_text(out);
  const json r = read_json(report);
  EXPECT_EQ(r["status"], "interrupted");
  EXPECT_EQ(r["optimization"]["stop_reason"], "interrupted");
  EXPECT_LT(r["epochs"].size(), 1000u);
  EXPECT_NE(read_text(out).find("interrupted by SIGINT"), std::string::npos);
}

TEST(Stream, StandardInputIsReadOnceAndTrainsTheModelOfTheFile) {
  ScratchFolder folder;
  const std::string data = generated_csv(folder, 3000);
  const std::vector<std::string> args = {
      "--stream", "--batch-size", "10", "--lr", "0.1", "--epochs", "1", "--positive", "1"};
  std::vector<std::string> from_file = {"--data", data};
  from_file.insert(from_file.end(), args.begin(), args.end());
  const json file = train_report(folder, from_file, "f.json");
  const std::string report = folder.file("s.json");
  std::vector<std::string> from_stdin = {"--data", "-", "--quiet", "--report", report};
  from_stdin.insert(from_stdin.end(), args.begin(), args.end());
  const RunResult run = run_adtrain(from_stdin, folder.path(), read_text(data));
  ASSERT_EQ(run.exit_status, 0) << run.err;
  const json piped = read_json(report);
  EXPECT_EQ(piped["model"], file["model"]);
  EXPECT_EQ(piped["epochs"][0]["loss"], file["epochs"][0]["loss"]);
  EXPECT_EQ(piped["data"]["rows"], 3000);
  EXPECT_EQ(piped["data"]["class_counts"], file["data"]["class_counts"]);
  EXPECT_EQ(piped["stream"]["passes"], 1);
  // No pass of its own: no gradient norms, and progressive final figures.
  EXPECT_TRUE(piped["optimization"]["initial_gradient_norm"].is_null());
  EXPECT_EQ(piped["final"]["train"]["total"], 3000);
  EXPECT_EQ(piped["final"]["train"]["loss"], piped["epochs"][0]["loss"]);
  // Progressive figures have no one set of scores to rank, nor a Brier sum.
  for (const char* key : {"roc_auc", "average_precision", "brier"}) {
    EXPECT_TRUE(piped["final"]["train"][key].is_null()) << key;
  }
  EXPECT_TRUE(file["final"]["train"]["roc_auc"].is_number());
}

TEST(Stream, StandardInputRefusesWhatNeedsASecondPass) {
  const std::string rows = "x,y\n1,0\n2,1\n";
  const std::vector<std::string> base = {"--data", "-", "--stream", "--lr", "0.1"};
  const std::vector<std::string> per_sample = {"--batch-size", "1", "--epochs", "1"};
  for (const auto& [extra, says] : std::vector<std::pair<std::vector<std::string>, std::string>>{
           {per_sample, "needs --positive"},
           {{"--positive", "1", "--standardize", "--batch-size", "1", "--epochs", "1"},
            "cannot --standardize"},
           {{"--positive", "1", "--validation-split", "0.5", "--batch-size", "1", "--epochs", "1"},
            "cannot validate"},
           {{"--positive", "1", "--batch-size", "1", "--epochs", "3"}, "give --epochs 1"},
           {{"--positive", "1", "--epochs", "1"}, "mini-batches"},
       }) {
    std::vector<std::string> args = base;
    args.insert(args.end(), extra.begin(), extra.end());
    const RunResult run = run_adtrain(args, std::filesystem::current_path(), rows);
    EXPECT_EQ(run.exit_status, 64) << says;
    EXPECT_NE(run.err.find(says), std::string::npos) << run.err;
  }
  // One class only is known at the end of the one pass: 65, at its place.
  std::vector<std::string> args = base;
  args.insert(args.end(), per_sample.begin(), per_sample.end());
  args.insert(args.end(), {"--positive", "1"});
  const RunResult one_class = run_adtrain(args, std::filesystem::current_path(), "x,y\n1,0\n2,0\n");
  EXPECT_EQ(one_class.exit_status, 65);
  EXPECT_NE(one_class.err.find("<stdin>:2:"), std::string::npos) << one_class.err;
}

#ifndef ADTRAIN_SANITIZED
TEST(Stream, MemoryStaysWithinTheLimitOnAFileLargerThanIt) {
  // 6,000,000 rows: about 245 MB of text, 144 MB as a matrix; the limit is
  // 24 MiB. (Skipped under the sanitizers, whose shadow memory counts.)
  ScratchFolder folder;
  const std::string data = generated_csv(folder, 6000000);
  const json r = train_report(
      folder, {"--data", data, "--stream", "--memory-limit", "24M", "--lr", "1", "--epochs", "1"},
      "r.json");
  const double peak = r["timing"]["peak_memory_bytes"];
  const double file = static_cast<double>(std::filesystem::file_size(data));
  // The program itself takes about 9 MiB before reading anything.
  EXPECT_LT(peak, 24.0 * 1048576 + 16.0 * 1048576) << peak;
  EXPECT_LT(peak, file / 3);
  EXPECT_EQ(r["data"]["rows"], 6000000);
  EXPECT_EQ(r["stream"]["memory_limit_bytes"], 24 * 1048576);
}
#endif

}  // namespace
}  // namespace adtrain::testing
