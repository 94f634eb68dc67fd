// adtrain on the sample files of tests/data: every bad file is refused with
// its exact one-line message and status, the good ones load.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <filesystem>

#include "support/adtrain_runner.hpp"

namespace adtrain::testing {
namespace {

namespace fs = std::filesystem;

struct BadFile {
  std::vector<std::string> args;
  std::string message;
  int exit_status;
};

std::ostream& operator<<(std::ostream& out, const BadFile& b) {
  return out << b.args[1];
}

// Paths relative to the repository root, as tests/data/README.md lists them.
const BadFile bad_files[] = {
    {{"--data", "tests/data/bad/empty.csv"},
     "tests/data/bad/empty.csv:1:1: no data (found an empty file)",
     65},
    {{"--data", "tests/data/bad/blank_lines_only.csv"},
     "tests/data/bad/blank_lines_only.csv:1:1: no data (found only blank lines)",
     65},
    {{"--data", "tests/data/bad/comment_lines_only.csv", "--comment", "#"},
     "tests/data/bad/comment_lines_only.csv:1:1: no data (found only blank lines and comments)",
     65},
    {{"--data", "tests/data/bad/header_only.csv"},
     "tests/data/bad/header_only.csv:1:1: no data rows (found only the header)",
     65},
    {{"--data", "tests/data/bad/too_few_fields.csv"},
     "tests/data/bad/too_few_fields.csv:3:4: too few fields: expected 3 (found 2)",
     65},
    {{"--data", "tests/data/bad/too_many_fields.csv"},
     "tests/data/bad/too_many_fields.csv:3:7: too many fields: expected 3 (found 4)",
     65},
    {{"--data", "tests/data/bad/non_numeric.csv"},
     "tests/data/bad/non_numeric.csv:3:3: non-numeric value in column 'x2' (found \"abc\")",
     65},
    {{"--data", "tests/data/bad/missing_value.csv"},
     "tests/data/bad/missing_value.csv:3:1: missing value in column 'x1' (found an empty field)",
     65},
    {{"--data", "tests/data/bad/missing_label.csv"},
     "tests/data/bad/missing_label.csv:3:5: missing value in label column 'y' (found an empty "
     "field)",
     65},
    {{"--data", "tests/data/bad/nan_feature.csv"},
     "tests/data/bad/nan_feature.csv:3:3: missing value in column 'x2' (found \"NaN\")",
     65},
    {{"--data", "tests/data/bad/na_in_first_row.csv"},
     "tests/data/bad/na_in_first_row.csv:1:5: missing value in column 'x2' (found \"NA\")",
     65},
    {{"--data", "tests/data/bad/inf_feature.csv"},
     "tests/data/bad/inf_feature.csv:2:3: non-finite value in column 'x2' (found \"-inf\")",
     65},
    {{"--data", "tests/data/bad/out_of_range.csv"},
     "tests/data/bad/out_of_range.csv:3:1: number out of float64 range in column 'x1' (found "
     "\"1e999\")",
     65},
    {{"--data", "tests/data/bad/unterminated_quote.csv"},
     "tests/data/bad/unterminated_quote.csv:3:3: unterminated quoted field (found no closing "
     "quote)",
     65},
    {{"--data", "tests/data/bad/text_after_quote.csv"},
     "tests/data/bad/text_after_quote.csv:2:6: unexpected text after a closing quote (found \"x\")",
     65},
    {{"--data", "tests/data/bad/label_column_missing.csv", "--label", "target"},
     "tests/data/bad/label_column_missing.csv:1:1: no label column named 'target' (found columns "
     "'x1', 'x2', 'y')",
     65},
    {{"--data", "tests/data/bad/feature_missing.csv", "--features", "x1,x3"},
     "tests/data/bad/feature_missing.csv:1:1: no feature column named 'x3' (found columns 'x1', "
     "'x2', 'y')",
     65},
    {{"--data", "tests/data/bad/single_class.csv"},
     "tests/data/bad/single_class.csv:2:5: only one class in label column 'y' (found \"1\" in all "
     "3 rows)",
     65},
    {{"--data", "tests/data/bad/three_classes.csv"},
     "tests/data/bad/three_classes.csv:4:5: more than two classes in label column 'y' (found "
     "\"a\", \"b\", \"c\")",
     65},
    {{"--data", "tests/data/bad/nul_byte.csv"},
     "tests/data/bad/nul_byte.csv:3:3: unexpected NUL byte (found byte 0x00; is this a binary or "
     "UTF-16 file?)",
     65},
    {{"--data", "tests/data/bad/invalid_utf8.csv"},
     "tests/data/bad/invalid_utf8.csv:3:4: invalid UTF-8 (found byte 0xE9)",
     65},
    {{"--data", "tests/data/bad/utf16.csv"},
     "tests/data/bad/utf16.csv:1:1: not UTF-8 (found bytes 0xFF 0xFE, a UTF-16 byte-order mark)",
     65},
    {{"--data", "tests/data/bad/all_rows_bad.csv"},
     "tests/data/bad/all_rows_bad.csv:2:3: non-numeric value in column 'x2' (found \"a\")",
     65},
    {{"--data", "tests/data/bad/all_rows_bad.csv", "--skip-bad-rows"},
     "tests/data/bad/all_rows_bad.csv:2:3: no data rows left after skipping 2 bad rows; the first: "
     "non-numeric value "
     "in column 'x2' (found \"a\")",
     65},
    {{"--data", "tests/data/bad/some_rows_bad.csv"},
     "tests/data/bad/some_rows_bad.csv:3:3: non-numeric value in column 'x2' (found \"oops\")",
     65},
    {{"--data", "tests/data/bad/directory.csv"},
     "tests/data/bad/directory.csv: is a directory",
     66},
    {{"--data", "tests/data/bad/does_not_exist.csv"},
     "tests/data/bad/does_not_exist.csv: no such file",
     66},
};

class BadDataFile : public ::testing::TestWithParam<BadFile> {};

// Exactly one line on stderr, nothing on stdout, the documented status, and
// an existing report left as it was.
TEST_P(BadDataFile, IsRefusedWithItsExactMessageAndStatus) {
  const BadFile& bad = GetParam();
  ScratchFolder folder;
  const std::string report = folder.write("report.json", "previous report");
  std::vector<std::string> args = bad.args;
  args.insert(args.end(), {"--report", report});
  const RunResult r = run_adtrain(args, source_root());
  EXPECT_EQ(r.exit_status, bad.exit_status);
  EXPECT_EQ(r.err, "adtrain: error: " + bad.message + "\n");
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(read_text(report), "previous report");
}

INSTANTIATE_TEST_SUITE_P(TestsData, BadDataFile, ::testing::ValuesIn(bad_files),
                         [](const ::testing::TestParamInfo<BadFile>& info) {
                           std::string name = fs::path(info.param.args[1]).stem().string();
                           for (std::size_t i = 2; i < info.param.args.size(); ++i) {
                             if (info.param.args[i] == "--skip-bad-rows") name += "_skipping";
                           }
                           return name;
                         });

TEST(DataFiles, UnreadableFileExitsWith66) {
  ScratchFolder folder;
  fs::permissions(folder.path(), fs::perms::all);  // nobody must reach the file to be refused it
  const std::string path = folder.write("secret.csv", "x1,y\n1,0\n2,1\n");
  fs::permissions(path, fs::perms::none);
  const RunResult r = run_adtrain_as_nobody({"--data", path}, "/");
  ASSERT_NE(r.exit_status, 127) << "the adtrain binary is not reachable for user nobody";
  EXPECT_EQ(r.exit_status, 66) << r.err;
  EXPECT_EQ(r.err, "adtrain: error: " + path + ": permission denied\n");
}

TEST(DataFiles, SkipBadRowsDropsAndCountsThemOnStderrAndInTheReport) {
  ScratchFolder folder;
  const RunResult r = run_adtrain({"--data", "tests/data/bad/some_rows_bad.csv", "--skip-bad-rows",
                                   "--epochs", "2", "--report", folder.file("r.json")},
                                  source_root());
  ASSERT_EQ(r.exit_status, 0) << r.err;
  // The first line; a convergence warning for the 2-epoch run follows it.
  EXPECT_EQ(r.err.substr(0, r.err.find('\n') + 1),
            "adtrain: skipped 2 bad rows in tests/data/bad/some_rows_bad.csv (--skip-bad-rows)\n");
  const auto report = read_json(folder.file("r.json"));
  EXPECT_EQ(report["data"]["skipped_rows"], 2);
  EXPECT_EQ(report["data"]["rows"], 3);
  EXPECT_EQ(report["config"]["skip_bad_rows"], true);
}

TEST(DataFiles, StandardInputIsReadWithDashAndNamedInErrors) {
  ScratchFolder folder;
  const RunResult good =
      run_adtrain({"--data", "-", "--epochs", "1", "--quiet", "--report", folder.file("r.json")},
                  folder.path(), "a,b,y\n0.1,0.2,0\n0.9,0.8,1\n0.2,0.1,0\n");
  ASSERT_EQ(good.exit_status, 0) << good.err;
  const auto report = read_json(folder.file("r.json"));
  EXPECT_EQ(report["data"]["source"], "-");
  EXPECT_EQ(report["data"]["rows"], 3);
  EXPECT_EQ(report["data"]["feature_names"], (nlohmann::json{"a", "b"}));
  const RunResult bad = run_adtrain({"--data", "-"}, folder.path(), "a,y\n1,0\n2,1,7\n");
  EXPECT_EQ(bad.exit_status, 65);
  EXPECT_EQ(bad.err, "adtrain: error: <stdin>:3:5: too many fields: expected 2 (found 3)\n");
}

// What each good file teaches the reader, checked through the report.
struct GoodFile {
  std::vector<std::string> args;
  std::size_t rows;
  std::vector<std::string> feature_names;
  std::string label;
  std::array<std::string, 2> classes;
  std::string delimiter;
  bool header;
};

std::ostream& operator<<(std::ostream& out, const GoodFile& g) {
  return out << g.args[1];
}

class GoodDataFile : public ::testing::TestWithParam<GoodFile> {};

TEST_P(GoodDataFile, LoadsAndTrains) {
  const GoodFile& good = GetParam();
  ScratchFolder folder;
  std::vector<std::string> args = good.args;
  args.insert(args.end(), {"--epochs", "3", "--quiet", "--report", folder.file("r.json")});
  const RunResult r = run_adtrain(args, source_root());
  ASSERT_EQ(r.exit_status, 0) << r.err;
  const auto data = read_json(folder.file("r.json"))["data"];
  EXPECT_EQ(data["rows"], good.rows);
  EXPECT_EQ(data["feature_names"], good.feature_names);
  EXPECT_EQ(data["label_column"], good.label);
  EXPECT_EQ(data["classes"], good.classes);
  EXPECT_EQ(data["delimiter"], good.delimiter);
  EXPECT_EQ(data["header"], good.header);
}

const GoodFile good_files[] = {
    {{"--data", "tests/data/good/comma.csv"}, 3, {"x1", "x2"}, "y", {"0", "1"}, ",", true},
    {{"--data", "tests/data/good/semicolon.csv"},
     3,
     {"height", "weight"},
     "sick",
     {"no", "yes"},
     ";",
     true},
    {{"--data", "tests/data/good/tab.tsv"}, 2, {"a", "b"}, "label", {"0", "1"}, "tab", true},
    {{"--data", "tests/data/good/whitespace.txt"},
     3,
     {"x1", "x2"},
     "y",
     {"0", "1"},
     "space",
     false},
    {{"--data", "tests/data/good/crlf.csv"}, 2, {"x1", "x2"}, "y", {"0", "1"}, ",", true},
    {{"--data", "tests/data/good/bom.csv"}, 2, {"x1", "x2"}, "y", {"0", "1"}, ",", true},
    {{"--data", "tests/data/good/no_trailing_newline.csv"},
     2,
     {"x1", "x2"},
     "y",
     {"0", "1"},
     ",",
     true},
    {{"--data", "tests/data/good/hash_ids.csv", "--features", "x"},
     5,
     {"x"},
     "y",
     {"0", "1"},
     ",",
     true},
    {{"--data", "tests/data/good/blank_and_comment_lines.csv", "--comment", "#"},
     2,
     {"x1", "x2"},
     "y",
     {"0", "1"},
     ",",
     true},
    {{"--data", "tests/data/good/quoted.csv"},
     2,
     {"a, first", "b \"quoted\""},
     "label",
     {"no", "yes"},
     ",",
     true},
    {{"--data", "tests/data/good/quoted_text_column.csv", "--features", "x"},
     3,
     {"x"},
     "y",
     {"0", "1"},
     ",",
     true},
    {{"--data", "tests/data/good/no_header.csv"}, 3, {"x1", "x2"}, "y", {"0", "1"}, ",", false},
    {{"--data", "tests/data/good/string_labels_no_header.csv"},
     3,
     {"x1", "x2"},
     "y",
     {"cat", "dog"},
     ",",
     false},
    {{"--data", "tests/data/good/true_false.csv"},
     3,
     {"x"},
     "passed",
     {"False", "True"},
     ",",
     true},
    {{"--data", "tests/data/good/minus_one_plus_one.csv"}, 3, {"x"}, "y", {"-1", "+1"}, ",", true},
    {{"--data", "tests/data/good/label_first.csv", "--label", "y"},
     2,
     {"x1", "x2"},
     "y",
     {"0", "1"},
     ",",
     true},
    {{"--data", "tests/data/good/label_first.csv", "--label", "0"},
     2,
     {"x1", "x2"},
     "y",
     {"0", "1"},
     ",",
     true},
    {{"--data", "tests/data/good/signs_and_spaces.csv"},
     2,
     {"x1", "x2"},
     "y",
     {"0", "1"},
     ",",
     true},
    {{"--data", "tests/data/good/utf8_names.csv"},
     2,
     {"größe", "längd"},
     "klasse",
     {"ja", "nein"},
     ",",
     true},
    // Options that override what the reader would infer.
    {{"--data", "tests/data/good/semicolon.csv", "--positive", "no"},
     3,
     {"height", "weight"},
     "sick",
     {"yes", "no"},
     ";",
     true},
    {{"--data", "tests/data/good/comma.csv", "--features", "x2"},
     3,
     {"x2"},
     "y",
     {"0", "1"},
     ",",
     true},
    {{"--data", "tests/data/good/comma.csv", "--delimiter", ",", "--header", "yes"},
     3,
     {"x1", "x2"},
     "y",
     {"0", "1"},
     ",",
     true},
    {{"--data", "tests/data/good/no_header.csv", "--header", "no"},
     3,
     {"x1", "x2"},
     "y",
     {"0", "1"},
     ",",
     false},
};

INSTANTIATE_TEST_SUITE_P(TestsData, GoodDataFile, ::testing::ValuesIn(good_files),
                         [](const ::testing::TestParamInfo<GoodFile>& info) {
                           return fs::path(info.param.args[1]).stem().string() + "_" +
                                  std::to_string(info.index);
                         });

}  // namespace
}  // namespace adtrain::testing
