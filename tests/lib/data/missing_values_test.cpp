// Missing values: an empty field, or NA, NaN or null in any case. They are
// never a number, never a name that makes a header, and never a class.
#include <gtest/gtest.h>

#include "table_test_support.hpp"

namespace adtrain::data {
namespace {

using testing::parse;
using testing::parse_error;

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
