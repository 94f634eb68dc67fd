// Numbers read exactly as std::from_chars reads them, plus a leading '+'.
#include <gtest/gtest.h>

#include <bit>
#include <charconv>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

#include "table_test_support.hpp"

namespace adtrain::data {
namespace {

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

}  // namespace
}  // namespace adtrain::data
