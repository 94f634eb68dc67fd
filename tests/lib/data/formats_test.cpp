// Every table layout the reader accepts, loaded from tests/data/good/ or inline.
#include <gtest/gtest.h>

#include "table_test_support.hpp"

namespace adtrain::data {
namespace {

using testing::data_file;
using testing::parse;

void expect_matrix(const arma::mat& actual, const arma::mat& expected) {
  ASSERT_EQ(actual.n_rows, expected.n_rows);
  ASSERT_EQ(actual.n_cols, expected.n_cols);
  for (arma::uword index = 0; index < expected.n_elem; ++index) {
    EXPECT_EQ(actual(index), expected(index)) << "element " << index;
  }
}

void expect_labels(const arma::vec& actual, const std::vector<double>& expected) {
  ASSERT_EQ(actual.n_elem, expected.size());
  for (std::size_t index = 0; index < expected.size(); ++index) {
    EXPECT_EQ(actual(index), expected[index]) << "row " << index;
  }
}

TEST(Formats, CommaWithHeader) {
  const LabeledTable table = read_labeled_table(data_file("good/comma.csv"), {});
  EXPECT_EQ(table.delimiter, Delimiter::comma);
  EXPECT_TRUE(table.has_header);
  EXPECT_EQ(table.feature_names, (std::vector<std::string>{"x1", "x2"}));
  EXPECT_EQ(table.label_name, "y");
  EXPECT_EQ(table.label_index, 2U);
  expect_matrix(table.features, {{0.5, -1.25}, {1.5, 2000.0}, {-3.0, 0.125}});
  expect_labels(table.labels, {0, 1, 1});
  EXPECT_EQ(table.classes, (std::array<std::string, 2>{"0", "1"}));
  EXPECT_EQ(table.class_counts, (std::array<std::size_t, 2>{1, 2}));
  EXPECT_EQ(table.skipped_rows, 0U);
}

TEST(Formats, Semicolon) {
  const LabeledTable table = read_labeled_table(data_file("good/semicolon.csv"), {});
  EXPECT_EQ(table.delimiter, Delimiter::semicolon);
  EXPECT_EQ(table.feature_names, (std::vector<std::string>{"height", "weight"}));
  expect_matrix(table.features, {{1.5, 60}, {1.8, 90}, {1.7, 75}});
  expect_labels(table.labels, {0, 1, 0});
  EXPECT_EQ(table.classes, (std::array<std::string, 2>{"no", "yes"}));
}

TEST(Formats, Tab) {
  const LabeledTable table = read_labeled_table(data_file("good/tab.tsv"), {});
  EXPECT_EQ(table.delimiter, Delimiter::tab);
  EXPECT_EQ(table.feature_names, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(table.label_name, "label");
  expect_matrix(table.features, {{1, 2}, {3, 4}});
}

TEST(Formats, TabKeepsEmptyFieldsBetweenTabs) {
  EXPECT_EQ(testing::parse_error("a\tb\ty\n1\t\t0\n2\t3\t1\n"),
            "t.csv:2:3: missing value in column 'b' (found an empty field)");
}

TEST(Formats, WhitespaceRunsWithoutHeader) {
  const LabeledTable table = read_labeled_table(data_file("good/whitespace.txt"), {});
  EXPECT_EQ(table.delimiter, Delimiter::whitespace);
  EXPECT_FALSE(table.has_header);
  EXPECT_EQ(table.feature_names, (std::vector<std::string>{"x1", "x2"}));
  EXPECT_EQ(table.label_name, "y");
  expect_matrix(table.features, {{1, 2}, {3.5, 4.5}, {5, 6}});
  expect_labels(table.labels, {0, 1, 1});
}

TEST(Formats, CrlfLineEnds) {
  const LabeledTable table = read_labeled_table(data_file("good/crlf.csv"), {});
  EXPECT_EQ(table.label_name, "y");
  expect_matrix(table.features, {{1, 2}, {3, 4}});
  EXPECT_EQ(table.classes, (std::array<std::string, 2>{"0", "1"}));
}

TEST(Formats, ByteOrderMarkIsDropped) {
  const LabeledTable table = read_labeled_table(data_file("good/bom.csv"), {});
  EXPECT_EQ(table.feature_names, (std::vector<std::string>{"x1", "x2"}));
  expect_matrix(table.features, {{1, 2}, {3, 4}});
}

TEST(Formats, NoTrailingNewline) {
  const LabeledTable table = read_labeled_table(data_file("good/no_trailing_newline.csv"), {});
  expect_matrix(table.features, {{1, 2}, {3, 4}});
  expect_labels(table.labels, {0, 1});
}

TEST(Formats, BlankAndCommentLinesAreSkippedWhenCommentsAreAskedFor) {
  const LabeledTable table =
      read_labeled_table(data_file("good/blank_and_comment_lines.csv"), {.comment = '#'});
  EXPECT_TRUE(table.has_header);
  EXPECT_EQ(table.feature_names, (std::vector<std::string>{"x1", "x2"}));
  expect_matrix(table.features, {{1, 2}, {3, 4}});
}

TEST(Formats, QuotedFieldsWithDelimitersAndDoubledQuotes) {
  const LabeledTable table = read_labeled_table(data_file("good/quoted.csv"), {});
  EXPECT_EQ(table.feature_names, (std::vector<std::string>{"a, first", "b \"quoted\""}));
  EXPECT_EQ(table.label_name, "label");
  expect_matrix(table.features, {{1.5, 2}, {3, 4}});
  EXPECT_EQ(table.classes, (std::array<std::string, 2>{"no", "yes"}));
}

TEST(Formats, QuotedLineBreaksInAColumnThatIsNotUsed) {
  ReadOptions options;
  options.features = {"x"};
  const LabeledTable table = read_labeled_table(data_file("good/quoted_text_column.csv"), options);
  expect_matrix(table.features, arma::mat{1.5, 2.5, 3.5}.t());
  expect_labels(table.labels, {0, 1, 1});
}

TEST(Formats, LinesAreCountedInsideQuotedFields) {
  EXPECT_EQ(testing::parse_error("id,x,y\n\"a\nb\nc\",1,0\n\"d\",x,1\n", {.features = {"x"}}),
            "t.csv:5:5: non-numeric value in column 'x' (found \"x\")");
}

TEST(Formats, NoHeaderNamesColumnsXAndY) {
  const LabeledTable table = read_labeled_table(data_file("good/no_header.csv"), {});
  EXPECT_FALSE(table.has_header);
  EXPECT_EQ(table.feature_names, (std::vector<std::string>{"x1", "x2"}));
  EXPECT_EQ(table.label_name, "y");
  expect_matrix(table.features, {{1, 2}, {3, 4}, {5, 6}});
}

TEST(Formats, StringLabelsWithoutHeaderAreNotTakenForAHeader) {
  const LabeledTable table = read_labeled_table(data_file("good/string_labels_no_header.csv"), {});
  EXPECT_FALSE(table.has_header);
  EXPECT_EQ(table.features.n_rows, 3U);
  EXPECT_EQ(table.classes, (std::array<std::string, 2>{"cat", "dog"}));
  expect_labels(table.labels, {0, 1, 0});
}

TEST(Formats, SignsAndSpacesAroundNumbers) {
  const LabeledTable table = read_labeled_table(data_file("good/signs_and_spaces.csv"), {});
  expect_matrix(table.features, {{1.5, -2}, {5, 3}});
}

TEST(Formats, Utf8ColumnNames) {
  const LabeledTable table = read_labeled_table(data_file("good/utf8_names.csv"), {});
  EXPECT_EQ(table.feature_names, (std::vector<std::string>{"größe", "längd"}));
  EXPECT_EQ(table.label_name, "klasse");
}

TEST(Formats, HeaderModesCanBeForced) {
  const LabeledTable absent = parse("1,2,0\n3,4,1\n", {.header = HeaderMode::absent});
  EXPECT_EQ(absent.features.n_rows, 2U);
  const LabeledTable present = parse("1,2,0\n3,4,1\n5,6,0\n", {.header = HeaderMode::present});
  EXPECT_TRUE(present.has_header);
  EXPECT_EQ(present.feature_names, (std::vector<std::string>{"1", "2"}));
  EXPECT_EQ(present.label_name, "0");
  EXPECT_EQ(present.features.n_rows, 2U);
  EXPECT_EQ(testing::parse_error("a,b,y\n1,2,0\n", {.header = HeaderMode::absent}),
            "t.csv:1:1: non-numeric value in column 'x1' (found \"a\")");
}

TEST(Formats, DelimiterCanBeForced) {
  const std::string text = "x y,z\n1 2,0\n3 4,1\n";
  EXPECT_EQ(testing::parse_error(text),
            "t.csv:2:1: non-numeric value in column 'x y' (found \"1 2\")");
  const LabeledTable table = parse(text, {.delimiter = Delimiter::whitespace});
  EXPECT_EQ(table.delimiter, Delimiter::whitespace);
  EXPECT_EQ(table.feature_names, (std::vector<std::string>{"x"}));
  EXPECT_EQ(table.label_name, "y,z");
  EXPECT_EQ(table.classes, (std::array<std::string, 2>{"2,0", "4,1"}));
}

TEST(Formats, SemicolonWinsOverDecimalCommas) {
  // Decimal commas are not numbers, but the message shows the right columns.
  EXPECT_EQ(testing::parse_error("a;b;y\n1,5;2,5;0\n3,5;4,5;1\n"),
            "t.csv:2:1: non-numeric value in column 'a' (found \"1,5\")");
}

TEST(Formats, SingleSpacesAndTabsMixed) {
  const LabeledTable table = parse("1 2 0\n3\t4\t1\n");
  EXPECT_EQ(table.delimiter, Delimiter::whitespace);
  expect_matrix(table.features, {{1, 2}, {3, 4}});
}

TEST(Formats, EmptyQuotedStringIsAMissingValue) {
  EXPECT_EQ(testing::parse_error("a,b,y\n1,\"\",0\n"),
            "t.csv:2:3: missing value in column 'b' (found an empty field)");
}

TEST(Formats, OnlyLastLineEndCarriageReturn) {
  const LabeledTable table = parse("a,y\r\n1,0\r\n2,1\r");
  expect_matrix(table.features, arma::mat{1.0, 2.0}.t());
}

}  // namespace
}  // namespace adtrain::data
