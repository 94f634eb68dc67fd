// Comment lines are opt-in (ReadOptions::comment): by default a line that
// starts with '#' is data, so a value like "#1" is never dropped unseen.
#include <gtest/gtest.h>

#include <stdexcept>

#include "table_test_support.hpp"

namespace adtrain::data {
namespace {

using testing::data_file;
using testing::parse;
using testing::parse_error;

TEST(Comments, NoneByDefaultSoNoRowIsLost) {
  const std::string path = data_file("good/hash_ids.csv");
  const LabeledTable table = read_labeled_table(path, {.features = {"x"}});
  ASSERT_EQ(table.features.n_rows, 5U);
  EXPECT_EQ(table.features(0, 0), 1.0);
  EXPECT_EQ(table.features(4, 0), 5.0);
  EXPECT_EQ(table.class_counts, (std::array<std::size_t, 2>{3, 2}));
  EXPECT_EQ(testing::read_error(path),
            path + ":2:1: non-numeric value in column 'id' (found \"#1\")");
}

TEST(Comments, ABlankLinesOnlyFileSaysNothingOfComments) {
  EXPECT_EQ(parse_error("\n  \n"), "t.csv:1:1: no data (found only blank lines)");
  EXPECT_EQ(parse_error("\n# c\n", {.comment = '#'}),
            "t.csv:1:1: no data (found only blank lines and comments)");
}

TEST(Comments, WithoutTheOptionAHashLineIsARecord) {
  // Header auto: "#a" is a word, so the first line is the header.
  const LabeledTable table = parse("#a,y\n1,0\n2,1\n");
  EXPECT_EQ(table.feature_names, (std::vector<std::string>{"#a"}));
  EXPECT_EQ(parse_error("a,y\n1,0\n# note\n2,1\n"),
            "t.csv:3:1: non-numeric value in column 'a' (found \"# note\")");
}

TEST(Comments, OnlyTheChosenCharacterStartsOne) {
  const std::string text = "; made by hand\na,y\n  ; indented\n1,0\n#2,1\n3,1\n";
  const LabeledTable table = parse(text, {.comment = ';', .skip_bad_rows = true});
  EXPECT_EQ(table.delimiter, Delimiter::comma);
  EXPECT_EQ(table.feature_names, (std::vector<std::string>{"a"}));
  ASSERT_EQ(table.features.n_rows, 2U);
  EXPECT_EQ(table.features(1, 0), 3.0);
  EXPECT_EQ(table.skipped_rows, 1U);  // "#2" is data, and not a number
}

TEST(Comments, CommentsDoNotCountAsRowsNorDisturbTheSniffer) {
  std::string text = "# a;b;c;d\n# e;f;g\nx\ty\n";
  for (int row = 0; row < 30; ++row) text.append("1\t0\n# ;;;\n2\t1\n");
  const LabeledTable table = parse(text, {.comment = '#'});
  EXPECT_EQ(table.delimiter, Delimiter::tab);
  EXPECT_EQ(table.features.n_rows, 60U);
}

TEST(Comments, AQuotedFieldIsNoComment) {
  const LabeledTable table =
      parse("a,b,y\n\"#1\",1,0\n2,2,1\n#3,3,0\n", {.comment = '#', .features = {"b"}});
  ASSERT_EQ(table.features.n_rows, 2U);
  EXPECT_EQ(table.features(0, 0), 1.0);
}

TEST(Comments, TheCharacterMustBePrintable) {
  EXPECT_THROW(parse("a,y\n1,0\n2,1\n", {.comment = '"'}), std::invalid_argument);
  EXPECT_THROW(parse("a,y\n1,0\n2,1\n", {.comment = ' '}), std::invalid_argument);
  EXPECT_THROW(parse("a,y\n1,0\n2,1\n", {.comment = '\n'}), std::invalid_argument);
}

}  // namespace
}  // namespace adtrain::data
