// Error text (lib/data/src/error_text.cpp): messages stay on one line and
// short, whatever the input holds, and point at the line and column, counted
// in characters.
#include <gtest/gtest.h>

#include <string>

#include "table_test_support.hpp"

namespace adtrain::data {
namespace {

using testing::parse_error;

// ---- Found text ---------------------------------------------------------------------------------

TEST(ErrorText, ControlCharactersInFoundValuesAreEscaped) {
  EXPECT_EQ(parse_error("x,y\n\"a\nb\tc\x01\\\"\"\",0\n"),
            "t.csv:2:1: non-numeric value in column 'x' (found \"a\\nb\\tc\\x01\\\\\\\"\\\"\")");
}

TEST(ErrorText, LongFoundValuesAreCut) {
  const std::string long_value(500, 'z');
  EXPECT_EQ(
      parse_error("x,y\n" + long_value + ",0\n"),
      "t.csv:2:1: non-numeric value in column 'x' (found \"" + std::string(40, 'z') + "\"...)");
}

TEST(ErrorText, CutsBetweenCharactersNotInsideThem) {
  std::string long_value;
  for (int index = 0; index < 50; ++index) long_value += "é";
  std::string shown;
  for (int index = 0; index < 40; ++index) shown += "é";
  EXPECT_EQ(parse_error("x,y\n" + long_value + ",0\n"),
            "t.csv:2:1: non-numeric value in column 'x' (found \"" + shown + "\"...)");
}

TEST(ErrorText, ColumnNamesAreEscapedToo) {
  EXPECT_EQ(parse_error("\"x\ny\",z\nq,0\n"),
            "t.csv:3:1: non-numeric value in column 'x\\ny' (found \"q\")");
}

// ---- DataError ----------------------------------------------------------------------------------

TEST(BadInput, ErrorsCarrySourceLineAndColumn) {
  try {
    parse_labeled_table("a,b,y\n1,2,0\n3,x,1\n", "mem", {});
    FAIL() << "no error";
  } catch (const DataError& error) {
    EXPECT_EQ(error.source(), "mem");
    EXPECT_EQ(error.line(), 3U);
    EXPECT_EQ(error.column(), 3U);
  }
}

TEST(ErrorText, SourceNamesWithControlCharactersStayOnOneLine) {
  try {
    parse_labeled_table("", "odd\nname.csv", {});
    FAIL() << "no error";
  } catch (const DataError& error) {
    EXPECT_EQ(std::string(error.what()), "odd\\nname.csv:1:1: no data (found an empty file)");
    EXPECT_EQ(error.source(), "odd\nname.csv");
  }
}

// ---- Locations ----------------------------------------------------------------------------------

TEST(BadInput, ColumnsCountCharactersNotBytes) {
  EXPECT_EQ(testing::parse_error("größe,y\n\"äö\"x,0\n"),
            "t.csv:2:5: unexpected text after a closing quote (found \"x\")");
}

TEST(ErrorText, CrlfDoesNotShiftColumns) {
  EXPECT_EQ(parse_error("a,b,y\r\n1,2,0\r\n3,4\r\n"),
            "t.csv:3:4: too few fields: expected 3 (found 2)");
}

TEST(ErrorText, ByteOrderMarkDoesNotCountAsAColumn) {
  EXPECT_EQ(parse_error("\xEF\xBB\xBFq,y\nx,0\n1,1\n"),
            "t.csv:2:1: non-numeric value in column 'q' (found \"x\")");
}

}  // namespace
}  // namespace adtrain::data
