// The real adtrain binary under mpirun, on loopback: a run shared among K
// processes gives the model of one process, faults end every process with
// one message, and nothing hangs (every mpirun runs under timeout).
#include <gtest/gtest.h>

#include <bit>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "support/adtrain_runner.hpp"
#include "support/tables.hpp"

namespace adtrain::testing {
namespace {

namespace fs = std::filesystem;

// `mpirun ... -np K adtrain ARGS`, from the folder, stderr into err.txt;
// returns mpirun's status (124 from timeout: a hang).
int mpirun(std::size_t processes, const std::string& args, const ScratchFolder& folder) {
  return run_in_bash("cd " + folder.path().string() + " && timeout 100 " ADTRAIN_MPIEXEC " " +
                     std::to_string(processes) + " $ADTRAIN " + args + " 2>err.txt");
}

// The same run on one process, without mpirun.
int alone(const std::string& args, const ScratchFolder& folder) {
  return run_in_bash("cd " + folder.path().string() + " && $ADTRAIN " + args + " 2>err.txt");
}

std::vector<std::uint64_t> bits_of(const nlohmann::json& numbers) {
  std::vector<std::uint64_t> bits;
  for (const auto& x : numbers) bits.push_back(std::bit_cast<std::uint64_t>(x.get<double>()));
  return bits;
}

// What must not depend on the process count: the model and every figure
// of the final evaluation, the score metrics included (the ranking metrics
// from every process's scores gathered on process 0, the Brier score from
// the block sums).
void expect_same_model(const nlohmann::json& one, const nlohmann::json& many,
                       const std::string& what) {
  EXPECT_EQ(bits_of(one["model"]["weights"]), bits_of(many["model"]["weights"])) << what;
  EXPECT_EQ(one["model"]["bias"], many["model"]["bias"]) << what;
  EXPECT_EQ(one["model"]["standardization"], many["model"]["standardization"]) << what;
  EXPECT_EQ(one["final"], many["final"]) << what;
  for (const char* part : {"train", "validation"}) {
    if (!many["final"][part].is_object()) continue;
    for (const char* key : {"roc_auc", "average_precision", "brier"}) {
      EXPECT_TRUE(many["final"][part][key].is_number()) << part << " " << key << ", " << what;
    }
  }
  EXPECT_EQ(one["optimization"]["iterations"], many["optimization"]["iterations"]) << what;
  EXPECT_EQ(one["data"]["rows"], many["data"]["rows"]) << what;
  EXPECT_EQ(one["data"]["class_counts"], many["data"]["class_counts"]) << what;
}

// Three blocks of rows and a bit: every process count splits the sums.
const std::string big = "--generate 150000 --seed 3 --quiet";

TEST(Mpi, FullBatchNewtonAndLbfgsGiveTheBitsOfOneProcess) {
  ScratchFolder folder;
  for (const std::string options :
       {"--optimizer newton --l2 1e-4", "--optimizer lbfgs --l2 1e-4 --standardize",
        "--epochs 8 --lr 2"}) {
    ASSERT_EQ(alone(big + " " + options + " --report one.json", folder), 0)
        << read_text(folder.file("err.txt"));
    const auto one = read_json(folder.file("one.json"));
    for (std::size_t k : {2, 3}) {
      ASSERT_EQ(mpirun(k, big + " " + options + " --report many.json", folder), 0)
          << read_text(folder.file("err.txt"));
      const auto many = read_json(folder.file("many.json"));
      expect_same_model(one, many, options + ", " + std::to_string(k) + " processes");
      EXPECT_EQ(many["distributed"]["processes"], k);
      EXPECT_EQ(many["distributed"]["same_bits_as_one_process"], true);
      std::size_t rows = 0;
      for (const auto& r : many["distributed"]["training_rows_per_process"])
        rows += r.get<std::size_t>();
      EXPECT_EQ(rows, 150000u);
    }
    // One process reports no distributed section: exactly as without mpirun.
    EXPECT_FALSE(one.contains("distributed"));
  }
}

TEST(Mpi, ValidationSplitAndStandardizationGiveTheBitsOfOneProcess) {
  ScratchFolder folder;
  const std::string run =
      big + " --optimizer newton --l2 1e-3 --standardize --validation-split 0.3";
  ASSERT_EQ(alone(run + " --report one.json", folder), 0) << read_text(folder.file("err.txt"));
  ASSERT_EQ(mpirun(3, run + " --report many.json", folder), 0) << read_text(folder.file("err.txt"));
  const auto one = read_json(folder.file("one.json"));
  const auto many = read_json(folder.file("many.json"));
  expect_same_model(one, many, "validation split, 3 processes");
  EXPECT_EQ(one["data"]["validation"], many["data"]["validation"]);
  EXPECT_EQ(bits_of(nlohmann::json::array({one["epochs"].back()["val_loss"]})),
            bits_of(nlohmann::json::array({many["epochs"].back()["val_loss"]})));
}

// Mini-batches add each process's part of a batch in process order: the same
// rows as one process, the same bits for a given process count.
TEST(Mpi, MiniBatchRunsAreReproducibleForAProcessCount) {
  ScratchFolder folder;
  const std::string run = big + " --optimizer adam --batch-size 5000 --epochs 3 --lr 0.05";
  ASSERT_EQ(alone(run + " --report one.json", folder), 0) << read_text(folder.file("err.txt"));
  ASSERT_EQ(mpirun(2, run + " --report a.json", folder), 0) << read_text(folder.file("err.txt"));
  ASSERT_EQ(mpirun(2, run + " --report b.json", folder), 0) << read_text(folder.file("err.txt"));
  const auto one = read_json(folder.file("one.json"));
  const auto a = read_json(folder.file("a.json"));
  const auto b = read_json(folder.file("b.json"));
  EXPECT_EQ(bits_of(a["model"]["weights"]), bits_of(b["model"]["weights"]));
  EXPECT_EQ(a["distributed"]["same_bits_as_one_process"], false);
  for (std::size_t j = 0; j < 3; ++j) {
    const double x = one["model"]["weights"][j], y = a["model"]["weights"][j];
    EXPECT_NEAR(x, y, 1e-12 * std::abs(x)) << j;
  }
}

// Each process reads its share of the file; the table is the whole file's.
TEST(Mpi, AFileReadInSharesGivesTheBitsOfOneProcess) {
  ScratchFolder folder;
  ASSERT_EQ(alone("generate --rows 150000 --seed 5 --out big.csv", folder), 0);
  ASSERT_EQ(alone("generate --rows 3000 --seed 6 --out test.csv", folder), 0);
  const std::string run =
      "--data big.csv --test test.csv --optimizer lbfgs --l2 1e-4 --standardize --quiet";
  ASSERT_EQ(alone(run + " --report one.json", folder), 0) << read_text(folder.file("err.txt"));
  const auto one = read_json(folder.file("one.json"));
  for (std::size_t k : {2, 3}) {
    ASSERT_EQ(mpirun(k, run + " --report many.json", folder), 0)
        << read_text(folder.file("err.txt"));
    const auto many = read_json(folder.file("many.json"));
    expect_same_model(one, many, "file, " + std::to_string(k) + " processes");
    EXPECT_EQ(one["data"], many["data"]);
  }
}

// A bad row in the last process's share: the whole-file message, once, and
// every process exits with 65.
TEST(Mpi, ABadRowInTheLastShareIsReportedOnceWithItsLine) {
  ScratchFolder folder;
  std::string csv = "x1,x2,y\n";
  for (int i = 0; i < 3000; ++i) csv += i == 2900 ? "0.5,oops,1\n" : "0.25,0.75,0\n0.75,0.25,1\n";
  folder.write("bad.csv", csv);
  EXPECT_EQ(alone("--data bad.csv --quiet", folder), 65);
  const std::string expected = read_text(folder.file("err.txt"));
  EXPECT_NE(expected.find("bad.csv:5802:"), std::string::npos) << expected;
  for (std::size_t k : {2, 3}) {
    EXPECT_EQ(mpirun(k, "--data bad.csv --quiet", folder), 65);
    EXPECT_EQ(read_text(folder.file("err.txt")), expected) << k << " processes";
  }
}

// A quoted line break could be cut by a split point: refused with its line.
TEST(Mpi, AQuotedLineBreakIsRefusedWhenTheFileIsShared) {
  ScratchFolder folder;
  folder.write("quoted.csv", "x1,x2,y\n0.1,0.2,0\n\"0.3\n\",0.4,1\n0.5,0.6,1\n");
  EXPECT_EQ(mpirun(2, "--data quoted.csv --quiet", folder), 65);
  const std::string err = read_text(folder.file("err.txt"));
  EXPECT_NE(err.find("quoted.csv:3:"), std::string::npos) << err;
  EXPECT_NE(err.find("cannot be split among processes"), std::string::npos) << err;
}

TEST(Mpi, FewerRowsThanProcessesIsFine) {
  ScratchFolder folder;
  const std::string run = "--generate 2 --optimizer lbfgs --l2 0.1 --quiet";
  ASSERT_EQ(alone(run + " --report one.json", folder), 0) << read_text(folder.file("err.txt"));
  ASSERT_EQ(mpirun(3, run + " --report many.json", folder), 0) << read_text(folder.file("err.txt"));
  expect_same_model(read_json(folder.file("one.json")), read_json(folder.file("many.json")),
                    "2 rows, 3 processes");
}

// --plot: process 0 writes the picture of one process, byte for byte, on 2
// and 3 processes. Returns the one-process picture.
std::string expect_the_picture_of_one_process(const std::string& run, const ScratchFolder& folder) {
  EXPECT_EQ(alone(run + " --plot one.svg", folder), 0) << read_text(folder.file("err.txt"));
  const std::string one = read_text(folder.file("one.svg"));
  for (std::size_t k : {2, 3}) {
    fs::remove(folder.file("many.svg"));
    EXPECT_EQ(mpirun(k, run + " --plot many.svg", folder), 0) << read_text(folder.file("err.txt"));
    EXPECT_TRUE(fs::exists(folder.file("many.svg")) && read_text(folder.file("many.svg")) == one)
        << run << ", " << k << " processes";
  }
  return one;
}

// Each process holds several blocks of rows, and more than the panel draws:
// the rows drawn, spread over all processes, are the ones one process picks.
TEST(Mpi, ThePictureOfGeneratedDataIsThatOfOneProcess) {
  ScratchFolder folder;
  const std::string one =
      expect_the_picture_of_one_process("--generate 200000 --seed 3 --epochs 5 --quiet", folder);
  EXPECT_NE(one.find("Showing 5,000 of 200,000 points, sampled evenly."), std::string::npos);
}

// A file read in shares; a feature out of the plane is held at the training
// mean, which every process count computes to the same bits: the model's
// standardization mean, or the same statistic taken for the picture.
TEST(Mpi, ThePictureOfAFileWithAFeatureHeldIsThatOfOneProcess) {
  ScratchFolder folder;
  folder.write("three.csv", three_feature_csv(150000));
  const std::string standardized = expect_the_picture_of_one_process(
      "--data three.csv --standardize --validation-split 0.1 --optimizer newton --quiet "
      "--plot-features c,a",
      folder);
  EXPECT_NE(standardized.find("b is held at their training mean"), std::string::npos);
  const std::string raw = expect_the_picture_of_one_process(
      "--data three.csv --optimizer newton --l2 1e-3 --quiet --plot-features a,b", folder);
  EXPECT_NE(raw.find("c is held at their training mean"), std::string::npos);
}

TEST(Mpi, ThePictureOfFewerRowsThanProcessesIsThatOfOneProcess) {
  ScratchFolder folder;
  expect_the_picture_of_one_process("--generate 2 --optimizer lbfgs --l2 0.1 --quiet", folder);
}

TEST(Mpi, ProcessZeroAloneSpeaks) {
  ScratchFolder folder;
  ASSERT_EQ(run_in_bash("cd " + folder.path().string() +
                        " && timeout 100 " ADTRAIN_MPIEXEC
                        " 3 $ADTRAIN --epochs 4 --log-every 2 > out.txt 2>err.txt"),
            0);
  const std::string out = read_text(folder.file("out.txt"));
  std::size_t epoch_lines = 0;
  for (std::size_t at = out.find("epoch "); at != std::string::npos;
       at = out.find("epoch ", at + 1))
    ++epoch_lines;
  EXPECT_EQ(epoch_lines, 2u) << out;  // epochs 2 and 4, once each
  // Four epochs end far from the optimum: one warning, not one per process.
  const std::string err = read_text(folder.file("err.txt"));
  EXPECT_NE(err.find("adtrain: warning"), std::string::npos) << err;
  EXPECT_EQ(err.find("adtrain: warning"), err.rfind("adtrain: warning")) << err;
}

TEST(Mpi, WhatCannotBeSharedIsRefusedWithUsage) {
  ScratchFolder folder;
  EXPECT_EQ(mpirun(2, "--data - < /dev/null", folder), 64);
  EXPECT_NE(read_text(folder.file("err.txt")).find("standard input cannot be split"),
            std::string::npos);
  EXPECT_EQ(mpirun(2, "generate --rows 5 --out g.csv", folder), 64);
  EXPECT_FALSE(fs::exists(folder.file("g.csv")));
}

// The output checks run before any process trains: one message, 73, no file.
TEST(Mpi, AnUnwritableReportStopsEveryProcessBeforeTraining) {
  ScratchFolder folder;
  EXPECT_EQ(mpirun(3, "--epochs 100000000 --report missing/r.json", folder), 73);
  const std::string err = read_text(folder.file("err.txt"));
  EXPECT_EQ(err.find("adtrain: error"), err.rfind("adtrain: error")) << err;  // once
}

// A misspelt --plot-features and an unwritable picture stop every process
// before training, with one message.
TEST(Mpi, PictureProblemsStopEveryProcessBeforeTraining) {
  ScratchFolder folder;
  EXPECT_EQ(mpirun(3, "--epochs 100000000 --plot p.svg --plot-features x1,nope", folder), 64);
  std::string err = read_text(folder.file("err.txt"));
  EXPECT_NE(err.find("no feature named 'nope'"), std::string::npos) << err;
  EXPECT_EQ(err.find("adtrain: error"), err.rfind("adtrain: error")) << err;
  EXPECT_EQ(mpirun(3, "--epochs 100000000 --plot missing/p.svg", folder), 73);
  err = read_text(folder.file("err.txt"));
  EXPECT_EQ(err.find("adtrain: error"), err.rfind("adtrain: error")) << err;
  EXPECT_FALSE(fs::exists(folder.file("p.svg")));
}

// Starts a long run on `processes` processes (with `environment` before
// mpirun), waits until process 0 prints its first epoch line, then runs
// `signal_command`, where $launcher is the timeout wrapping mpirun, and
// returns mpirun's status. Before training starts a signal ends a process at
// once, as without MPI; hence the wait.
int signal_once_training(std::size_t processes, const std::string& environment,
                         const std::string& signal_command, const ScratchFolder& folder) {
  return run_in_bash("cd " + folder.path().string() + " && { " + environment +
                     " timeout 100 " ADTRAIN_MPIEXEC " " + std::to_string(processes) +
                     " $ADTRAIN --generate 200 --epochs 100000000 --log-every 1000 --report r.json"
                     " > out.txt 2>err.txt & } ; launcher=$!; for i in $(seq 600); do grep -q "
                     "epoch out.txt && break; sleep 0.1; done; " +
                     signal_command + "; wait $launcher");
}

// A SIGINT that reaches one process (the last) stops all of them after the
// same epoch (they ask one another every epoch); process 0 writes the report
// with status interrupted, and every process exits with 130.
TEST(Mpi, AnInterruptOfOneProcessStopsEveryProcessAfterTheSameEpoch) {
  ScratchFolder folder;
  const int status = signal_once_training(
      3, "", "kill -INT $(pgrep -P $(pgrep -P $launcher) | tail -n 1)", folder);
  EXPECT_EQ(status, 130) << read_text(folder.file("err.txt"));
  ASSERT_TRUE(fs::exists(folder.file("r.json")));
  const auto report = read_json(folder.file("r.json"));
  EXPECT_EQ(report["status"], "interrupted");
  EXPECT_NE(read_text(folder.file("err.txt")).find("interrupted by SIGINT"), std::string::npos);
}

// SIGTERM to mpirun reaches every process (Open MPI sends them SIGTERM):
// the report is written with status interrupted, and nothing hangs.
// (mpirun's own status is then its choice, 1 with Open MPI 4.1.) Open MPI
// follows with SIGKILL soon after by default; odls_base_sigkill_timeout
// gives the processes time to finish the epoch and write the report on a
// busy machine (README, "Running on several machines").
TEST(Mpi, TerminatingMpirunStopsEveryProcessAndKeepsTheReport) {
  ScratchFolder folder;
  const int status = signal_once_training(2, "OMPI_MCA_odls_base_sigkill_timeout=5",
                                          "kill -TERM $(pgrep -P $launcher)", folder);
  EXPECT_NE(status, 0);
  EXPECT_NE(status, 124);  // not a hang
  ASSERT_TRUE(fs::exists(folder.file("r.json"))) << read_text(folder.file("err.txt"));
  EXPECT_EQ(read_json(folder.file("r.json"))["status"], "interrupted");
}

}  // namespace
}  // namespace adtrain::testing
