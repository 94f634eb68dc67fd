// Label classes (lib/data/src/label_classes.cpp): which label values are one
// class, which class is positive, and what a label column may not hold.
#include <gtest/gtest.h>

#include <array>
#include <string>
#include <vector>

#include "table_test_support.hpp"

namespace adtrain::data {
namespace {

using testing::parse;
using testing::parse_error;
using Classes = std::array<std::string, 2>;

// ---- Classes and the positive class -------------------------------------------------------------

std::array<std::string, 2> classes_of(const std::string& text, const ReadOptions& options = {}) {
  return parse(text, options).classes;
}

std::vector<double> labels_of(const std::string& text, const ReadOptions& options = {}) {
  const arma::vec labels = parse(text, options).labels;
  return {labels.begin(), labels.end()};
}

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

// ---- Missing labels -----------------------------------------------------------------------------
// A label spelled as a missing value is an error, never a class.

TEST(MissingValues, ALabelSpelledAsMissingIsAnError) {
  EXPECT_EQ(parse_error("a,y\n1,0\n2,NA\n3,1\n"),
            "t.csv:3:3: missing value in label column 'y' (found \"NA\")");
  EXPECT_EQ(parse_error("a,y\n1,nan\n2,1\n3,0\n"),
            "t.csv:2:3: missing value in label column 'y' (found \"nan\")");
  EXPECT_EQ(parse_error("a,y\n1,0\n2,\"\"\n"),
            "t.csv:3:3: missing value in label column 'y' (found an empty field)");
  // Never a class: with the row skipped, only the two real classes are left.
  const LabeledTable table = parse("a,y\n1,0\n2,NULL\n3,1\n", {.skip_bad_rows = true});
  EXPECT_EQ(table.classes, (std::array<std::string, 2>{"0", "1"}));
  EXPECT_EQ(table.skipped_rows, 1U);
  EXPECT_EQ(parse_error("a,y\n1,yes\n2,null\n3,null\n", {.skip_bad_rows = true}),
            "t.csv:2:3: only one class in label column 'y' (found \"yes\" in all 1 row)");
}

TEST(MissingValues, AKnownClassListRefusesThemToo) {
  const ReadOptions options{.known_classes = std::array<std::string, 2>{"no", "yes"}};
  EXPECT_EQ(parse_error("a,y\n1,no\n2,NA\n", options),
            "t.csv:3:3: missing value in label column 'y' (found \"NA\")");
}

}  // namespace
}  // namespace adtrain::data
