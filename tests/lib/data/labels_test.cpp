// Which label values are accepted and which class is positive.
#include <gtest/gtest.h>

#include "table_test_support.hpp"

namespace adtrain::data {
namespace {

using testing::parse;
using testing::parse_error;

std::array<std::string, 2> classes_of(const std::string& text, const ReadOptions& options = {}) {
  return parse(text, options).classes;
}

std::vector<double> labels_of(const std::string& text, const ReadOptions& options = {}) {
  const arma::vec labels = parse(text, options).labels;
  return {labels.begin(), labels.end()};
}

using Classes = std::array<std::string, 2>;

TEST(Labels, ZeroOne) {
  EXPECT_EQ(classes_of("x,y\n1,1\n2,0\n"), (Classes{"0", "1"}));
  EXPECT_EQ(labels_of("x,y\n1,1\n2,0\n"), (std::vector<double>{1, 0}));
}

TEST(Labels, MinusOnePlusOne) {
  EXPECT_EQ(classes_of("x,y\n1,-1\n2,+1\n"), (Classes{"-1", "+1"}));
  EXPECT_EQ(classes_of("x,y\n1,1\n2,-1\n"), (Classes{"-1", "1"}));
  const LabeledTable table =
      read_labeled_table(testing::data_file("good/minus_one_plus_one.csv"), {});
  EXPECT_EQ(table.classes, (Classes{"-1", "+1"}));
  EXPECT_EQ(table.class_counts, (std::array<std::size_t, 2>{2, 1}));
}

TEST(Labels, TrueFalseAndYesNoInAnyCase) {
  const LabeledTable table = read_labeled_table(testing::data_file("good/true_false.csv"), {});
  EXPECT_EQ(table.classes, (Classes{"False", "True"}));
  EXPECT_EQ(std::vector<double>(table.labels.begin(), table.labels.end()),
            (std::vector<double>{1, 0, 1}));
  EXPECT_EQ(classes_of("x,y\n1,No\n2,YES\n"), (Classes{"No", "YES"}));
}

TEST(Labels, OtherStringsPositiveIsTheOneThatSortsLast) {
  EXPECT_EQ(classes_of("x,y\n1,malignant\n2,benign\n"), (Classes{"benign", "malignant"}));
  EXPECT_EQ(labels_of("x,y\n1,malignant\n2,benign\n"), (std::vector<double>{1, 0}));
}

TEST(Labels, NumbersSortByValue) {
  EXPECT_EQ(classes_of("x,y\n1,10\n2,9\n"), (Classes{"9", "10"}));
  EXPECT_EQ(classes_of("x,y\n1,2\n2,3\n"), (Classes{"2", "3"}));
}

TEST(Labels, SpellingsOfTheSameNumberAreOneClass) {
  const LabeledTable table = parse("x,y\n1,1\n2,1.0\n3,0\n4,+1\n5,0.0\n");
  EXPECT_EQ(table.classes, (Classes{"0", "1"}));
  EXPECT_EQ(std::vector<double>(table.labels.begin(), table.labels.end()),
            (std::vector<double>{1, 1, 0, 1, 0}));
  EXPECT_EQ(table.class_counts, (std::array<std::size_t, 2>{2, 3}));
}

TEST(Labels, PositiveCanBeChosen) {
  EXPECT_EQ(classes_of("x,y\n1,1\n2,0\n", {.positive = "0"}), (Classes{"1", "0"}));
  EXPECT_EQ(labels_of("x,y\n1,1\n2,0\n", {.positive = "0"}), (std::vector<double>{0, 1}));
  EXPECT_EQ(classes_of("x,y\n1,cat\n2,dog\n", {.positive = "CAT"}), (Classes{"dog", "cat"}));
  EXPECT_EQ(classes_of("x,y\n1,1\n2,0\n", {.positive = "1.0"}), (Classes{"0", "1"}));
}

TEST(Labels, PositiveMustBeALabel) {
  EXPECT_EQ(parse_error("x,y\n1,a\n2,b\n", {.positive = "c"}),
            "t.csv:2:3: positive class \"c\" is not a value of label column 'y' (found \"a\", "
            "\"b\")");
}

TEST(Labels, OneClassIsAnError) {
  EXPECT_EQ(parse_error("x,y\n1,a\n2,a\n"),
            "t.csv:2:3: only one class in label column 'y' (found \"a\" in all 2 rows)");
  EXPECT_EQ(parse_error("x,y\n1,a\n"),
            "t.csv:2:3: only one class in label column 'y' (found \"a\" in all 1 row)");
}

TEST(Labels, ThreeOrMoreClassesNameTheFirstFew) {
  EXPECT_EQ(parse_error("x,y\n1,0\n2,1\n3,2\n4,0\n"),
            "t.csv:4:3: more than two classes in label column 'y' (found \"0\", \"1\", \"2\")");
  EXPECT_EQ(parse_error("x,y\n1,0\n2,1\n3,2\n4,3\n5,4\n6,5\n7,6\n8,2\n"),
            "t.csv:4:3: more than two classes in label column 'y' (found \"0\", \"1\", \"2\", "
            "\"3\", \"4\", ...)");
}

TEST(Labels, AThirdClassIsReportedBeforeLaterRowErrors) {
  EXPECT_EQ(parse_error("x,y\n1,0\n2,1\n3,2\n4\n"),
            "t.csv:4:3: more than two classes in label column 'y' (found \"0\", \"1\", \"2\")");
}

TEST(Labels, QuotedLabelsAreUnquoted) {
  EXPECT_EQ(classes_of("x,y\n1,\"a \"\"b\"\"\"\n2,\"c\"\n3,c\n"), (Classes{"a \"b\"", "c"}));
}

TEST(Labels, KnownClassesFromAModel) {
  const ReadOptions options{.known_classes = Classes{"no", "yes"}};
  const LabeledTable table = parse("x,y\n1,yes\n2,yes\n", options);
  EXPECT_EQ(table.classes, (Classes{"no", "yes"}));
  EXPECT_EQ(table.class_counts, (std::array<std::size_t, 2>{0, 2}));
  EXPECT_EQ(parse_error("x,y\n1,yes\n2,maybe\n", options),
            "t.csv:3:3: label is neither \"no\" nor \"yes\" in column 'y' (found \"maybe\")");
}

TEST(Labels, LabelColumnIsOptionalForPrediction) {
  const ReadOptions options{.label = "y", .label_optional = true};
  const LabeledTable without = parse("a,b\n1,2\n3,4\n", options);
  EXPECT_FALSE(without.label_index);
  EXPECT_EQ(without.label_name, "");
  EXPECT_TRUE(without.labels.is_empty());
  EXPECT_EQ(without.feature_names, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(without.features.n_rows, 2U);
  const LabeledTable with = parse("a,b,y\n1,2,0\n3,4,1\n", options);
  EXPECT_EQ(with.label_index, 2U);
  EXPECT_EQ(with.labels.n_elem, 2U);
}

TEST(Labels, OptionalLabelWithoutHeaderFollowsTheFeatureCount) {
  const ReadOptions options{.label = "y", .label_optional = true, .features = {"x1", "x2"}};
  const LabeledTable without = parse("1,2\n3,4\n", options);
  EXPECT_FALSE(without.label_index);
  EXPECT_EQ(without.feature_names, (std::vector<std::string>{"x1", "x2"}));
  const LabeledTable with = parse("1,2,0\n3,4,1\n", options);
  EXPECT_EQ(with.label_index, 2U);
  EXPECT_EQ(with.feature_names, (std::vector<std::string>{"x1", "x2"}));
}

}  // namespace
}  // namespace adtrain::data
