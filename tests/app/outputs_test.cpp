// Outputs never destroy data: not an input, not another output, not a
// device, a link or a file's mode; "-" is standard output; interrupts and
// long names leave nothing behind.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "support/adtrain_runner.hpp"

namespace adtrain::testing {
namespace {

namespace fs = std::filesystem;

struct Files {
  ScratchFolder folder;
  std::string data = folder.file("d.csv");
  std::string model = folder.file("m.json");
  Files() {
    EXPECT_EQ(run_adtrain({"generate", "--rows", "30", "--out", data}).exit_status, 0);
    EXPECT_EQ(run_adtrain({"--data", data, "--quiet", "--report", model}).exit_status, 0);
  }
};

bool no_temporary_files(const fs::path& folder) {
  for (const auto& entry : fs::directory_iterator(folder)) {
    if (entry.path().filename().string().rfind(".adtrain-", 0) == 0) return false;
  }
  return true;
}

TEST(Outputs, AnOutputThatIsAnInputIsRefusedBeforeAnythingIsRead) {
  Files f;
  const std::string data_text = read_text(f.data), model_text = read_text(f.model);
  const std::string config = f.folder.write("c.toml", "epochs = 2\n");
  fs::create_symlink(f.data, f.folder.file("link.csv"));
  const std::string dotted = (f.folder.path() / "." / "d.csv").string();
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"--data", f.data, "--report", f.data},
           {"--data", f.data, "--plot", f.data},
           {"--data", f.data, "--report", f.folder.file("link.csv")},
           {"--data", f.data, "--report", dotted},
           {"--config", config, "--report", config},
           {"--report", f.folder.file("x"), "--plot", f.folder.file("x")},
           {"--report", "-", "--plot", "-"},
           {"predict", "--model", f.model, "--data", f.data, "--out", f.data},
           {"predict", "--model", f.model, "--data", f.data, "--out", f.model},
           {"plot", "--report", f.model, "--out", f.model},
           {"plot", "--report", f.model, "--data", f.data, "--out", f.folder.file("link.csv")},
       }) {
    const RunResult r = run_adtrain(args);
    EXPECT_EQ(r.exit_status, 64) << args[0] << " " << args[1] << ": " << r.err;
    EXPECT_TRUE(r.err.find("same file") != std::string::npos ||
                r.err.find("same output") != std::string::npos)
        << r.err;
  }
  EXPECT_EQ(read_text(f.data), data_text);
  EXPECT_EQ(read_text(f.model), model_text);
  EXPECT_TRUE(fs::is_symlink(f.folder.file("link.csv")));
}

TEST(Outputs, DashIsStandardOutputForEveryOutput) {
  Files f;
  const RunResult report = run_adtrain({"--data", f.data, "--epochs", "3", "--report", "-"});
  ASSERT_EQ(report.exit_status, 0) << report.err;
  // Pure JSON on stdout; the epoch lines went to stderr.
  EXPECT_EQ(nlohmann::json::parse(report.out)["epochs"].size(), 3u);
  EXPECT_NE(report.err.find("epoch  3/3"), std::string::npos) << report.err;

  const RunResult csv = run_adtrain({"generate", "--rows", "4", "--out", "-"});
  ASSERT_EQ(csv.exit_status, 0) << csv.err;
  EXPECT_EQ(csv.out.rfind("x1,x2,y\n", 0), 0u) << csv.out;
  EXPECT_EQ(std::count(csv.out.begin(), csv.out.end(), '\n'), 5);

  const RunResult svg = run_adtrain({"plot", "--report", f.model, "--out", "-"});
  ASSERT_EQ(svg.exit_status, 0) << svg.err;
  EXPECT_EQ(svg.out.rfind("<?xml", 0), 0u) << svg.out.substr(0, 80);

  const RunResult predictions =
      run_adtrain({"predict", "--model", f.model, "--data", f.data, "--out", "-"});
  ASSERT_EQ(predictions.exit_status, 0) << predictions.err;
  EXPECT_EQ(predictions.out.rfind("row,probability,predicted\n", 0), 0u);
  EXPECT_NE(predictions.err.find("accuracy"), std::string::npos);
}

