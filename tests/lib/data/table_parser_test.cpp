// The table parser (lib/data/src/table_parser.cpp): from records to a
// labelled matrix. Finding the header, choosing the label and the feature
// columns, what a row must hold, skipping bad rows and numbering the rest,
// and wide tables.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <stdexcept>
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
using Names = std::vector<std::string>;

// ---- Finding the header -------------------------------------------------------------------------
// A word in the first record makes one, a missing value never does.

TEST(Formats, CommaWithHeader) {
  const LabeledTable table = read_labeled_table(data_file("good/comma.csv"), {});
  EXPECT_EQ(table.delimiter, Delimiter::comma);
  EXPECT_TRUE(table.has_header);
  EXPECT_EQ(table.feature_names, (std::vector<std::string>{"x1", "x2"}));
  EXPECT_EQ(table.label_name, "y");
  expect_matrix(table.features, {{0.5, -1.25}, {1.5, 2000.0}, {-3.0, 0.125}});
  expect_labels(table.labels, {0, 1, 1});
  EXPECT_EQ(table.classes, (std::array<std::string, 2>{"0", "1"}));
  EXPECT_EQ(table.class_counts, (std::array<std::size_t, 2>{1, 2}));
  EXPECT_EQ(table.skipped_rows, 0U);
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

TEST(MissingValues, AreNoEvidenceOfAHeader) {
  EXPECT_EQ(parse_error("0.5,NA,0\n1.5,2.5,1\n"),
            "t.csv:1:5: missing value in column 'x2' (found \"NA\")");
  EXPECT_EQ(parse_error("null,1,0\n1.5,2.5,1\n"),
            "t.csv:1:1: missing value in column 'x1' (found \"null\")");
  const LabeledTable skipped = parse("0.5,NA,0\n1.5,2.5,1\n3,4,0\n", {.skip_bad_rows = true});
  EXPECT_FALSE(skipped.has_header);
  EXPECT_EQ(skipped.features.n_rows, 2U);
  EXPECT_EQ(skipped.skipped_rows, 1U);
  // A real name beside a missing value still makes a header.
  EXPECT_TRUE(parse("NA,b,y\n1,2,0\n3,4,1\n").has_header);
}

// ---- Choosing the label column and the feature columns ------------------------------------------

const std::string with_header = "a,b,c,y\n1,2,3,0\n4,5,6,1\n";
const std::string without_header = "1,2,3,0\n4,5,6,1\n";

TEST(ColumnSelection, LabelDefaultsToTheLastColumn) {
  const LabeledTable table = parse(with_header);
  EXPECT_EQ(table.label_name, "y");
  EXPECT_EQ(table.feature_names, (Names{"a", "b", "c"}));
}

TEST(ColumnSelection, LabelByName) {
  const LabeledTable table = parse("a,b,c,y\n1,2,1,0\n4,5,0,1\n", {.label = "c"});
  EXPECT_EQ(table.label_name, "c");
  EXPECT_EQ(table.feature_names, (Names{"a", "b", "y"}));
  expect_labels(table.labels, {1, 0});  // c's values, not y's
  EXPECT_EQ(table.features(1, 2), 1.0);
}

TEST(TextColumns, KeepEachRowsTextOfAnyColumnUnquoted) {
  // A text column that is neither feature nor label, a feature and the
  // label, asked for in any order; a bad row's text is dropped with it.
  const LabeledTable table =
      parse("id,a,note,y\n\"r,1\",1.5,\"say \"\"hi\"\"\",0\nr2,x,n,1\nr3,+2,,1\n",
            {.features = {"a"}, .skip_bad_rows = true, .text_columns = {"note", "id", "a", "y"}});
  ASSERT_EQ(table.texts.size(), 4u);
  EXPECT_EQ(table.texts[0], (Names{"say \"hi\"", ""}));
  EXPECT_EQ(table.texts[1], (Names{"r,1", "r3"}));
  EXPECT_EQ(table.texts[2], (Names{"1.5", "+2"}));  // as written, not as read
  EXPECT_EQ(table.texts[3], (Names{"0", "1"}));
  expect_matrix(table.features, arma::mat{1.5, 2.0}.t());
  // Without a header, by the names the reader gives the columns.
  const LabeledTable bare = parse("1,2,0\n3,4,1\n", {.text_columns = {"x2", "y"}});
  EXPECT_EQ(bare.texts[0], (Names{"2", "4"}));
  EXPECT_EQ(bare.texts[1], (Names{"0", "1"}));
  EXPECT_TRUE(parse("a,y\n1,0\n2,1\n").texts.empty());
}

TEST(TextColumns, AColumnTheTableLacksIsTheCallersError) {
  try {
    parse("a,y\n1,0\n2,1\n", {.text_columns = {"name"}});
    FAIL() << "no error";
  } catch (const UnknownColumnError& e) {
    EXPECT_EQ(e.column(), "name");
    EXPECT_EQ(std::string(e.what()), "no column named 'name' (found columns 'a', 'y')");
  }
}

TEST(ColumnSelection, LabelByIndex) {
  const LabeledTable table =
      read_labeled_table(testing::data_file("good/label_first.csv"), {.label = "0"});
  EXPECT_EQ(table.label_name, "y");
  EXPECT_EQ(table.feature_names, (Names{"x1", "x2"}));
  EXPECT_EQ(table.features(1, 1), 2.0);
  EXPECT_EQ(table.labels(0), 1.0);
}

TEST(ColumnSelection, LabelByIndexWithoutHeaderRenumbersTheFeatures) {
  const LabeledTable table = parse("0,1,2\n1,3,4\n", {.label = "0"});
  EXPECT_EQ(table.label_name, "y");
  EXPECT_EQ(table.feature_names, (Names{"x1", "x2"}));
  EXPECT_EQ(table.features(1, 0), 3.0);
}

TEST(ColumnSelection, NameWinsOverIndex) {
  const LabeledTable table = parse("a,0,y\n1,0,2\n3,1,4\n", {.label = "0"});
  EXPECT_EQ(table.label_name, "0");  // column "0", not column 0 ("a")
  EXPECT_EQ(table.feature_names, (Names{"a", "y"}));
}

TEST(ColumnSelection, LabelIndexOutOfRange) {
  EXPECT_EQ(parse_error(with_header, {.label = "4"}),
            "t.csv:1:1: label column index 4 is out of range (found 4 columns, indices 0 to 3)");
}

TEST(ColumnSelection, LabelByUnknownNameWithoutHeader) {
  EXPECT_EQ(parse_error(without_header, {.label = "target"}),
            "t.csv:1:1: no label column named 'target' (found no header; give the label's 0-based "
            "index)");
  const LabeledTable by_y = parse(without_header, {.label = "y"});
  EXPECT_EQ(by_y.label_name, "y");
  EXPECT_EQ(by_y.feature_names, (Names{"x1", "x2", "x3"}));
}

TEST(Labels, LabelColumnIsOptionalForPrediction) {
  const ReadOptions options{.label = "y", .label_optional = true};
  const LabeledTable without = parse("a,b\n1,2\n3,4\n", options);
  EXPECT_EQ(without.label_name, "");
  EXPECT_TRUE(without.labels.is_empty());
  EXPECT_EQ(without.feature_names, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(without.features.n_rows, 2U);
  const LabeledTable with = parse("a,b,y\n1,2,0\n3,4,1\n", options);
  EXPECT_EQ(with.label_name, "y");
  EXPECT_EQ(with.feature_names, (std::vector<std::string>{"a", "b"}));
  expect_labels(with.labels, {0, 1});
}

TEST(Labels, OptionalLabelWithoutHeaderFollowsTheFeatureCount) {
  const ReadOptions options{.label = "y", .label_optional = true, .features = {"x1", "x2"}};
  const LabeledTable without = parse("1,2\n3,4\n", options);
  EXPECT_EQ(without.label_name, "");
  EXPECT_TRUE(without.labels.is_empty());
  EXPECT_EQ(without.feature_names, (std::vector<std::string>{"x1", "x2"}));
  const LabeledTable with = parse("1,2,0\n3,4,1\n", options);
  EXPECT_EQ(with.label_name, "y");
  expect_labels(with.labels, {0, 1});
  EXPECT_EQ(with.feature_names, (std::vector<std::string>{"x1", "x2"}));
}

TEST(ColumnSelection, FeaturesByNameInTheOrderGiven) {
  const LabeledTable table = parse(with_header, {.features = {"c", "a"}});
  EXPECT_EQ(table.feature_names, (Names{"c", "a"}));
  EXPECT_EQ(table.features(0, 0), 3.0);
  EXPECT_EQ(table.features(0, 1), 1.0);
  EXPECT_EQ(table.features.n_cols, 2U);
}

TEST(ColumnSelection, UnusedColumnsAreNotParsed) {
  const LabeledTable table = parse("id,a,y\nfirst,1,0\nsecond,2,1\n", {.features = {"a"}});
  EXPECT_EQ(table.features.n_cols, 1U);
  EXPECT_EQ(parse_error("id,a,y\nfirst,1,0\nsecond,2,1\n"),
            "t.csv:2:1: non-numeric value in column 'id' (found \"first\")");
}

TEST(ColumnSelection, FeaturesWithoutHeaderUseXNames) {
  const LabeledTable table = parse(without_header, {.features = {"x3", "x1"}});
  EXPECT_EQ(table.feature_names, (Names{"x3", "x1"}));
  EXPECT_EQ(table.features(1, 0), 6.0);
  EXPECT_EQ(parse_error(without_header, {.features = {"x4"}}),
            "t.csv:1:1: no feature column named 'x4' (found columns 'x1', 'x2', 'x3', 'y')");
}

TEST(ColumnSelection, FeatureThatDoesNotExist) {
  EXPECT_EQ(parse_error(with_header, {.features = {"a", "zz"}}),
            "t.csv:1:1: no feature column named 'zz' (found columns 'a', 'b', 'c', 'y')");
}

TEST(ColumnSelection, ManyColumnsAreListedFirstFewOnly) {
  EXPECT_EQ(parse_error("a,b,c,d,e,f,g,h,i,y\n1,2,3,4,5,6,7,8,9,0\n", {.features = {"q"}}),
            "t.csv:1:1: no feature column named 'q' (found columns 'a', 'b', 'c', 'd', 'e', 'f', "
            "'g', 'h', ...)");
}

TEST(ColumnSelection, LabelCannotBeAFeature) {
  EXPECT_EQ(parse_error(with_header, {.features = {"a", "y"}}),
            "t.csv:1:7: column 'y' is the label and cannot be a feature (found it in the feature "
            "list)");
}

TEST(ColumnSelection, FeatureListedTwice) {
  EXPECT_EQ(parse_error(with_header, {.features = {"a", "b", "a"}}),
            "t.csv:1:1: feature 'a' is asked for twice (found it twice in the feature list)");
}

TEST(ColumnSelection, HeaderCellIsPointedAtOnItsOwnLine) {
  EXPECT_EQ(parse_error("# data\n\na,a,y\n1,2,0\n", {.comment = '#'}),
            "t.csv:3:3: duplicate column name 'a' (found it more than once in the header)");
}

TEST(BadInput, EmptyFieldsInTheHeaderCannotNameAUsedColumn) {
  EXPECT_EQ(testing::parse_error(",b,y\n1,2,0\n3,4,1\n"),
            "t.csv:1:1: empty column name in the header (found an empty field)");
  EXPECT_EQ(testing::parse_error(",b,y\n1,2,0\n3,4,1\n", {.features = {"b"}}), "no DataError");
}

TEST(BadInput, DuplicateColumnNames) {
  EXPECT_EQ(testing::parse_error("a,a,y\n1,2,0\n3,4,1\n"),
            "t.csv:1:3: duplicate column name 'a' (found it more than once in the header)");
}

TEST(BadInput, NoFeatureColumns) {
  EXPECT_EQ(testing::parse_error("y\n0\n1\n"),
            "t.csv:1:1: no feature columns (found only the label column 'y')");
}

// ---- Rows ---------------------------------------------------------------------------------------

TEST(BadInput, TooManyFieldsCountsAllOfThem) {
  EXPECT_EQ(testing::parse_error("a,y\n1,0,\"x,y\",4\n"),
            "t.csv:2:5: too many fields: expected 2 (found 4)");
}

TEST(BadInput, TooFewFieldsInWhitespaceTables) {
  EXPECT_EQ(testing::parse_error("1 2 0\n3 4   \n"),
            "t.csv:2:7: too few fields: expected 3 (found 2)");
}

TEST(Comments, TheCharacterMustBePrintable) {
  EXPECT_THROW(parse("a,y\n1,0\n2,1\n", {.comment = '"'}), std::invalid_argument);
  EXPECT_THROW(parse("a,y\n1,0\n2,1\n", {.comment = ' '}), std::invalid_argument);
  EXPECT_THROW(parse("a,y\n1,0\n2,1\n", {.comment = '\n'}), std::invalid_argument);
}

// ---- Skipping bad rows --------------------------------------------------------------------------
// --skip-bad-rows: malformed rows are dropped and counted, not fatal.

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

// ---- Wide tables --------------------------------------------------------------------------------
// The cost of loading depends on the number of fields, not on the square of the number of columns:
// looking names up in the header once per column made 100,000 columns take half a minute.

// A header c0..c{columns-2},y and `rows` rows of small numbers.
std::string table(std::size_t columns, std::size_t rows) {
  std::string text;
  for (std::size_t column = 0; column + 1 < columns; ++column) {
    text.append("c").append(std::to_string(column)).append(",");
  }
  text.append("y\n");
  for (std::size_t row = 0; row < rows; ++row) {
    for (std::size_t column = 0; column + 1 < columns; ++column) {
      text.append(std::to_string((row + column) % 10)).append(",");
    }
    text.append(row % 2 == 0 ? "0\n" : "1\n");
  }
  return text;
}

TEST(WideFile, HundredThousandColumnsLoad) {
  const LabeledTable loaded = testing::parse(table(100'000, 20));
  ASSERT_EQ(loaded.features.n_rows, 20U);
  ASSERT_EQ(loaded.features.n_cols, 99'999U);
  EXPECT_EQ(loaded.feature_names.back(), "c99998");
  EXPECT_EQ(loaded.features(19, 99'998), static_cast<double>((19 + 99'998) % 10));
  EXPECT_EQ(loaded.label_name, "y");
}

TEST(WideFile, ADuplicateNameFarApartIsFound) {
  std::string text = table(50'000, 2);
  text.replace(text.find("c49998,"), 6, "c1");
  EXPECT_EQ(testing::parse_error(text),
            "t.csv:1:338877: duplicate column name 'c1' (found it more than once in the header)");
}

TEST(WideFile, ManyFeaturesByName) {
  ReadOptions options;
  for (std::size_t column = 49'999; column-- > 0;) {
    options.features.push_back(std::string("c").append(std::to_string(column)));
  }
  const LabeledTable loaded = testing::parse(table(50'000, 2), options);
  ASSERT_EQ(loaded.features.n_cols, 49'999U);
  EXPECT_EQ(loaded.feature_names.front(), "c49998");
  EXPECT_EQ(loaded.features(1, 0), static_cast<double>((1 + 49'998) % 10));
  options.features.push_back("c7");
  EXPECT_EQ(testing::parse_error(table(50'000, 2), options),
            "t.csv:1:22: feature 'c7' is asked for twice (found it twice in the feature list)");
}

// The algorithmic property, measured against itself so that the machine's
// speed does not matter: two tables of 2,000,000 fields each, one 100,000
// columns wide and one 1,000, load in about the same time. A step that is
// quadratic in the columns makes the wide one a hundred times slower.
double best_seconds(const std::string& text) {
  double best = 1e9;
  for (int run = 0; run < 3; ++run) {
    const auto start = std::chrono::steady_clock::now();
    const LabeledTable loaded = testing::parse(text);
    const auto stop = std::chrono::steady_clock::now();
    EXPECT_EQ(loaded.features.n_elem + loaded.labels.n_elem, 2'000'000U);
    best = std::min(best, std::chrono::duration<double>(stop - start).count());
  }
  return best;
}

TEST(WideFile, CostGrowsWithFieldsNotWithColumnsSquared) {
  const double wide = best_seconds(table(100'000, 20));
  const double narrow = best_seconds(table(1'000, 2'000));
  EXPECT_LT(wide, 10 * narrow) << "wide " << wide << " s, narrow " << narrow << " s";
}

}  // namespace
}  // namespace adtrain::data
