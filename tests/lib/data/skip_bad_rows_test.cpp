// --skip-bad-rows: malformed rows are dropped and counted, not fatal.
#include <gtest/gtest.h>

#include "table_test_support.hpp"

namespace adtrain::data {
namespace {

using testing::data_file;

const ReadOptions skipping{.skip_bad_rows = true};

TEST(SkipBadRows, DropsAndCountsThem) {
  const std::string path = data_file("bad/some_rows_bad.csv");
  const LabeledTable table = read_labeled_table(path, skipping);
  EXPECT_EQ(table.skipped_rows, 2U);
  ASSERT_EQ(table.features.n_rows, 3U);
  EXPECT_EQ(table.features(0, 0), 1.0);
  EXPECT_EQ(table.features(1, 0), 7.0);
  EXPECT_EQ(table.features(2, 1), 10.0);
  EXPECT_EQ(table.labels.n_elem, 3U);
  EXPECT_EQ(
      table.skipped_row_errors,
      (std::vector<std::string>{path + ":3:3: non-numeric value in column 'x2' (found \"oops\")",
                                path + ":4:4: too few fields: expected 3 (found 2)"}));
}

TEST(SkipBadRows, EveryKindOfRowProblemIsSkippable) {
  const std::string text =
      "a,b,y\n"
      "1,2,0\n"
      "1,x,0\n"
      "1,,0\n"
      "1,nan,0\n"
      "1,1e999,0\n"
      "1,2\n"
      "1,2,0,4\n"
      "1,\"2\"x,1\n"
      "1,2,\n"
      "3,4,1\n";
  const LabeledTable table = testing::parse(text, skipping);
  EXPECT_EQ(table.features.n_rows, 2U);
  EXPECT_EQ(table.skipped_rows, 8U);
  EXPECT_EQ(table.skipped_row_errors.size(), 5U);
  EXPECT_EQ(table.class_counts, (std::array<std::size_t, 2>{1, 1}));
}

TEST(SkipBadRows, ProblemsAfterAClosingQuoteSkipTheWholeRecord) {
  const LabeledTable table = testing::parse("a,b,y\n1,\"2\"x,\"0\n1\",y\n3,4,1\n5,6,0\n", skipping);
  EXPECT_EQ(table.features.n_rows, 2U);
  EXPECT_EQ(table.skipped_rows, 1U);
}

TEST(SkipBadRows, StillFailsWhenNothingIsLeft) {
  const std::string path = data_file("bad/all_rows_bad.csv");
  EXPECT_EQ(testing::read_error(path, skipping),
            path +
                ":2:3: no data rows left after skipping 2 bad rows; the first: non-numeric "
                "value in column 'x2' (found \"a\")");
}

// Found by the fuzzer: the label of a row dropped for a later field used to
// count as a class.
TEST(SkipBadRows, ASkippedRowBringsInNoClass) {
  EXPECT_EQ(testing::parse_error("a,y\n1,0\n2,1,extra\n3,0\n", skipping),
            "t.csv:2:3: only one class in label column 'y' (found \"0\" in all 2 rows)");
  EXPECT_EQ(testing::parse_error("y,a\n0,1\n1,x\n0,3\n", {.label = "y", .skip_bad_rows = true}),
            "t.csv:2:1: only one class in label column 'y' (found \"0\" in all 2 rows)");
}

TEST(SkipBadRows, AnUnterminatedQuoteIsStillFatal) {
  EXPECT_EQ(testing::parse_error("a,b,y\n1,2,0\n3,4,1\n5,\"6,0\n", skipping),
            "t.csv:4:3: unterminated quoted field (found no closing quote)");
}

TEST(SkipBadRows, LabelProblemsOfTheWholeColumnAreStillFatal) {
  EXPECT_EQ(testing::parse_error("a,y\n1,0\n2,0\n3,x\n", skipping), "no DataError");
  EXPECT_EQ(testing::parse_error("a,y\n1,0\n2,1\n3,2\n", skipping),
            "t.csv:4:3: more than two classes in label column 'y' (found \"0\", \"1\", \"2\")");
  EXPECT_EQ(testing::parse_error("a,y\n1,0\nx,1\n", skipping),
            "t.csv:2:3: only one class in label column 'y' (found \"0\" in all 1 row)");
}

}  // namespace
}  // namespace adtrain::data

namespace adtrain::data {
namespace {

// Each kept row's record number: its row number had nothing been skipped, so
// that results can be joined back to the input.
TEST(RecordNumbers, CountSkippedRowsButNotTheHeaderBlankOrCommentLines) {
  const LabeledTable table =
      read_labeled_table(testing::data_file("bad/some_rows_bad.csv"), skipping);
  EXPECT_EQ(table.record_numbers, (std::vector<std::size_t>{1, 4, 5}));
  const LabeledTable spaced =
      testing::parse("# made by hand\na,b,y\n\n1,,0\nx,,1\n# note\n2,\"two\nlines\",1\n\n3,,0\n",
                     {.comment = '#', .features = {"a"}, .skip_bad_rows = true});
  EXPECT_EQ(spaced.record_numbers, (std::vector<std::size_t>{1, 3, 4}));
}

TEST(RecordNumbers, AreOneTwoThreeWithoutSkippedRows) {
  EXPECT_EQ(testing::parse("a,y\n1,0\n2,1\n3,0\n").record_numbers,
            (std::vector<std::size_t>{1, 2, 3}));
  EXPECT_EQ(testing::parse("1,0\n2,1\n").record_numbers, (std::vector<std::size_t>{1, 2}));
}

TEST(RecordNumbers, OnePerRowOfALargeFile) {
  std::string text = "a,y\n";
  for (int row = 0; row < 100'000; ++row) text.append(row % 7 == 3 ? "x,0\n" : "1,1\n2,0\n");
  const LabeledTable table = testing::parse(text, skipping);
  ASSERT_EQ(table.record_numbers.size(), table.features.n_rows);
  EXPECT_EQ(table.record_numbers.back(), 185'714U);  // 200,000 less the 14,286 bad ones
}

}  // namespace
}  // namespace adtrain::data
