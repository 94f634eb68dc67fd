// --config files: real TOML (toml++), typed, located errors, the command
// line wins, and paths relative to the file.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "support/adtrain_runner.hpp"

namespace adtrain::testing {
namespace {

RunResult with_config(ScratchFolder& folder, const std::string& text,
                      std::vector<std::string> extra = {}) {
  const std::string config = folder.write("c.toml", text);
  std::vector<std::string> args = {"--config", config, "--quiet", "--report",
                                   folder.file("r.json")};
  args.insert(args.end(), extra.begin(), extra.end());
  return run_adtrain(args);
}

TEST(ConfigFile, InvalidTomlAndWrongTypesAreRefusedWithFileLineAndColumn) {
  ScratchFolder folder;
  const std::string file = folder.file("c.toml");
  for (const auto& [text, message] : std::vector<std::pair<std::string, std::string>>{
           {"optimizer = adam\n", file + ":1:13: "},
           {"standardize = \"yes\"\n", file + ":1:1: 'standardize' must be true or false"},
           {"lr = \"0.5\"\n", file + ":1:1: 'lr' must be a number, not the string \"0.5\""},
           {"epochs = 1.5\n", file + ":1:1: 'epochs' must be a whole number"},
           {"epochs = 3\nlr = \"unterminated\n", file + ":2:"},
           {"\n\nepochz = 3\n", file + ":3:1: unknown option 'epochz'"},
           {"[plot]\nbogus = 1\n", file + ":2:1: unknown option 'bogus'"},
           {"[nonsense]\nx = 1\n", file + ":1:2: unknown table [nonsense]"},
           {"lr = nan\n", file + ":1:1: --lr: must be a finite number"},
           {"no-bias = true\n", "write bias = false"},
           {"data = \"a.csv\"\ngenerate = 5\n",
            file + ":2:1: 'generate' and 'data' exclude each other"},
           {"epochs = -3\n", "must be a whole number"},
       }) {
    const RunResult r = with_config(folder, text);
    EXPECT_EQ(r.exit_status, 64) << text << r.err;
    EXPECT_NE(r.err.find(message), std::string::npos) << text << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  }
}

TEST(ConfigFile, ValidTomlIsReadAsTomlMeansIt) {
  ScratchFolder folder;
  const RunResult r = with_config(folder,
                                  "\xEF\xBB\xBF# a byte-order mark, then TOML\n"
                                  "epochs = 1_0\nlr = 2.5e-1\nbias = false\n"
                                  "init = \"\\u006fnes\"\noptimizer = 'adam'\n"
                                  "[generate]\nrows = 3\n");
  ASSERT_EQ(r.exit_status, 0) << r.err;
  const auto config = read_json(folder.file("r.json"))["config"];
  EXPECT_EQ(config["epochs"], 10);
  EXPECT_EQ(config["lr"], 0.25);
  EXPECT_EQ(config["bias"], false);
  EXPECT_EQ(config["init"], "ones");
  EXPECT_EQ(config["optimizer"], "adam");
}

TEST(ConfigFile, MultilineAndEscapedStringsAreTomlStrings) {
  ScratchFolder folder;
  ASSERT_EQ(run_adtrain({"generate", "--rows", "10", "--out", folder.file("A.csv")}).exit_status,
            0);
  // """...""" is a multi-line string (no newline right after the quotes),
  // \u0041 is "A".
  const RunResult r = with_config(folder, "data = \"\"\"\\u0041.csv\"\"\"\nlabel = \"\\u0079\"\n");
  ASSERT_EQ(r.exit_status, 0) << r.err;
  const auto config = read_json(folder.file("r.json"))["config"];
  EXPECT_EQ(config["data"], folder.file("A.csv"));
  EXPECT_EQ(config["label"], "y");
}

TEST(ConfigFile, TheCommandLineWinsEvenOverAnOptionItExcludes) {
  ScratchFolder folder;
  const RunResult r = with_config(folder, "data = \"missing.csv\"\nepochs = 7\nlr = 0.5\n",
                                  {"--generate", "20", "--epochs", "3"});
  ASSERT_EQ(r.exit_status, 0) << r.err;
  const auto config = read_json(folder.file("r.json"))["config"];
  EXPECT_TRUE(config["data"].is_null());
  EXPECT_EQ(config["generate"], 20);
  EXPECT_EQ(config["epochs"], 3);
  EXPECT_EQ(config["lr"], 0.5);
}

TEST(ConfigFile, RelativePathsAreRelativeToTheConfigFilesFolder) {
  ScratchFolder folder;
  std::filesystem::create_directory(folder.path() / "sub");
  ASSERT_EQ(
      run_adtrain({"generate", "--rows", "10", "--out", folder.file("sub/d.csv")}).exit_status, 0);
  const std::string config = folder.write("sub/c.toml",
                                          "data = \"d.csv\"\nreport = \"r.json\"\n"
                                          "quiet = true\n");
  // Run from elsewhere: the paths still mean sub/d.csv and sub/r.json.
  const RunResult r = run_adtrain({"--config", config}, std::filesystem::temp_directory_path());
  ASSERT_EQ(r.exit_status, 0) << r.err;
  EXPECT_TRUE(std::filesystem::exists(folder.file("sub/r.json")));
  EXPECT_EQ(read_json(folder.file("sub/r.json"))["config"]["data"], folder.file("sub/d.csv"));
}

TEST(ConfigFile, SubcommandTablesConfigureTheirCommand) {
  ScratchFolder folder;
  const std::string config = folder.write("g.toml", "[generate]\nrows = 4\nseed = 3\n");
  const RunResult r =
      run_adtrain({"--config", config, "generate", "--rows", "2", "--out", folder.file("g.csv")});
  ASSERT_EQ(r.exit_status, 0) << r.err;
  // --rows on the command line wins over the table.
  const std::string csv = read_text(folder.file("g.csv"));
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 3) << csv;
}

TEST(ConfigFile, AMissingOrUnreadableFileIs66) {
  ScratchFolder folder;
  EXPECT_EQ(run_adtrain({"--config", folder.file("none.toml")}).exit_status, 66);
  EXPECT_EQ(run_adtrain({"--config", folder.path().string()}).exit_status, 66);
}

}  // namespace
}  // namespace adtrain::testing
