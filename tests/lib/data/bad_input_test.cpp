// Every bad input under tests/data/bad/ with the exact error it gets; the
// same texts are listed in tests/data/README.md for the end-to-end tests.
#include <gtest/gtest.h>

#include "table_test_support.hpp"

namespace adtrain::data {
namespace {

using testing::data_file;
using testing::read_error;

struct BadFile {
  std::string file;
  std::string error;  // after "PATH:"
  ReadOptions options;
};

class BadFiles : public ::testing::TestWithParam<BadFile> {};

TEST_P(BadFiles, FailWithTheExactMessage) {
  const BadFile& bad = GetParam();
  const std::string path = data_file("bad/" + bad.file);
  EXPECT_EQ(read_error(path, bad.options), path + ":" + bad.error);
}

const BadFile bad_files[] = {
    {"empty.csv", "1:1: no data (found an empty file)", {}},
    {"blank_lines_only.csv", "1:1: no data (found only blank lines)", {}},
    {"comment_lines_only.csv",
     "1:1: no data (found only blank lines and comments)",
     {.comment = '#'}},
    {"header_only.csv", "1:1: no data rows (found only the header)", {}},
    {"too_few_fields.csv", "3:4: too few fields: expected 3 (found 2)", {}},
    {"too_many_fields.csv", "3:7: too many fields: expected 3 (found 4)", {}},
    {"non_numeric.csv", "3:3: non-numeric value in column 'x2' (found \"abc\")", {}},
    {"missing_value.csv", "3:1: missing value in column 'x1' (found an empty field)", {}},
    {"missing_label.csv", "3:5: missing value in label column 'y' (found an empty field)", {}},
    {"nan_feature.csv", "3:3: missing value in column 'x2' (found \"NaN\")", {}},
    {"na_in_first_row.csv", "1:5: missing value in column 'x2' (found \"NA\")", {}},
    {"na_label.csv", "3:5: missing value in label column 'y' (found \"NA\")", {}},
    {"inf_feature.csv", "2:3: non-finite value in column 'x2' (found \"-inf\")", {}},
    {"out_of_range.csv", "3:1: number out of float64 range in column 'x1' (found \"1e999\")", {}},
    {"unterminated_quote.csv", "3:3: unterminated quoted field (found no closing quote)", {}},
    {"text_after_quote.csv", "2:6: unexpected text after a closing quote (found \"x\")", {}},
    {"label_column_missing.csv",
     "1:1: no label column named 'target' (found columns 'x1', 'x2', 'y')",
     {.label = "target"}},
    {"feature_missing.csv",
     "1:1: no feature column named 'x3' (found columns 'x1', 'x2', 'y')",
     {.features = {"x1", "x3"}}},
    {"single_class.csv", "2:5: only one class in label column 'y' (found \"1\" in all 3 rows)", {}},
    {"three_classes.csv",
     "4:5: more than two classes in label column 'y' (found \"a\", \"b\", \"c\")",
     {}},
    {"nul_byte.csv",
     "3:3: unexpected NUL byte (found byte 0x00; is this a binary or UTF-16 file?)",
     {}},
    {"invalid_utf8.csv", "3:4: invalid UTF-8 (found byte 0xE9)", {}},
    {"utf16.csv", "1:1: not UTF-8 (found bytes 0xFF 0xFE, a UTF-16 byte-order mark)", {}},
    {"all_rows_bad.csv",
     "2:3: no data rows left after skipping 2 bad rows; the first: non-numeric value in column "
     "'x2' (found \"a\")",
     {.skip_bad_rows = true}},
    {"all_rows_bad.csv", "2:3: non-numeric value in column 'x2' (found \"a\")", {}},
    {"some_rows_bad.csv", "3:3: non-numeric value in column 'x2' (found \"oops\")", {}},
};

INSTANTIATE_TEST_SUITE_P(TestsDataBad, BadFiles, ::testing::ValuesIn(bad_files),
                         [](const ::testing::TestParamInfo<BadFile>& info) {
                           std::string name = info.param.file.substr(0, info.param.file.find('.'));
                           if (info.param.options.skip_bad_rows) name += "_skipping";
                           return name;
                         });

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

TEST(BadInput, ColumnsCountCharactersNotBytes) {
  EXPECT_EQ(testing::parse_error("größe,y\n\"äö\"x,0\n"),
            "t.csv:2:5: unexpected text after a closing quote (found \"x\")");
}

TEST(BadInput, InvalidUtf8Sequences) {
  EXPECT_EQ(testing::parse_error("a,y\n\xC0\xAF,0\n"),
            "t.csv:2:1: invalid UTF-8 (found bytes 0xC0 0xAF)");
  EXPECT_EQ(testing::parse_error("a,y\n\xED\xA0\x80,0\n"),
            "t.csv:2:1: invalid UTF-8 (found bytes 0xED 0xA0 0x80)");
  EXPECT_EQ(testing::parse_error("a,y\n1,\xF4\x90\x80\x80\n"),
            "t.csv:2:3: invalid UTF-8 (found bytes 0xF4 0x90 0x80 0x80)");
  EXPECT_EQ(testing::parse_error("a,y\n1,0\xE2\x82"),
            "t.csv:2:4: invalid UTF-8 (found bytes 0xE2 0x82)");
}

TEST(BadInput, TooManyFieldsCountsAllOfThem) {
  EXPECT_EQ(testing::parse_error("a,y\n1,0,\"x,y\",4\n"),
            "t.csv:2:5: too many fields: expected 2 (found 4)");
}

TEST(BadInput, TooFewFieldsInWhitespaceTables) {
  EXPECT_EQ(testing::parse_error("1 2 0\n3 4   \n"),
            "t.csv:2:7: too few fields: expected 3 (found 2)");
}

TEST(BadInput, CommentCharacterOnlyCountsAtLineStart) {
  const LabeledTable table = testing::parse("a,y\n1,#\n  #2,x\n3,ok\n", {.comment = '#'});
  EXPECT_EQ(table.features.n_rows, 2U);
  EXPECT_EQ(table.classes, (std::array<std::string, 2>{"#", "ok"}));
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

}  // namespace
}  // namespace adtrain::data