TEST(Outputs, DevicesAndTheStandardOutputLinkAreWrittenThroughNeverReplaced) {
  Files f;
  EXPECT_EQ(run_adtrain({"--data", f.data, "--quiet", "--report", "/dev/null"}).exit_status, 0);
  EXPECT_TRUE(fs::is_character_file("/dev/null"));
  const RunResult full = run_adtrain({"--data", f.data, "--quiet", "--report", "/dev/full"});
  EXPECT_EQ(full.exit_status, 73) << full.err;
  EXPECT_NE(full.err.find("No space left on device"), std::string::npos) << full.err;
  EXPECT_TRUE(fs::is_character_file("/dev/full"));
  const RunResult out = run_adtrain({"generate", "--rows", "3", "--out", "/dev/stdout"});
  EXPECT_EQ(out.exit_status, 0) << out.err;
  EXPECT_EQ(out.out.rfind("x1,x2,y\n", 0), 0u) << out.out;
  EXPECT_TRUE(fs::is_symlink("/dev/stdout"));
  EXPECT_EQ(run_adtrain({"predict", "--model", f.model, "--data", f.data, "--out", "/dev/null"})
                .exit_status,
            0);
  EXPECT_TRUE(fs::is_character_file("/dev/null"));
}

TEST(Outputs, AFifoIsWrittenThroughAndOneWithoutAReaderIsRefusedAtOnce) {
  Files f;
  const std::string fifo = f.folder.file("pipe"), copy = f.folder.file("copy.csv");
  ASSERT_EQ(run_in_bash("mkfifo " + fifo), 0);
  const RunResult lonely = run_adtrain({"generate", "--rows", "3", "--out", fifo});
  EXPECT_EQ(lonely.exit_status, 73) << lonely.err;
  EXPECT_NE(lonely.err.find("no reader"), std::string::npos) << lonely.err;
  EXPECT_EQ(run_in_bash("cat " + fifo + " > " + copy +
                        " & sleep 1; $ADTRAIN generate --rows 3 "
                        "--out " +
                        fifo + " >/dev/null; s=$?; wait; exit $s"),
            0);
  EXPECT_EQ(read_text(copy).rfind("x1,x2,y\n", 0), 0u);
  EXPECT_TRUE(fs::is_fifo(fifo));
}

