// The command line itself: help, version, usage errors and --config.
#include <gtest/gtest.h>

#include "support/adtrain_runner.hpp"

namespace adtrain::testing {
namespace {

TEST(Cli, HelpListsOptionsAndExitStatuses) {
  const RunResult r = run_adtrain({"--help"});
  EXPECT_EQ(r.exit_status, 0);
  for (const char* text :
       {"--epochs", "--lr", "--batch-size", "--optimizer", "--config", "--report", "predict",
        "generate", "Exit statuses", "64", "65", "66", "73"}) {
    EXPECT_NE(r.out.find(text), std::string::npos) << text;
  }
}

TEST(Cli, SubcommandHelpToo) {
  const RunResult r = run_adtrain({"predict", "--help"});
  EXPECT_EQ(r.exit_status, 0);
  EXPECT_NE(r.out.find("--model"), std::string::npos);
}

TEST(Cli, VersionPrintsToolAndVersion) {
  const RunResult r = run_adtrain({"--version"});
  EXPECT_EQ(r.exit_status, 0);
  EXPECT_EQ(r.out.rfind("adtrain ", 0), 0u) << r.out;
}

// Every CLI11 parse error maps to 64, with one line on stderr and nothing on stdout.
TEST(Cli, UsageErrorsExitWith64AndOneLine) {
  const std::vector<std::vector<std::string>> bad = {
      {"--no-such-option"},
      {"--lr", "-1"},
      {"--lr", "fast"},
      {"--epochs", "0"},
      {"--optimizer", "rmsprop"},
      {"--init", "gaussian"},
      {"--threads", "-1"},
      {"--threads", "two"},
      {"--data", "x.csv", "--generate", "10"},
      {"--validation-split", "0.2", "--test", "t.csv"},
      {"--validation-split", "1.5"},
      {"generate", "--out", "x.csv"},
      {"predict", "--data", "x.csv"},
      {"--epochs"},
  };
  for (const auto& args : bad) {
    const RunResult r = run_adtrain(args);
    std::string joined;
    for (const auto& a : args) joined += a + " ";
    EXPECT_EQ(r.exit_status, 64) << joined << r.err;
    EXPECT_EQ(r.out, "") << joined;
    ASSERT_FALSE(r.err.empty()) << joined;
    EXPECT_EQ(r.err.rfind("adtrain: error: ", 0), 0u) << r.err;
    EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << "not one line: " << r.err;
  }
}

TEST(Cli, ConfigFileSetsOptionsAndFlagsOverrideIt) {
  ScratchFolder folder;
  const std::string config = folder.write("run.toml", "epochs = 7\nlr = 0.2\ninit = \"ones\"\n");
  const RunResult from_file =
      run_adtrain({"--config", config, "--quiet", "--report", folder.file("a.json")});
  ASSERT_EQ(from_file.exit_status, 0) << from_file.err;
  const auto a = read_json(folder.file("a.json"));
  EXPECT_EQ(a["config"]["epochs"], 7);
  EXPECT_EQ(a["config"]["lr"], 0.2);
  EXPECT_EQ(a["config"]["init"], "ones");
  EXPECT_EQ(a["config"]["config_file"], config);
  EXPECT_EQ(a["epochs"].size(), 7u);

  const RunResult overridden = run_adtrain(
      {"--config", config, "--epochs", "3", "--quiet", "--report", folder.file("b.json")});
  ASSERT_EQ(overridden.exit_status, 0) << overridden.err;
  const auto b = read_json(folder.file("b.json"));
  EXPECT_EQ(b["config"]["epochs"], 3);
  EXPECT_EQ(b["config"]["lr"], 0.2);
  EXPECT_EQ(b["epochs"].size(), 3u);
}

TEST(Cli, UnknownConfigKeyIsAUsageError) {
  ScratchFolder folder;
  const std::string config = folder.write("typo.toml", "epoch = 7\n");
  const RunResult r = run_adtrain({"--config", config});
  EXPECT_EQ(r.exit_status, 64) << r.err;
  EXPECT_NE(r.err.find("epoch"), std::string::npos) << r.err;
}

TEST(Cli, MissingConfigFileExitsWith66) {
  const RunResult r = run_adtrain({"--config", "/nonexistent/adtrain.toml"});
  EXPECT_EQ(r.exit_status, 66) << r.err;
  EXPECT_NE(r.err.find("/nonexistent/adtrain.toml"), std::string::npos) << r.err;
}

TEST(Cli, ShippedConfigsParse) {
  for (const char* name : {"configs/default.toml", "configs/seed.toml"}) {
    ScratchFolder folder;
    const RunResult r =
        run_adtrain({"--config", (source_root() / name).string(), "--epochs", "2", "--quiet"});
    EXPECT_EQ(r.exit_status, 0) << name << ": " << r.err;
  }
}

TEST(Cli, DefaultConfigSaysWhatTheBuiltInDefaultsAre) {
  ScratchFolder folder;
  const RunResult with_file =
      run_adtrain({"--config", (source_root() / "configs/default.toml").string(), "--quiet",
                   "--report", folder.file("file.json")});
  const RunResult without = run_adtrain({"--quiet", "--report", folder.file("plain.json")});
  ASSERT_EQ(with_file.exit_status, 0) << with_file.err;
  ASSERT_EQ(without.exit_status, 0) << without.err;
  auto from_file = read_json(folder.file("file.json"))["config"];
  auto built_in = read_json(folder.file("plain.json"))["config"];
  from_file.erase("config_file");
  built_in.erase("config_file");
  from_file.erase("report");
  built_in.erase("report");
  EXPECT_EQ(from_file, built_in) << from_file.dump(1) << built_in.dump(1);
}

}  // namespace
}  // namespace adtrain::testing
