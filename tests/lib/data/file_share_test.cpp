// One file read by several processes (lib/data/src/file_share.cpp, with the
// share parts of the parser and of label_classes.cpp): the byte ranges,
// reading a range, the layout from the file's head, and that K shares parsed
// and put together, as a caller does with MPI, give exactly the table and the
// errors of read_labeled_table.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "table_test_support.hpp"

namespace adtrain::data {
namespace {

using testing::awkward_table;
using testing::bad_file_cases;
using testing::data_file;
using testing::expect_same_table;
using testing::file_text;
using testing::FileCase;
using testing::good_file_cases;
using testing::outcome_of;
using testing::ScratchFile;
using testing::whole_file_outcome;

std::vector<ByteRange> ranges_of(const std::string& path, std::size_t parts) {
  std::vector<ByteRange> ranges;
  for (std::size_t part = 0; part < parts; ++part)
    ranges.push_back(record_range(path, part, parts));
  return ranges;
}

// What `parts` processes get together, doing what the header of
// table_reader.hpp tells a caller to: the error of the lowest part (an
// encoding problem before any other), no_rows_error, agreed classes, and
// the shares put together in part order.
LabeledTable read_in_parts(const std::string& path, const ReadOptions& options, std::size_t parts) {
  const TableLayout layout = detect_layout(path, options);
  std::vector<ShareText> texts;
  std::vector<std::size_t> lines_before;
  std::size_t lines = 0;
  for (const ByteRange& range : ranges_of(path, parts)) {
    texts.push_back(read_range(path, range));
    lines_before.push_back(lines);
    lines += texts.back().line_ends;
  }
  for (std::size_t part = 0; part < parts; ++part) {
    if (texts[part].encoding_problem) {
      parse_share(texts[part], path, options, layout, lines_before[part]);
      ADD_FAILURE() << "parse_share did not report the encoding problem";
    }
  }
  std::vector<LabeledTable> shares;
  std::optional<DataError> lowest_error;
  for (std::size_t part = 0; part < parts; ++part) {
    try {
      shares.push_back(parse_share(texts[part], path, options, layout, lines_before[part]));
    } catch (const DataError& error) {
      if (!lowest_error) lowest_error = error;
    }
  }
  if (lowest_error) throw *lowest_error;

  LabeledTable table = shares.front();
  std::size_t rows = 0;
  std::size_t skipped = 0;
  std::string first_skipped_error;
  std::vector<ShareClasses> classes;
  for (const LabeledTable& share : shares) {
    rows += share.features.n_rows;
    skipped += share.skipped_rows;
    if (first_skipped_error.empty() && !share.skipped_row_errors.empty()) {
      first_skipped_error = share.skipped_row_errors.front();
    }
    classes.push_back(classes_of_share(share));
  }
  if (rows == 0) throw no_rows_error(path, layout, skipped, first_skipped_error);
  std::array<std::string, 2> agreed{};
  if (!table.label_name.empty()) agreed = agree_classes(classes, path, options, table.label_name);

  table.features.set_size(0, table.features.n_cols);
  table.labels.reset();
  table.class_counts = {};
  table.class_first_seen = {};
  table.skipped_rows = 0;
  table.skipped_row_errors.clear();
  table.record_numbers.clear();
  std::size_t records_before = 0;
  for (LabeledTable& share : shares) {
    if (!table.label_name.empty()) adopt_classes(share, agreed);
    table.features = arma::join_cols(table.features, share.features);
    table.labels = arma::join_cols(table.labels, share.labels);
    for (std::size_t index = 0; index < 2; ++index) {
      table.class_counts[index] += share.class_counts[index];
      if (!table.class_first_seen[index])
        table.class_first_seen[index] = share.class_first_seen[index];
    }
    for (const std::size_t record : share.record_numbers) {
      table.record_numbers.push_back(records_before + record);
    }
    records_before += share.features.n_rows + share.skipped_rows;
    table.skipped_rows += share.skipped_rows;
    for (const std::string& error : share.skipped_row_errors) {
      if (table.skipped_row_errors.size() < 5) table.skipped_row_errors.push_back(error);
    }
  }
  table.classes = agreed;
  return table;
}

std::string parts_outcome(const std::string& path, const ReadOptions& options, std::size_t parts) {
  return outcome_of([&] { read_in_parts(path, options, parts); });
}

constexpr std::string_view spans_lines =
    "quoted field spans lines (found no closing quote on its line); a file with such fields "
    "cannot be split among processes: train it on one process";

// ---- Byte ranges --------------------------------------------------------------------------------

// Every part begins where the one before ended, at a line start, and
// together they are the file.
void expect_tiling(const std::string& path, std::size_t parts) {
  const std::string text = file_text(path);
  const std::vector<ByteRange> ranges = ranges_of(path, parts);
  EXPECT_EQ(ranges.front().begin, 0U);
  EXPECT_EQ(ranges.back().end, text.size());
  for (std::size_t part = 0; part < parts; ++part) {
    const ByteRange& range = ranges[part];
    EXPECT_EQ(range.file_size, text.size());
    EXPECT_LE(range.begin, range.end);
    if (part > 0) {
      EXPECT_EQ(range.begin, ranges[part - 1].end) << "part " << part;
    }
    if (range.begin > 0 && range.begin < text.size()) {
      EXPECT_EQ(text[range.begin - 1], '\n') << "part " << part << " of " << parts;
    }
    // The records whose first byte is at or after the nominal bound.
    const std::uint64_t nominal = text.size() * part / parts;
    if (part > 0 && range.begin > nominal) {
      const std::size_t newline = text.find('\n', nominal - 1);
      EXPECT_EQ(newline == std::string::npos ? text.size() : newline + 1, range.begin);
    }
  }
}

TEST(RecordRange, PartsTileTheFileAtLineStarts) {
  for (const char* file :
       {"good/comma.csv", "good/crlf.csv", "good/no_trailing_newline.csv", "good/bom.csv",
        "good/quoted_text_column.csv", "good/blank_and_comment_lines.csv"}) {
    for (std::size_t parts = 1; parts <= 40; ++parts) expect_tiling(data_file(file), parts);
  }
}

TEST(RecordRange, ABoundAtALineStartStaysThere) {
  const ScratchFile file("at_line_start.csv", "ab\ncd\n");  // bound 3 is a line start
  const ByteRange second = record_range(file.path(), 1, 2);
  EXPECT_EQ(second.begin, 3U);
  EXPECT_EQ(second.end, 6U);
  EXPECT_EQ(record_range(file.path(), 0, 2).end, 3U);
}

TEST(RecordRange, ABoundInsideALineMovesToTheNextLineStart) {
  const ScratchFile file("inside_line.csv", "abcd\nef\n");  // bound 4 is inside "abcd"
  EXPECT_EQ(record_range(file.path(), 0, 2).end, 5U);
  EXPECT_EQ(record_range(file.path(), 1, 2).begin, 5U);
}

TEST(RecordRange, CrlfLineEndsSplitAfterTheLineFeed) {
  const ScratchFile file("crlf_split.csv", "a,y\r\n1,0\r\n2,1\r\n");
  for (std::size_t parts = 1; parts <= 15; ++parts) {
    for (const ByteRange& range : ranges_of(file.path(), parts)) {
      EXPECT_TRUE(range.begin == 0 || range.begin == 5 || range.begin == 10 || range.begin == 15)
          << range.begin;
    }
    expect_tiling(file.path(), parts);
  }
}

TEST(RecordRange, WithoutATrailingNewlineTheLastLineGoesToTheFileEnd) {
  const ScratchFile file("no_newline.csv", "a,y\n1,0\n2,1");  // 11 bytes
  const ByteRange first = record_range(file.path(), 0, 2);    // bound 5, inside "1,0"
  const ByteRange second = record_range(file.path(), 1, 2);
  EXPECT_EQ(first.end, 8U);
  EXPECT_EQ(second.begin, 8U);
  EXPECT_EQ(second.end, 11U);
  // A bound inside the last line goes to the end of the file.
  const ByteRange third_of_three = record_range(file.path(), 2, 3);  // bound 7, inside "1,0"
  EXPECT_EQ(third_of_three.begin, 8U);
  EXPECT_EQ(record_range(file.path(), 10, 11).begin, 11U);  // bound 10, inside "2,1"
  EXPECT_EQ(record_range(file.path(), 10, 11).end, 11U);
}

TEST(RecordRange, ARangeInsideOneLongLineIsEmpty) {
  const std::string long_line = std::string(20000, 'a') + ",0\n";
  const ScratchFile file("long_line.csv", "t,y\n" + long_line + "b,1\n");
  const std::vector<ByteRange> ranges = ranges_of(file.path(), 4);
  // Bounds 5, 10, 15 thousand are all inside the long line: parts 1 and 2
  // start and end after it, and part 3 holds the last line.
  const std::uint64_t after_long_line = 4 + long_line.size();
  EXPECT_EQ(ranges[0].begin, 0U);
  EXPECT_EQ(ranges[0].end, after_long_line);
  for (std::size_t part = 1; part < 3; ++part) {
    EXPECT_EQ(ranges[part].begin, after_long_line) << "part " << part;
    EXPECT_EQ(ranges[part].end, after_long_line) << "part " << part;
  }
  EXPECT_EQ(ranges[3].begin, after_long_line);
  EXPECT_EQ(ranges[3].end, after_long_line + 4);
  expect_tiling(file.path(), 4);
}

TEST(RecordRange, TinyFilesWithMorePartsThanLines) {
  const ScratchFile file("tiny.csv", "a,y\n1,0\n");
  for (std::size_t parts : {3, 8, 9, 100}) {
    const std::vector<ByteRange> ranges = ranges_of(file.path(), parts);
    std::size_t nonempty = 0;
    for (const ByteRange& range : ranges) nonempty += range.begin < range.end ? 1 : 0;
    EXPECT_EQ(nonempty, 2U) << parts << " parts";
    expect_tiling(file.path(), parts);
  }
  const ScratchFile empty("empty_split.csv", "");
  const ByteRange range = record_range(empty.path(), 2, 3);
  EXPECT_EQ(range.begin, 0U);
  EXPECT_EQ(range.end, 0U);
}

TEST(RecordRange, AByteOrderMarkStaysWithTheFirstLine) {
  const std::string path = data_file("good/bom.csv");
  for (std::size_t parts = 1; parts <= 30; ++parts) {
    for (const ByteRange& range : ranges_of(path, parts)) {
      // No part starts inside the mark or the first line ("x1,x2,y\n").
      EXPECT_TRUE(range.begin == 0 || range.begin >= 11) << range.begin;
    }
    EXPECT_EQ(record_range(path, 0, parts).begin, 0U);
  }
}

TEST(RecordRange, RefusesWhatCannotBeSplit) {
  const auto input_error = [](const std::string& path) {
    try {
      record_range(path, 0, 2);
    } catch (const InputError& error) {
      return std::string(error.what());
    }
    return std::string("no InputError");
  };
  EXPECT_EQ(input_error("-"), "<stdin>: cannot be split among processes (found standard input)");
  const std::string missing = data_file("bad/does_not_exist.csv");
  EXPECT_EQ(input_error(missing), missing + ": no such file");
  const std::string directory = data_file("bad/directory.csv");
  EXPECT_EQ(input_error(directory), directory + ": is a directory");
  // A FIFO with no writer: refused at once, without waiting for one.
  const std::string fifo = (std::filesystem::temp_directory_path() /
                            ("adtrain_share_fifo_" + std::to_string(::getpid())))
                               .string();
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  EXPECT_EQ(input_error(fifo), fifo + ": cannot be split among processes (found no regular file)");
  EXPECT_THROW(detect_layout(fifo, {}), InputError);
  std::filesystem::remove(fifo);
}

std::size_t open_descriptors() {
  const std::filesystem::directory_iterator fds("/proc/self/fd");
  return static_cast<std::size_t>(std::distance(begin(fds), end(fds)));
}

// A file opened, then refused (a directory), is closed again.
TEST(RecordRange, RefusingAnOpenedFileClosesIt) {
  const std::string directory = data_file("bad/directory.csv");
  const std::size_t before = open_descriptors();
  for (int attempt = 0; attempt < 50; ++attempt) {
    EXPECT_THROW(record_range(directory, 0, 2), InputError);
    EXPECT_THROW(read_labeled_table(directory, {}), InputError);
  }
  EXPECT_EQ(open_descriptors(), before);
}

TEST(RecordRange, RefusesPartsOutOfRange) {
  const std::string path = data_file("good/comma.csv");
  EXPECT_THROW(record_range(path, 0, 0), std::invalid_argument);
  EXPECT_THROW(record_range(path, 2, 2), std::invalid_argument);
  EXPECT_NO_THROW(record_range(path, 1, 2));
}

// ---- Reading a range ----------------------------------------------------------------------------

TEST(ReadRange, HoldsTheBytesAndCountsTheirLineEnds) {
  const std::string path = data_file("good/blank_and_comment_lines.csv");
  const std::string text = file_text(path);
  for (std::size_t parts = 1; parts <= 6; ++parts) {
    std::size_t line_ends = 0;
    for (const ByteRange& range : ranges_of(path, parts)) {
      const ShareText share = read_range(path, range);
      EXPECT_EQ(share.bytes, text.substr(range.begin, range.end - range.begin));
      EXPECT_EQ(share.line_ends,
                static_cast<std::size_t>(std::count(share.bytes.begin(), share.bytes.end(), '\n')));
      EXPECT_FALSE(share.encoding_problem);
      line_ends += share.line_ends;
    }
    EXPECT_EQ(line_ends, static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')));
  }
}

TEST(ReadRange, RefusesAFileChangedSinceItWasSplit) {
  ScratchFile file("changed.csv", "a,y\n1,0\n2,1\n");
  const ByteRange range = record_range(file.path(), 1, 2);
  std::ofstream(file.path(), std::ios::binary | std::ios::app) << "3,0\n";
  try {
    read_range(file.path(), range);
    ADD_FAILURE() << "no InputError";
  } catch (const InputError& error) {
    EXPECT_EQ(std::string(error.what()),
              file.path() +
                  ": the file changed since it was split among processes (found 16 bytes, 12 "
                  "when it was split)");
  }
  EXPECT_THROW(read_range(file.path(), ByteRange{.begin = 4, .end = 2, .file_size = 16}),
               std::invalid_argument);
}

// A table of about `bytes`, a row per line: "x,y" then "R,0" / "R,1".
std::string share_table(std::size_t bytes) {
  std::string text = "x,y\n";
  for (std::size_t row = 0; text.size() < bytes; ++row) {
    text.append(std::to_string(row)).append(row % 2 == 0 ? ",0\n" : ",1\n");
  }
  return text;
}

// Past the head detect_layout reads, so a share finds it and parse_share
// reports it.
TEST(ReadRange, AnEncodingProblemIsReportedWithItsTrueLine) {
  for (const std::string& bad :
       {std::string("\0", 1), std::string("\xFF\xFE"), std::string("\xE9")}) {
    std::string text = share_table(400'000);
    const std::size_t line_start = text.find('\n', 300'000) + 1;
    text.insert(line_start, bad);
    const ScratchFile file("encoding.csv", text);
    const std::string expected = whole_file_outcome(file.path(), {});
    ASSERT_NE(expected, "loaded");
    for (std::size_t parts = 1; parts <= 5; ++parts) {
      EXPECT_EQ(parts_outcome(file.path(), {}, parts), expected) << parts << " parts";
    }
  }
}

// ---- Layout from the head -----------------------------------------------------------------------

void expect_whole_file_layout(const std::string& path, const ReadOptions& options) {
  const LabeledTable table = read_labeled_table(path, options);
  const TableLayout layout = detect_layout(path, options);
  EXPECT_EQ(layout.delimiter, table.delimiter) << path;
  EXPECT_EQ(layout.has_header, table.has_header) << path;
  EXPECT_EQ(layout.columns, layout.column_names.size());
  for (const std::string& name : table.feature_names) {
    EXPECT_NE(std::find(layout.column_names.begin(), layout.column_names.end(), name),
              layout.column_names.end())
        << name;
  }
  if (!table.label_name.empty()) {
    EXPECT_NE(std::find(layout.column_names.begin(), layout.column_names.end(), table.label_name),
              layout.column_names.end());
  }
}

TEST(DetectLayout, DecidesAsTheWholeFileReader) {
  struct LayoutCase {
    std::string name;
    std::string text;
    std::vector<ReadOptions> variants;
  };
  // Each delimiter, with and without a header, comments on and off.
  const std::vector<LayoutCase> cases = {
      {"comma",
       "x1,x2,y\n1,2,0\n3,4,1\n",
       {{}, {.header = HeaderMode::present}, {.delimiter = Delimiter::comma}}},
      {"comma_no_header", "1,2,0\n3,4,1\n", {{}, {.header = HeaderMode::absent}}},
      {"semicolon", "a;b;label\n1;2;no\n3;4;yes\n", {{}, {.delimiter = Delimiter::semicolon}}},
      {"tab", "a\tb\tlabel\n1\t2\t0\n3\t4\t1\n", {{}, {.delimiter = Delimiter::tab}}},
      {"whitespace",
       "  1.0   2.0  0\n3.5\t 4.5     1\n",
       {{}, {.delimiter = Delimiter::whitespace}}},
      {"whitespace_header", "a b y\n1 2 0\n3 4 1\n", {{}, {.header = HeaderMode::present}}},
      {"string_labels", "1,2,cat\n3,4,dog\n", {{}, {.header = HeaderMode::absent}}},
      {"comments",
       "# a;b;c\n\nx1,x2,y\n# c\n1,2,0\n3,4,1\n",
       {{.comment = '#'}, {.header = HeaderMode::present, .comment = '#'}}},
      {"hash_data", "id,x,y\n#1,1,0\n#2,2,1\n", {{.features = {"x"}}}},
      {"quoted_header", "\"a,1\",\"b\nc\",y\n1,2,0\n3,4,1\n", {{}}},
  };
  for (const LayoutCase& layout_case : cases) {
    SCOPED_TRACE(layout_case.name);
    const ScratchFile file("layout_" + layout_case.name + ".csv", layout_case.text);
    for (const ReadOptions& options : layout_case.variants) {
      expect_whole_file_layout(file.path(), options);
    }
  }
  for (const char* good : {"good/comma.csv", "good/semicolon.csv", "good/tab.tsv",
                           "good/whitespace.txt", "good/bom.csv", "good/quoted.csv",
                           "good/no_header.csv", "good/string_labels_no_header.csv"}) {
    expect_whole_file_layout(data_file(good), {});
  }
  expect_whole_file_layout(data_file("good/blank_and_comment_lines.csv"), {.comment = '#'});
}

TEST(DetectLayout, WithoutAHeaderNamesColumnsAsTheParserDoes) {
  const TableLayout layout = detect_layout(data_file("good/no_header.csv"), {.label = "0"});
  EXPECT_FALSE(layout.has_header);
  EXPECT_EQ(layout.column_names, (std::vector<std::string>{"y", "x1", "x2"}));
  EXPECT_EQ(layout.data_offset, 0U);
  const TableLayout with_header = detect_layout(data_file("good/bom.csv"), {});
  EXPECT_EQ(with_header.column_names, (std::vector<std::string>{"x1", "x2", "y"}));
  EXPECT_EQ(with_header.data_offset, 3U + 8U);  // the mark, then "x1,x2,y\n"
}

// The 20 records the sniffer samples reach past the first read: reading
// only that much would take semicolon (a tie with comma), the whole file
// says comma.
TEST(DetectLayout, ReadsOnUntilTheDecisionsAreSure) {
  std::string text = "x,y,t;u\n";
  for (int row = 0; row < 19; ++row) {
    const std::string t = std::string(6000, 'a') + (row == 18 ? ";b;c" : ";b");
    text.append(std::to_string(row)).append(row % 2 == 0 ? ",0," : ",1,").append(t).append("\n");
  }
  ASSERT_GT(text.find(";b;c"), std::size_t{64} << 10);
  const ScratchFile file("sniff_far.csv", text);
  const ReadOptions options{.label = "y", .features = {"x"}};
  EXPECT_EQ(detect_layout(file.path(), options).delimiter, Delimiter::comma);
  expect_whole_file_layout(file.path(), options);
  for (std::size_t parts = 1; parts <= 5; ++parts) {
    expect_same_table(read_in_parts(file.path(), options, parts),
                      read_labeled_table(file.path(), options));
  }
}

TEST(DetectLayout, AFirstRecordLongerThanTheFirstReadDecidesTheHeader) {
  const std::string text = "x,y,t\n1,0," + std::string(200'000, 'w') + "\n2,1,v\n";
  const ScratchFile file("long_first.csv", text);
  const ReadOptions options{.label = "y", .features = {"x"}};
  expect_whole_file_layout(file.path(), options);
  EXPECT_TRUE(detect_layout(file.path(), options).has_header);
}

TEST(DetectLayout, RefusesFirstRecordsThatDoNotEndWithinTheLimit) {
  const ScratchFile file("endless.csv", "x,y\n\"" + std::string(layout_head_limit, 'a'));
  try {
    detect_layout(file.path(), {});
    ADD_FAILURE() << "no DataError";
  } catch (const DataError& error) {
    EXPECT_EQ(std::string(error.what()),
              file.path() +
                  ":2:1: the first records do not end within the first 64 MiB (found an open "
                  "quote or a very long line); a file like this cannot be split among processes: "
                  "train it on one process");
  }
}

// ---- Shares put together are the whole file -----------------------------------------------------

TEST(ShareParsing, EveryGoodFileGivesTheWholeFileTable) {
  for (const FileCase& split : good_file_cases()) {
    const std::string path = data_file(split.file);
    const LabeledTable whole = read_labeled_table(path, split.options);
    for (std::size_t parts : {1, 2, 3, 4, 5, 9}) {
      SCOPED_TRACE(split.file + ", " + std::to_string(parts) + " parts");
      expect_same_table(read_in_parts(path, split.options, parts), whole);
    }
  }
}

TEST(ShareParsing, AGeneratedFileGivesTheWholeFileTable) {
  const ScratchFile file("mixed.csv", awkward_table(300, false, true));
  for (const ReadOptions& options :
       {ReadOptions{.comment = '#', .skip_bad_rows = true},
        ReadOptions{.comment = '#', .features = {"x2", "x 1"}, .skip_bad_rows = true}}) {
    const LabeledTable whole = read_labeled_table(file.path(), options);
    ASSERT_GT(whole.skipped_rows, 5U);
    for (std::size_t parts = 1; parts <= 12; ++parts) {
      SCOPED_TRACE(std::to_string(parts) + " parts");
      expect_same_table(read_in_parts(file.path(), options, parts), whole);
    }
  }
  EXPECT_EQ(parts_outcome(file.path(), {.comment = '#'}, 4),
            whole_file_outcome(file.path(), {.comment = '#'}));
}

TEST(ShareParsing, EveryBadFileGivesTheWholeFileError) {
  for (const FileCase& split : bad_file_cases()) {
    const std::string path = data_file(split.file);
    const std::string expected = whole_file_outcome(path, split.options);
    ASSERT_NE(expected, "loaded") << split.file;
    for (std::size_t parts = 1; parts <= 5; ++parts) {
      EXPECT_EQ(parts_outcome(path, split.options, parts), expected)
          << split.file << ", " << parts << " parts";
    }
  }
}

// The one bad file whose message depends on the split: when the part that
// holds the open quote ends before the file does, the field runs past its
// last line break.
TEST(ShareParsing, AnUnterminatedQuoteBeforeTheEndOfAShareSpansLines) {
  const std::string path = data_file("bad/unterminated_quote.csv");
  const std::size_t quote_line = file_text(path).find("3,\"");
  for (std::size_t parts = 1; parts <= 5; ++parts) {
    bool ends_file = false;
    for (const ByteRange& range : ranges_of(path, parts)) {
      if (range.begin <= quote_line && quote_line < range.end)
        ends_file = range.end == range.file_size;
    }
    const std::string expected = ends_file
                                     ? whole_file_outcome(path, {})
                                     : "DataError: " + path + ":3:3: " + std::string(spans_lines);
    EXPECT_EQ(parts_outcome(path, {}, parts), expected) << parts << " parts";
  }
}

TEST(ShareParsing, ABadRowInTheLastPartHasTheWholeFileMessage) {
  std::string text = share_table(50'000);
  text.insert(text.rfind('\n', text.size() - 2) + 1, "77,2,3\n");
  const ScratchFile file("bad_last.csv", text);
  const std::string expected = whole_file_outcome(file.path(), {});
  ASSERT_NE(expected.find("too many fields"), std::string::npos) << expected;
  for (std::size_t parts = 1; parts <= 5; ++parts) {
    EXPECT_EQ(parts_outcome(file.path(), {}, parts), expected) << parts << " parts";
    // Found by the last part alone.
    const TableLayout layout = detect_layout(file.path(), {});
    std::size_t lines_before = 0;
    for (std::size_t part = 0; part < parts; ++part) {
      const ShareText share = read_range(file.path(), record_range(file.path(), part, parts));
      if (part + 1 < parts) {
        EXPECT_NO_THROW(parse_share(share, file.path(), {}, layout, lines_before));
      } else {
        EXPECT_EQ(outcome_of([&] { parse_share(share, file.path(), {}, layout, lines_before); }),
                  expected);
      }
      lines_before += share.line_ends;
    }
  }
}

TEST(ShareParsing, AQuotedLineBreakIsRefusedAtItsTrueLineWhateverPartHoldsIt) {
  const std::string path = data_file("good/quoted_text_column.csv");
  const std::string expected = "DataError: " + path + ":3:1: " + std::string(spans_lines);
  for (std::size_t parts = 1; parts <= 8; ++parts) {
    EXPECT_EQ(parts_outcome(path, {.features = {"x"}}, parts), expected) << parts << " parts";
  }
  // Deep in a larger file, where bounds fall before, inside and after it, in
  // a column that is not read.
  std::string text = "x,y,t\n";
  for (int row = 0; text.size() < 30'000; ++row) {
    text.append(std::to_string(row)).append(row % 2 == 0 ? ",0,a\n" : ",1,b\n");
  }
  const std::size_t line_start = text.find('\n', 20'000) + 1;
  const std::string line = std::to_string(
      static_cast<std::size_t>(std::count(text.begin(), text.begin() + line_start, '\n')) + 1);
  const ReadOptions options{.label = "y", .features = {"x"}};
  for (const auto& [record, column] :
       {std::pair<std::string, std::string>{"5,0,\"a\n\n\nb\"\n", "5"},
        // A row that skip_bad_rows would drop is refused all the same.
        std::pair<std::string, std::string>{"bad,0,\"a\nb\"\n", "7"}}) {
    std::string with_break = text;
    with_break.insert(line_start, record);
    const ScratchFile file("deep_quote.csv", with_break);
    const std::string deep =
        "DataError: " + file.path() + ":" + line + ":" + column + ": " + std::string(spans_lines);
    for (std::size_t parts = 1; parts <= 40; ++parts) {
      ReadOptions skipping = options;
      skipping.skip_bad_rows = true;
      EXPECT_EQ(parts_outcome(file.path(), skipping, parts), deep) << parts << " parts";
      if (column == "5") {
        EXPECT_EQ(parts_outcome(file.path(), options, parts), deep);
      }
    }
  }
}

TEST(ShareParsing, AQuotedLineBreakInTheHeaderIsFine) {
  const ScratchFile file("header_break.csv", "\"x\n1\",y\n1,0\n2,1\n3,0\n");
  const LabeledTable whole = read_labeled_table(file.path(), {});
  ASSERT_EQ(whole.feature_names, (std::vector<std::string>{"x\n1"}));
  for (std::size_t parts = 1; parts <= 8; ++parts) {
    expect_same_table(read_in_parts(file.path(), {}, parts), whole);
  }
}

TEST(ShareParsing, AnEmptyShareHasNoRowsAndNoError) {
  const std::string path = data_file("good/comma.csv");
  const TableLayout layout = detect_layout(path, {});
  const ShareText empty =
      read_range(path, ByteRange{.begin = 8, .end = 8, .file_size = file_text(path).size()});
  const LabeledTable share = parse_share(empty, path, {}, layout, 1);
  EXPECT_EQ(share.features.n_rows, 0U);
  EXPECT_EQ(share.features.n_cols, 2U);
  EXPECT_EQ(share.classes, (std::array<std::string, 2>{"", ""}));
  EXPECT_EQ(share.class_counts, (std::array<std::size_t, 2>{0, 0}));
  // Only the header.
  const ShareText header = read_range(path, record_range(path, 0, 9));
  ASSERT_EQ(header.bytes, "x1,x2,y\n");
  EXPECT_EQ(parse_share(header, path, {}, layout, 0).features.n_rows, 0U);
  // Every row skipped.
  const std::string bad = data_file("bad/all_rows_bad.csv");
  const ReadOptions skipping{.skip_bad_rows = true};
  const ShareText all_bad = read_range(bad, record_range(bad, 0, 1));
  const LabeledTable none = parse_share(all_bad, bad, skipping, detect_layout(bad, skipping), 0);
  EXPECT_EQ(none.features.n_rows, 0U);
  EXPECT_EQ(none.features.n_cols, 2U);
  EXPECT_EQ(none.labels.n_elem, 0U);
  EXPECT_EQ(none.skipped_rows, 2U);
  EXPECT_EQ(none.record_numbers, std::vector<std::size_t>{});
}

TEST(ShareParsing, RecordNumbersAndLinesCountFromTheShare) {
  const ScratchFile file("numbers.csv", "x,y\n1,0\nb,1\n3,1\n4,0\n5,1\n");
  const ReadOptions options{.skip_bad_rows = true};
  const TableLayout layout = detect_layout(file.path(), options);
  const ShareText text = read_range(file.path(), {.begin = 12, .end = 24, .file_size = 24});
  ASSERT_EQ(text.bytes, "3,1\n4,0\n5,1\n");
  const LabeledTable share = parse_share(text, file.path(), options, layout, 3);
  EXPECT_EQ(share.record_numbers, (std::vector<std::size_t>{1, 2, 3}));
  ASSERT_TRUE(share.class_first_seen[0]);
  EXPECT_EQ(share.class_first_seen[0]->line, 4U);  // "3,1", after 3 lines
  EXPECT_EQ(share.class_first_seen[0]->column, 3U);
  EXPECT_EQ(share.classes, (std::array<std::string, 2>{"1", "0"}));
  const ShareText first = read_range(file.path(), {.begin = 0, .end = 12, .file_size = 24});
  const LabeledTable skipped = parse_share(first, file.path(), options, layout, 0);
  EXPECT_EQ(skipped.record_numbers, (std::vector<std::size_t>{1}));
  EXPECT_EQ(skipped.skipped_rows, 1U);
  EXPECT_EQ(skipped.skipped_row_errors,
            (std::vector<std::string>{file.path() +
                                      ":3:1: non-numeric value in column 'x' (found \"b\")"}));
}

// ---- Classes across shares ----------------------------------------------------------------------

TEST(ShareClasses, MoreThanTwoClassesAcrossPartsAreRefused) {
  // Class 1 only in the first row, so that no share but the whole file
  // holds three classes.
  std::string text = "x,y\n";
  for (int row = 0; row < 60; ++row) {
    text.append(std::to_string(row)).append(row == 0 ? ",1\n" : row < 40 ? ",0\n" : ",2\n");
  }
  const ScratchFile file("third_class.csv", text);
  const std::string expected = whole_file_outcome(file.path(), {});
  ASSERT_EQ(expected, "DataError: " + file.path() +
                          ":42:4: more than two classes in label column 'y' (found \"1\", \"0\", "
                          "\"2\")");
  for (std::size_t parts = 2; parts <= 6; ++parts) {
    EXPECT_EQ(parts_outcome(file.path(), {}, parts), expected) << parts << " parts";
  }
}

TEST(ShareClasses, AShareWithThreeClassesNamesItsOwn) {
  const ScratchFile file("own_three.csv", "x,y\n1,a\n2,b\n3,c\n4,d\n");
  EXPECT_EQ(parts_outcome(file.path(), {}, 1), whole_file_outcome(file.path(), {}));
  const TableLayout layout = detect_layout(file.path(), {});
  const ShareText last = read_range(file.path(), {.begin = 8, .end = 20, .file_size = 20});
  EXPECT_EQ(outcome_of([&] { parse_share(last, file.path(), {}, layout, 2); }),
            "DataError: " + file.path() +
                ":5:3: more than two classes in label column 'y' (found \"b\", \"c\", \"d\")");
}

TEST(ShareClasses, TheSpellingFirstInTheFileIsKept) {
  const ScratchFile file("spellings.csv", "x,y\n1,1.0\n2,0\n3,1\n4,+1\n5,0.0\n6,1\n");
  const LabeledTable whole = read_labeled_table(file.path(), {});
  ASSERT_EQ(whole.classes, (std::array<std::string, 2>{"0", "1.0"}));
  for (std::size_t parts = 1; parts <= 7; ++parts) {
    expect_same_table(read_in_parts(file.path(), {}, parts), whole);
  }
}

TEST(ShareClasses, AShareWithOneClassLeavesTheSecondEmpty) {
  const ScratchFile file("one_class_share.csv", "x,y\n1,yes\n2,yes\n3,no\n");
  const TableLayout layout = detect_layout(file.path(), {});
  const ShareText first = read_range(file.path(), {.begin = 0, .end = 16, .file_size = 21});
  LabeledTable share = parse_share(first, file.path(), {}, layout, 0);
  EXPECT_EQ(share.classes, (std::array<std::string, 2>{"yes", ""}));
  EXPECT_EQ(share.class_counts, (std::array<std::size_t, 2>{2, 0}));
  testing::expect_labels(share.labels, {0, 0});
  adopt_classes(share, {"no", "yes"});
  EXPECT_EQ(share.classes, (std::array<std::string, 2>{"no", "yes"}));
  EXPECT_EQ(share.class_counts, (std::array<std::size_t, 2>{0, 2}));
  testing::expect_labels(share.labels, {1, 1});
  EXPECT_FALSE(share.class_first_seen[0]);
  ASSERT_TRUE(share.class_first_seen[1]);
  EXPECT_EQ(share.class_first_seen[1]->line, 2U);
  EXPECT_THROW(adopt_classes(share, {"a", "b"}), std::invalid_argument);
}

TEST(ShareClasses, AgreementDecidesAsTheWholeFileReader) {
  const ScratchFile file("agree.csv", "x,y\n1,b\n2,b\n3,a\n4,b\n");
  for (const ReadOptions& options : {ReadOptions{}, ReadOptions{.positive = "a"},
                                     ReadOptions{.positive = "B"}, ReadOptions{.positive = "c"}}) {
    const std::string expected = whole_file_outcome(file.path(), options);
    for (std::size_t parts = 1; parts <= 5; ++parts) {
      if (expected == "loaded") {
        expect_same_table(read_in_parts(file.path(), options, parts),
                          read_labeled_table(file.path(), options));
      } else {
        EXPECT_EQ(parts_outcome(file.path(), options, parts), expected);
      }
    }
  }
  EXPECT_THROW(agree_classes({ShareClasses{}}, "t.csv", {}, "y"), std::invalid_argument);
}

}  // namespace
}  // namespace adtrain::data
