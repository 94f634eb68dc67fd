// The field scanner (lib/data/src/field_scanner.cpp and .hpp): how text splits
// into records and fields. Delimiters guessed or given, quoting, line ends,
// blank lines and comment lines, numbers as std::from_chars reads them (plus
// a leading '+'), and the spellings of a missing value.
#include <gtest/gtest.h>

#include <bit>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "table_test_support.hpp"

namespace adtrain::data {
namespace {

using testing::data_file;
using testing::expect_labels;
using testing::expect_matrix;
using testing::parse;
using testing::parse_error;

// ---- Delimiters ---------------------------------------------------------------------------------

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

TEST(Formats, SingleSpacesAndTabsMixed) {
  const LabeledTable table = parse("1 2 0\n3\t4\t1\n");
  EXPECT_EQ(table.delimiter, Delimiter::whitespace);
  expect_matrix(table.features, {{1, 2}, {3, 4}});
}

TEST(Formats, SemicolonWinsOverDecimalCommas) {
  // Decimal commas are not numbers, but the message shows the right columns.
  EXPECT_EQ(testing::parse_error("a;b;y\n1,5;2,5;0\n3,5;4,5;1\n"),
            "t.csv:2:1: non-numeric value in column 'a' (found \"1,5\")");
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

// ---- Quoting and line ends ----------------------------------------------------------------------

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

TEST(Formats, EmptyQuotedStringIsAMissingValue) {
  EXPECT_EQ(testing::parse_error("a,b,y\n1,\"\",0\n"),
            "t.csv:2:3: missing value in column 'b' (found an empty field)");
}

TEST(Formats, CrlfLineEnds) {
  const LabeledTable table = read_labeled_table(data_file("good/crlf.csv"), {});
  EXPECT_EQ(table.label_name, "y");
  expect_matrix(table.features, {{1, 2}, {3, 4}});
  EXPECT_EQ(table.classes, (std::array<std::string, 2>{"0", "1"}));
}

TEST(Formats, NoTrailingNewline) {
  const LabeledTable table = read_labeled_table(data_file("good/no_trailing_newline.csv"), {});
  expect_matrix(table.features, {{1, 2}, {3, 4}});
  expect_labels(table.labels, {0, 1});
}

TEST(Formats, OnlyLastLineEndCarriageReturn) {
  const LabeledTable table = parse("a,y\r\n1,0\r\n2,1\r");
  expect_matrix(table.features, arma::mat{1.0, 2.0}.t());
}

// ---- Blank lines and comment lines --------------------------------------------------------------
// Opt-in: by default a line that starts with '#' is data, so a value like "#1" is never dropped
// unseen.

TEST(Formats, BlankAndCommentLinesAreSkippedWhenCommentsAreAskedFor) {
  const LabeledTable table =
      read_labeled_table(data_file("good/blank_and_comment_lines.csv"), {.comment = '#'});
  EXPECT_TRUE(table.has_header);
  EXPECT_EQ(table.feature_names, (std::vector<std::string>{"x1", "x2"}));
  expect_matrix(table.features, {{1, 2}, {3, 4}});
}

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

TEST(BadInput, CommentCharacterOnlyCountsAtLineStart) {
  const LabeledTable table = testing::parse("a,y\n1,#\n  #2,x\n3,ok\n", {.comment = '#'});
  EXPECT_EQ(table.features.n_rows, 2U);
  EXPECT_EQ(table.classes, (std::array<std::string, 2>{"#", "ok"}));
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

// ---- Numbers ------------------------------------------------------------------------------------

double read_one(const std::string& spelling) {
  const LabeledTable table = testing::parse("x,y\n" + spelling + ",0\n1,1\n");
  return table.features(0, 0);
}

TEST(Numbers, AcceptedSpellings) {
  EXPECT_EQ(read_one("42"), 42.0);
  EXPECT_EQ(read_one("-0.5"), -0.5);
  EXPECT_EQ(read_one("+0.5"), 0.5);
  EXPECT_EQ(read_one(".5"), 0.5);
  EXPECT_EQ(read_one("5."), 5.0);
  EXPECT_EQ(read_one("1e3"), 1000.0);
  EXPECT_EQ(read_one("-2.5E-3"), -0.0025);
  EXPECT_EQ(read_one("  7  "), 7.0);
  EXPECT_EQ(read_one("\t7\t"), 7.0);
  EXPECT_TRUE(std::signbit(read_one("-0")));
}

TEST(Formats, SignsAndSpacesAroundNumbers) {
  const LabeledTable table = read_labeled_table(data_file("good/signs_and_spaces.csv"), {});
  expect_matrix(table.features, {{1.5, -2}, {5, 3}});
}

TEST(Numbers, RejectedSpellings) {
  const auto error = [](const std::string& spelling) {
    return testing::parse_error("x,y\n" + spelling + ",0\n1,1\n");
  };
  EXPECT_EQ(error("+-1"), "t.csv:2:1: non-numeric value in column 'x' (found \"+-1\")");
  EXPECT_EQ(error("++1"), "t.csv:2:1: non-numeric value in column 'x' (found \"++1\")");
  EXPECT_EQ(error("+"), "t.csv:2:1: non-numeric value in column 'x' (found \"+\")");
  EXPECT_EQ(error("0x10"), "t.csv:2:1: non-numeric value in column 'x' (found \"0x10\")");
  EXPECT_EQ(error("1 2"), "t.csv:2:1: non-numeric value in column 'x' (found \"1 2\")");
  EXPECT_EQ(error("1,5"), "t.csv:2:5: too many fields: expected 2 (found 3)");
  EXPECT_EQ(error("1e"), "t.csv:2:1: non-numeric value in column 'x' (found \"1e\")");
  EXPECT_EQ(error("inf"), "t.csv:2:1: non-finite value in column 'x' (found \"inf\")");
  EXPECT_EQ(error("+Infinity"), "t.csv:2:1: non-finite value in column 'x' (found \"+Infinity\")");
  EXPECT_EQ(error("nan(0x1)"), "t.csv:2:1: non-finite value in column 'x' (found \"nan(0x1)\")");
  EXPECT_EQ(error("-1e400"),
            "t.csv:2:1: number out of float64 range in column 'x' (found \"-1e400\")");
}

// A plain number takes a faster path than a quoted one or a bad one; both
// must agree, whatever the delimiter.
TEST(Numbers, FastAndGeneralPathsAgree) {
  const std::vector<std::string> spellings = {"1.5", "+2", "-0.25", ".5", "7e-3", "1e5"};
  for (const std::string& spelling : spellings) {
    const double expected = read_one("\"" + spelling + "\"");
    EXPECT_EQ(read_one(spelling), expected) << spelling;
    const LabeledTable tab = testing::parse("x\ty\n " + spelling + " \t0\n1\t1\n");
    EXPECT_EQ(tab.features(0, 0), expected) << spelling;
    const LabeledTable blanks = testing::parse("x y\n " + spelling + "   0\n1 1\n");
    EXPECT_EQ(blanks.features(0, 0), expected) << spelling;
  }
}

TEST(Numbers, NumberFollowedByOtherTextIsNotANumber) {
  EXPECT_EQ(testing::parse_error("x y\n1.5abc 0\n1 1\n"),
            "t.csv:2:1: non-numeric value in column 'x' (found \"1.5abc\")");
  EXPECT_EQ(testing::parse_error("x\ty\n1e5x\t0\n1\t1\n"),
            "t.csv:2:1: non-numeric value in column 'x' (found \"1e5x\")");
  EXPECT_EQ(testing::parse_error("x,y\n1\r2,0\n1,1\n"),
            "t.csv:2:1: non-numeric value in column 'x' (found \"1\\r2\")");
  EXPECT_EQ(testing::parse_error("x,y\n1.5\"\",0\n1,1\n"),
            "t.csv:2:1: non-numeric value in column 'x' (found \"1.5\\\"\\\"\")");
  EXPECT_EQ(testing::parse_error("x,y\n-,0\n1,1\n"),
            "t.csv:2:1: non-numeric value in column 'x' (found \"-\")");
  EXPECT_EQ(testing::parse_error("x,y\n+ 1,0\n1,1\n"),
            "t.csv:2:1: non-numeric value in column 'x' (found \"+ 1\")");
}

TEST(Numbers, ExtremesStayExact) {
  EXPECT_EQ(read_one("1.7976931348623157e308"), std::numeric_limits<double>::max());
  EXPECT_EQ(read_one("2.2250738585072014e-308"), std::numeric_limits<double>::min());
  EXPECT_EQ(read_one("4.9406564584124654e-324"), std::numeric_limits<double>::denorm_min());
  EXPECT_EQ(read_one("0.1"), 0.1);
}

// Every double printed with its shortest round-trip spelling must come back
// bit for bit.
TEST(Numbers, RandomDoublesRoundTripBitForBit) {
  std::mt19937_64 engine(20240501);
  std::string text = "x,y\n";
  std::vector<double> values;
  for (int row = 0; row < 2000; ++row) {
    double value = 0.0;
    do {
      value = std::bit_cast<double>(engine());
    } while (!std::isfinite(value));
    values.push_back(value);
    char buffer[64];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    text.append(buffer, result.ptr).append(row % 2 == 0 ? ",0\n" : ",1\n");
  }
  const LabeledTable table = testing::parse(text);
  ASSERT_EQ(table.features.n_rows, values.size());
  for (std::size_t row = 0; row < values.size(); ++row) {
    EXPECT_EQ(std::bit_cast<std::uint64_t>(table.features(row, 0)),
              std::bit_cast<std::uint64_t>(values[row]))
        << "row " << row;
  }
}

// ---- Missing values -----------------------------------------------------------------------------
// An empty field, or NA, NaN or null in any case.

TEST(MissingValues, EverySpellingInAFeature) {
  for (const std::string spelling :
       {"NA", "na", "Na", "NaN", "nan", "NAN", "null", "NULL", "Null"}) {
    EXPECT_EQ(parse_error("a,b,y\n1,2,0\n3," + spelling + ",1\n"),
              "t.csv:3:3: missing value in column 'b' (found \"" + spelling + "\")");
    EXPECT_EQ(parse_error("a,b,y\n1,2,0\n3,\"" + spelling + "\",1\n"),
              "t.csv:3:3: missing value in column 'b' (found \"" + spelling + "\")");
  }
  EXPECT_EQ(parse_error("a,b,y\n1,2,0\n3,  NA ,1\n"),
            "t.csv:3:5: missing value in column 'b' (found \"NA\")");
  EXPECT_EQ(parse_error("a,b,y\n1,2,0\n3,,1\n"),
            "t.csv:3:3: missing value in column 'b' (found an empty field)");
}

TEST(MissingValues, OtherSpellingsAreNotMissing) {
  EXPECT_EQ(parse_error("a,y\n1,0\n-nan,1\n"),
            "t.csv:3:1: non-finite value in column 'a' (found \"-nan\")");
  EXPECT_EQ(parse_error("a,y\n1,0\nN/A,1\n"),
            "t.csv:3:1: non-numeric value in column 'a' (found \"N/A\")");
  EXPECT_EQ(parse_error("a,y\n1,0\nnull0,1\n"),
            "t.csv:3:1: non-numeric value in column 'a' (found \"null0\")");
}

}  // namespace
}  // namespace adtrain::data
