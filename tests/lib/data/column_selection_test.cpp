// Choosing the label column and the feature columns.
#include <gtest/gtest.h>

#include "table_test_support.hpp"

namespace adtrain::data {
namespace {

using testing::parse;
using testing::parse_error;
using Names = std::vector<std::string>;

const std::string with_header = "a,b,c,y\n1,2,3,0\n4,5,6,1\n";
const std::string without_header = "1,2,3,0\n4,5,6,1\n";

TEST(ColumnSelection, LabelDefaultsToTheLastColumn) {
  const LabeledTable table = parse(with_header);
  EXPECT_EQ(table.label_name, "y");
  EXPECT_EQ(table.label_index, 3U);
  EXPECT_EQ(table.feature_names, (Names{"a", "b", "c"}));
}

TEST(ColumnSelection, LabelByName) {
  const LabeledTable table = parse("a,b,c,y\n1,2,0,0\n4,5,1,1\n", {.label = "c"});
  EXPECT_EQ(table.label_index, 2U);
  EXPECT_EQ(table.feature_names, (Names{"a", "b", "y"}));
  EXPECT_EQ(table.features(1, 2), 1.0);
}

TEST(ColumnSelection, LabelByIndex) {
  const LabeledTable table =
      read_labeled_table(testing::data_file("good/label_first.csv"), {.label = "0"});
  EXPECT_EQ(table.label_name, "y");
  EXPECT_EQ(table.label_index, 0U);
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
  EXPECT_EQ(table.label_index, 1U);
}

TEST(ColumnSelection, LabelIndexOutOfRange) {
  EXPECT_EQ(parse_error(with_header, {.label = "4"}),
            "t.csv:1:1: label column index 4 is out of range (found 4 columns, indices 0 to 3)");
}

TEST(ColumnSelection, LabelByUnknownNameWithoutHeader) {
  EXPECT_EQ(parse_error(without_header, {.label = "target"}),
            "t.csv:1:1: no label column named 'target' (found no header; give the label's 0-based "
            "index)");
  EXPECT_EQ(parse(without_header, {.label = "y"}).label_index, 3U);
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

}  // namespace
}  // namespace adtrain::data