TEST(Outputs, LinksStayLinksAndModesAreKept) {
  Files f;
  const std::string target = f.folder.file("target.json"), link = f.folder.file("link.json");
  f.folder.write("target.json", "old");
  fs::create_symlink("target.json", link);  // relative, as people make them
  ::chmod(target.c_str(), 0600);
  ASSERT_EQ(run_adtrain({"--data", f.data, "--quiet", "--report", link}).exit_status, 0);
  EXPECT_TRUE(fs::is_symlink(link));
  EXPECT_NO_THROW(nlohmann::json::parse(read_text(target)));
  struct stat info {};
  ASSERT_EQ(::stat(target.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 07777, 0600u);

  // A dangling link gets its target created.
  const std::string dangling = f.folder.file("dangling.json");
  fs::create_symlink(f.folder.file("new.json"), dangling);
  ASSERT_EQ(run_adtrain({"--data", f.data, "--quiet", "--report", dangling}).exit_status, 0);
  EXPECT_TRUE(fs::is_symlink(dangling));
  EXPECT_TRUE(fs::is_regular_file(f.folder.file("new.json")));

  // A read-only file is not replaced, even by root.
  const std::string locked = f.folder.write("locked.json", "keep me");
  ::chmod(locked.c_str(), 0444);
  const RunResult r = run_adtrain({"--data", f.data, "--quiet", "--report", locked});
  EXPECT_EQ(r.exit_status, 73) << r.err;
  EXPECT_NE(r.err.find("read-only"), std::string::npos) << r.err;
  EXPECT_EQ(read_text(locked), "keep me");
}

TEST(Outputs, LongNamesWorkOrFailBeforeTraining) {
  Files f;
  const std::string long_name = f.folder.file(std::string(250, 'r') + ".json");
  ASSERT_EQ(long_name.size() - f.folder.path().string().size() - 1, 255u);
  const RunResult ok = run_adtrain({"--data", f.data, "--quiet", "--report", long_name});
  EXPECT_EQ(ok.exit_status, 0) << ok.err;
  EXPECT_TRUE(fs::exists(long_name));
  const std::string too_long = f.folder.file(std::string(256, 'r'));
  const RunResult bad =
      run_adtrain({"--generate", "2", "--epochs", "100000000", "--quiet", "--report", too_long});
  EXPECT_EQ(bad.exit_status, 73) << bad.err;  // at once: not after 1e8 epochs
  EXPECT_NE(bad.err.find("longer than its folder allows"), std::string::npos) << bad.err;
  EXPECT_TRUE(no_temporary_files(f.folder.path()));
}

TEST(Outputs, AnInterruptStopsAfterTheEpochAndStillWritesTheReport) {
  Files f;
  for (const auto& [signal, status] :
       std::vector<std::pair<std::string, int>>{{"INT", 130}, {"TERM", 143}}) {
    const std::string report = f.folder.file(signal + ".json");
    const int exit_status = run_in_bash("timeout --foreground --preserve-status -s " + signal +
                                        " 1 $ADTRAIN --generate 2 --epochs " +
                                        "100000000 --quiet --report " + report + " 2>/dev/null");
    EXPECT_EQ(exit_status, status) << signal;
    ASSERT_TRUE(fs::exists(report)) << signal;
    const auto j = read_json(report);
    EXPECT_EQ(j["status"], "interrupted");
    EXPECT_EQ(j["optimization"]["stop_reason"], "interrupted");
    EXPECT_GT(j["optimization"]["iterations"].get<long>(), 0);
  }
  EXPECT_TRUE(no_temporary_files(f.folder.path()));
}

TEST(Outputs, EpochLinesReachALogFileAsTheyComeNotOnlyWhenABlockFills) {
  // A line every 5 epochs of 10,000 per-sample steps. Written in blocks, the
  // log would show nothing until a 4 KiB block, about 48 of these lines,
  // filled; flushed as they come, the first sight of it holds the first
  // line, or the few of one tenth of a second. The run is stopped (status
  // 130) at that first sight, however long it took (the sanitizers slow
  // the steps a hundredfold), and the lines seen then are counted.
  Files f;
  const std::string log = f.folder.file("log.txt");
  const std::string count = f.folder.file("count.txt");
  const int status = run_in_bash(
      "set -m; $ADTRAIN --generate 10000 --batch-size 1 --lr 0.1 --epochs 100000 --log-every 5 > " +
      log + " 2>/dev/null & pid=$!; n=0; for i in $(seq 1 2400); do n=$(grep -c '^epoch' " + log +
      "); [ \"$n\" -gt 0 ] && break; sleep 0.05; done; echo $n > " + count +
      "; kill -INT $pid; wait $pid");
  EXPECT_EQ(status, 130) << read_text(log);
  const int seen = std::stoi(read_text(count));
  EXPECT_GT(seen, 0) << "no epoch line within 120 s";
  EXPECT_LT(seen, 30) << "the log's first lines came as a block:\n" << read_text(log);
}

TEST(Outputs, AFullDiskFailsWith73AndLeavesTheOldFileAndNoTemporaryFile) {
  // A 16 KB tmpfs in a private mount namespace (CI runs as root).
  if (run_in_bash("unshare -m true 2>/dev/null") != 0) GTEST_SKIP() << "no mount namespaces here";
  ScratchFolder folder;
  const std::string disk = folder.file("disk");
  std::filesystem::create_directory(disk);
  const int status = run_in_bash(
      "unshare -m bash -c \"mount -t tmpfs -o size=16k tmpfs " + disk + " && echo old > " + disk +
      "/r.json && $ADTRAIN --epochs 500 --quiet --report " + disk + "/r.json 2>" + disk +
      "/../err.txt; s=\\$?; test \\\"\\$(cat " + disk + "/r.json)\\\" = old || exit 90; " +
      "ls -A " + disk + " | grep -q adtrain- && exit 91; exit \\$s\"");
  EXPECT_EQ(status, 73) << read_text(folder.file("err.txt"));
  EXPECT_NE(read_text(folder.file("err.txt")).find("No space left on device"), std::string::npos);
}

}  // namespace
}  // namespace adtrain::testing
