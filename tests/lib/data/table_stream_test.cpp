// A table read pass after pass in chunks (lib/data/src/table_stream.cpp):
// that the chunks of a pass, put together as table_reader.hpp tells a
// caller to, are read_labeled_table's table or its error for every file and
// every chunk size; where chunks end; files that change between passes or
// during one; standard input; classes found in a single pass; and the
// estimate of a file's records.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <stdexcept>
#include <string>
#include <system_error>
#include <thread>
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

// From a byte a chunk (every line a chunk of its own) to more than any of
// the small files holds.
constexpr std::array<std::size_t, 12> chunk_sizes = {1,  2,   3,    5,    8,     13,
                                                     21, 100, 1000, 4096, 20000, 65536};

// Every chunk size from one byte to the whole file for a small file, the
// sizes above for a larger one.
std::vector<std::size_t> chunk_sizes_for(const std::string& path) {
  std::error_code error;
  const std::uintmax_t size = std::filesystem::file_size(path, error);
  if (error || size > 1000) return {chunk_sizes.begin(), chunk_sizes.end()};
  std::vector<std::size_t> sizes;
  for (std::size_t bytes = 1; bytes <= size + 1; ++bytes) sizes.push_back(bytes);
  sizes.push_back(65536);
  return sizes;
}

std::vector<StreamChunk> read_pass(TableStream& stream) {
  std::vector<StreamChunk> chunks;
  while (std::optional<StreamChunk> chunk = stream.next()) chunks.push_back(std::move(*chunk));
  return chunks;
}

// The chunks of a pass put together as the header of table_reader.hpp tells
// a caller to: no_rows_error, agree_classes over the chunks in order, then
// adopt_classes, the rows in chunk order, record numbers from
// records_before. Checks records_before and bytes_read on the way.
LabeledTable join_chunks(std::vector<StreamChunk> chunks, const TableStream& stream,
                         const ReadOptions& options) {
  std::size_t rows = 0;
  std::size_t skipped = 0;
  std::string first_skipped_error;
  std::vector<ShareClasses> classes;
  std::uint64_t bytes_read = 0;
  for (const StreamChunk& chunk : chunks) {
    EXPECT_EQ(chunk.records_before, rows + skipped);
    EXPECT_GT(chunk.bytes_read, bytes_read);
    bytes_read = chunk.bytes_read;
    rows += chunk.rows.features.n_rows;
    skipped += chunk.rows.skipped_rows;
    if (first_skipped_error.empty() && !chunk.rows.skipped_row_errors.empty()) {
      first_skipped_error = chunk.rows.skipped_row_errors.front();
    }
    classes.push_back(classes_of_share(chunk.rows));
  }
  if (stream.rewindable()) {
    EXPECT_EQ(bytes_read, stream.file_size());
  }
  if (rows == 0)
    throw no_rows_error(stream.source(), stream.layout(), skipped, first_skipped_error);
  LabeledTable table = chunks.front().rows;
  std::array<std::string, 2> agreed{};
  if (!table.label_name.empty()) {
    agreed = agree_classes(classes, stream.source(), options, table.label_name);
  }
  table.features.set_size(0, table.features.n_cols);
  table.labels.reset();
  table.class_counts = {};
  table.class_first_seen = {};
  table.skipped_rows = 0;
  table.skipped_row_errors.clear();
  table.record_numbers.clear();
  for (StreamChunk& chunk : chunks) {
    LabeledTable& part = chunk.rows;
    if (!table.label_name.empty()) adopt_classes(part, agreed);
    table.features = arma::join_cols(table.features, part.features);
    table.labels = arma::join_cols(table.labels, part.labels);
    for (std::size_t index = 0; index < 2; ++index) {
      table.class_counts[index] += part.class_counts[index];
      if (!table.class_first_seen[index]) {
        table.class_first_seen[index] = part.class_first_seen[index];
      }
    }
    for (const std::size_t record : part.record_numbers) {
      table.record_numbers.push_back(chunk.records_before + record);
    }
    table.skipped_rows += part.skipped_rows;
    for (const std::string& error : part.skipped_row_errors) {
      if (table.skipped_row_errors.size() < 5) table.skipped_row_errors.push_back(error);
    }
  }
  table.classes = agreed;
  return table;
}

LabeledTable streamed(const std::string& path, const ReadOptions& options,
                      std::size_t chunk_bytes) {
  TableStream stream(path, options, chunk_bytes);
  return join_chunks(read_pass(stream), stream, options);
}

std::string stream_outcome(const std::string& path, const ReadOptions& options,
                           std::size_t chunk_bytes) {
  return outcome_of([&] { streamed(path, options, chunk_bytes); });
}

// Where the chunks of `text` end by the rule TableStream documents: the
// whole lines that fit in `chunk_bytes`, or one line longer than that.
std::vector<std::uint64_t> chunk_ends_by_rule(const std::string& text, std::size_t chunk_bytes) {
  std::vector<std::uint64_t> ends;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t window = std::min(chunk_bytes, text.size() - start);
    std::size_t end = text.rfind('\n', start + window - 1);
    if (end == std::string::npos || end < start) end = text.find('\n', start + window);
    end = end == std::string::npos ? text.size() : end + 1;
    ends.push_back(end);
    start = end;
  }
  return ends;
}

// The message for a quoted field that holds a line break.
std::string spans_lines_error(const std::string& path, const std::string& line_and_column) {
  return "DataError: " + path + ":" + line_and_column +
         ": quoted field spans lines (found no closing quote on its line); --stream cannot read "
         "a file with such fields: train it without --stream";
}

std::size_t lines_in(const std::string& text) {
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

// ---- Chunks put together are the whole file -----------------------------------------------------

TEST(StreamedTable, EveryGoodFileGivesTheWholeFileTable) {
  for (const FileCase& good : good_file_cases()) {
    const std::string path = data_file(good.file);
    const LabeledTable whole = read_labeled_table(path, good.options);
    for (const std::size_t chunk_bytes : chunk_sizes_for(path)) {
      SCOPED_TRACE(good.file + ", chunks of " + std::to_string(chunk_bytes));
      expect_same_table(streamed(path, good.options, chunk_bytes), whole);
    }
  }
}

TEST(StreamedTable, EveryBadFileGivesTheWholeFileError) {
  for (const FileCase& bad : bad_file_cases()) {
    const std::string path = data_file(bad.file);
    const std::string expected = whole_file_outcome(path, bad.options);
    ASSERT_NE(expected, "loaded") << bad.file;
    for (const std::size_t chunk_bytes : chunk_sizes_for(path)) {
      EXPECT_EQ(stream_outcome(path, bad.options, chunk_bytes), expected)
          << bad.file << ", chunks of " << chunk_bytes;
    }
  }
}

// The one bad file whose message depends on the chunks: an open quote in a
// chunk that does not end the file goes on past its last line break.
TEST(StreamedTable, AnUnterminatedQuoteSpansLinesUnlessItsChunkEndsTheFile) {
  const std::string path = data_file("bad/unterminated_quote.csv");
  const std::string text = file_text(path);
  const std::size_t quote_line = text.find("3,\"");
  for (const std::size_t chunk_bytes : chunk_sizes_for(path)) {
    const std::vector<std::uint64_t> ends = chunk_ends_by_rule(text, chunk_bytes);
    const bool ends_file = *std::upper_bound(ends.begin(), ends.end(), quote_line) == text.size();
    const std::string expected =
        ends_file ? whole_file_outcome(path, {}) : spans_lines_error(path, "3:3");
    EXPECT_EQ(stream_outcome(path, {}, chunk_bytes), expected) << "chunks of " << chunk_bytes;
  }
}

TEST(StreamedTable, AQuotedLineBreakIsRefusedInTheWordsOfTheStream) {
  const std::string path = data_file("good/quoted_text_column.csv");
  for (const bool skip : {false, true}) {
    const ReadOptions options{.features = {"x"}, .skip_bad_rows = skip};
    for (const std::size_t chunk_bytes : chunk_sizes_for(path)) {
      EXPECT_EQ(stream_outcome(path, options, chunk_bytes), spans_lines_error(path, "3:1"))
          << "chunks of " << chunk_bytes;
    }
  }
}

TEST(StreamedTable, AQuotedLineBreakInTheHeaderIsFine) {
  const ScratchFile file("stream_header_break.csv", "\"x\n1\",y\n1,0\n2,1\n3,0\n");
  const LabeledTable whole = read_labeled_table(file.path(), {});
  ASSERT_EQ(whole.feature_names, (std::vector<std::string>{"x\n1"}));
  for (const std::size_t chunk_bytes : chunk_sizes) {
    expect_same_table(streamed(file.path(), {}, chunk_bytes), whole);
  }
}

// The whole-file reader reports a third class at its row once it has read
// on to the end, or to a bad row after it, naming the values it saw; a bad
// row before it is reported instead. A chunk may hold any of them.
TEST(StreamedTable, AThirdClassIsReportedAsTheWholeFileReportsIt) {
  const std::vector<std::string> files = {
      "x,y\n1,1\n2,0\n3,0\n4,2\n5,1\n6,2\n", "x,y\n1,0\n2,1\n3,a\n4,b\n5,0\n6,c\n7,d\n8,e\n",
      "x,y\n1,0\n2,1\n3,2\n4,bad\n5,3\n",    "x,y\n1,0\n2,bad\n3,1\n4,2\n",
      "x,y\n1,0\n2,1\n3,2\n4,\"open\n5,3\n", "x,y\n1,0\n2,1\n3,2\n4,3\n5,\xE9\n",
  };
  for (const std::string& text : files) {
    const ScratchFile file("stream_classes.csv", text);
    for (const ReadOptions& options : {ReadOptions{}, ReadOptions{.skip_bad_rows = true}}) {
      const std::string expected = whole_file_outcome(file.path(), options);
      ASSERT_NE(expected, "loaded");
      for (const std::size_t chunk_bytes : chunk_sizes_for(file.path())) {
        EXPECT_EQ(stream_outcome(file.path(), options, chunk_bytes), expected)
            << text << "chunks of " << chunk_bytes;
      }
    }
  }
}

TEST(StreamedTable, SkippingBadRowsGivesTheWholeFileTable) {
  const ScratchFile file("stream_awkward.csv", awkward_table(120, true, false));
  for (const ReadOptions& options :
       {ReadOptions{.comment = '#', .skip_bad_rows = true},
        ReadOptions{.comment = '#', .features = {"x2", "x 1"}, .skip_bad_rows = true}}) {
    const LabeledTable whole = read_labeled_table(file.path(), options);
    ASSERT_EQ(whole.skipped_rows, 4U);
    for (const std::size_t chunk_bytes : chunk_sizes) {
      SCOPED_TRACE("chunks of " + std::to_string(chunk_bytes));
      expect_same_table(streamed(file.path(), options, chunk_bytes), whole);
    }
  }
  const std::string expected = whole_file_outcome(file.path(), {.comment = '#'});
  ASSERT_NE(expected.find("non-numeric value in column 'x2'"), std::string::npos) << expected;
  for (const std::size_t chunk_bytes : chunk_sizes) {
    EXPECT_EQ(stream_outcome(file.path(), {.comment = '#'}, chunk_bytes), expected);
  }
}

// "x,y" then rows "R,0" / "R,1" up to at least `bytes`.
std::string stream_rows(std::size_t bytes) {
  std::string text = "x,y\n";
  for (std::size_t row = 0; text.size() < bytes; ++row) {
    text.append(std::to_string(row % 1000)).append(row % 2 == 0 ? ",0\n" : ",1\n");
  }
  return text;
}

// The same with rows of 100 bytes: fewer to parse in a larger file.
std::string wide_rows(std::size_t bytes) {
  std::string text = "x,y\n";
  for (std::size_t row = 0; text.size() < bytes; ++row) {
    text.append(std::to_string(1'000'000 + row % 1000)).append(90, '5');
    text.append(row % 2 == 0 ? ",0\n" : ",1\n");
  }
  return text;
}

// Past the bytes the layout is decided from, so that a chunk finds it.
TEST(StreamedTable, AnEncodingProblemDeepInsideIsReportedAtItsTrueLineAndColumn) {
  for (const std::string& bad :
       {std::string("\0", 1), std::string("\xFF\xFE"), std::string("\xE9"), std::string("\xC3")}) {
    std::string text = wide_rows(200'000);
    const std::size_t line_start = text.find('\n', 120'000) + 1;
    for (const std::size_t at : {line_start, line_start + 2}) {
      std::string with_bad = text;
      with_bad.insert(at, bad);
      const ScratchFile file("stream_encoding.csv", with_bad);
      const std::string expected = whole_file_outcome(file.path(), {});
      ASSERT_NE(expected.find(":" + std::to_string(lines_in(text.substr(0, at)) + 1) + ":"),
                std::string::npos)
          << expected;
      for (const std::size_t chunk_bytes :
           {std::size_t{1000}, std::size_t{65536}, std::size_t{1} << 20}) {
        EXPECT_EQ(stream_outcome(file.path(), {}, chunk_bytes), expected)
            << "chunks of " << chunk_bytes;
      }
    }
  }
}

// The last bytes of a read are checked once the next ones are in, unless a
// chunk ends there: a character cut off there is found before the chunk is
// handed out.
TEST(StreamedTable, AnEncodingProblemWhereAReadEndsIsFoundBeforeTheChunkIsHandedOut) {
  constexpr std::size_t mebibyte = std::size_t{1} << 20;
  std::string text = wide_rows(mebibyte - 200);
  text.append("2,");
  text.append(mebibyte - text.size() - 2, '1').append("\xC3\n");
  ASSERT_EQ(text.size(), mebibyte);
  text.append(wide_rows(10'000).substr(4));
  const ScratchFile file("stream_read_end.csv", text);
  const std::string expected = whole_file_outcome(file.path(), {});
  ASSERT_NE(expected.find("invalid UTF-8 (found byte 0xC3)"), std::string::npos) << expected;
  for (const std::size_t chunk_bytes : {mebibyte, mebibyte - 1, std::size_t{65536}}) {
    EXPECT_EQ(stream_outcome(file.path(), {}, chunk_bytes), expected) << chunk_bytes;
  }
}

// The whole-file reader checks all of its input before parsing any: a bad
// row, a bad header, or a third class in one chunk, before the encoding
// problem, is not what it reports.
TEST(StreamedTable, AnEncodingProblemAtTheStartIsNamedAsForTheWholeFile) {
  for (const std::string& text :
       {std::string("\xEF\xBB\xBF\xFF\xFEx,y\n1,0\n"), std::string("\xEF\xBB\xBFx\0,y\n1,0\n", 13),
        std::string("\xEF\xBB\xBFx,y\n1,\xC3\n"), std::string("\xEF\xBB")}) {
    const ScratchFile file("stream_start.csv", text);
    const std::string expected = whole_file_outcome(file.path(), {});
    for (const std::size_t chunk_bytes : chunk_sizes_for(file.path())) {
      EXPECT_EQ(stream_outcome(file.path(), {}, chunk_bytes), expected);
    }
  }
}

TEST(StreamedTable, AnEncodingProblemAnywhereIsReportedBeforeAnyOtherProblem) {
  std::string rows = stream_rows(100'000);
  rows.insert(rows.find('\n', 80'000) + 1, "7,\xE9,1\n");
  for (const std::string& before : {std::string("x,y\n1,0\nbad,1\n"), std::string("x,x\n1,0\n"),
                                    std::string("x,y\n1,a\n2,b\n3,c\n")}) {
    const ScratchFile file("stream_encoding_last.csv", before + rows.substr(4));
    const std::string expected = whole_file_outcome(file.path(), {});
    ASSERT_NE(expected.find("invalid UTF-8"), std::string::npos) << expected;
    for (const std::size_t chunk_bytes : {std::size_t{1}, std::size_t{64}, std::size_t{65536}}) {
      EXPECT_EQ(stream_outcome(file.path(), {}, chunk_bytes), expected)
          << before << "chunks of " << chunk_bytes;
    }
  }
}

// ---- Where chunks end ---------------------------------------------------------------------------

// Lines of many lengths, one far longer than the chunk and than a read,
// CRLF, and no line end at the end.
std::string uneven_table() {
  std::string text = "id,x,y,t\r\n";
  for (int row = 0; row < 400; ++row) {
    const std::size_t length = row == 200 ? 300'000 : static_cast<std::size_t>(row % 7) * 13;
    text.append(std::to_string(row))
        .append(",")
        .append(std::to_string(row * 0.5))
        .append(row % 2 == 0 ? ",0," : ",1,")
        .append(length, 'w');
    if (row + 1 < 400) text.append("\r\n");
  }
  return text;
}

TEST(StreamChunks, AreTheWholeLinesThatFitOrOneLongerLine) {
  const std::string text = uneven_table();
  const ScratchFile file("stream_uneven.csv", text);
  const ReadOptions options{.label = "y", .features = {"x", "id"}};
  const LabeledTable whole = read_labeled_table(file.path(), options);
  for (const std::size_t chunk_bytes :
       {std::size_t{1}, std::size_t{50}, std::size_t{1000}, std::size_t{70'000},
        std::size_t{299'999}, std::size_t{400'000}, std::size_t{1} << 20}) {
    SCOPED_TRACE("chunks of " + std::to_string(chunk_bytes));
    TableStream stream(file.path(), options, chunk_bytes);
    std::vector<StreamChunk> chunks = read_pass(stream);
    std::vector<std::uint64_t> ends;
    for (const StreamChunk& chunk : chunks) ends.push_back(chunk.bytes_read);
    EXPECT_EQ(ends, chunk_ends_by_rule(text, chunk_bytes));
    expect_same_table(join_chunks(std::move(chunks), stream, options), whole);
  }
}

// Past the first 20 records, which decide the layout.
TEST(StreamChunks, ALineLongerThanTheLimitIsRefusedAtItsStart) {
  std::string text = "x,y,t\n";
  for (int row = 0; row < 25; ++row) text.append(std::to_string(row)).append(",0,a\n");
  text.append("3,1,").append(layout_head_limit + 10, 'w').append("\n4,1,c\n");
  const ScratchFile file("stream_endless_line.csv", text);
  text = {};
  EXPECT_EQ(stream_outcome(file.path(), {.label = "y", .features = {"x"}}, std::size_t{1} << 20),
            "DataError: " + file.path() +
                ":27:1: line longer than 64 MiB (found no line end within that); --stream cannot "
                "read a file like this: train it without --stream");
}

TEST(StreamChunks, FirstRecordsThatDoNotEndWithinTheLimitAreRefusedInTheWordsOfTheStream) {
  const ScratchFile file("stream_endless_head.csv",
                         "x,y\n\"" + std::string(layout_head_limit, 'a'));
  EXPECT_EQ(outcome_of([&] { TableStream(file.path(), {}, 4096); }),
            "DataError: " + file.path() +
                ":2:1: the first records do not end within the first 64 MiB (found an open quote "
                "or a very long line); --stream cannot read a file like this: train it without "
                "--stream");
}

TEST(StreamChunks, RefuseAChunkOfNoBytes) {
  EXPECT_THROW(TableStream(data_file("good/comma.csv"), {}, 0), std::invalid_argument);
}

// Peak memory of this process (reset first) while a file twenty times the
// chunk is streamed: about one chunk of text and its rows, not the file.
std::size_t stream_status_kilobytes(const std::string& field) {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.starts_with(field + ":")) return std::stoul(line.substr(field.size() + 1));
  }
  return 0;
}

TEST(StreamChunks, MemoryHoldsAboutOneChunk) {
#if defined(__SANITIZE_ADDRESS__)
  GTEST_SKIP() << "AddressSanitizer keeps freed memory in quarantine";
#endif
  constexpr std::size_t chunk_bytes = std::size_t{1} << 20;
  const ScratchFile file("stream_memory.csv", stream_rows(20 * chunk_bytes));
  TableStream stream(file.path(), {}, chunk_bytes);
  {
    std::ofstream clear("/proc/self/clear_refs");
    clear << "5";
    if (!clear.flush()) GTEST_SKIP() << "cannot reset the peak memory here";
  }
  const std::size_t resident = stream_status_kilobytes("VmRSS");
  std::size_t rows = 0;
  while (std::optional<StreamChunk> chunk = stream.next()) rows += chunk->rows.features.n_rows;
  EXPECT_GT(rows, 2'000'000U);
  // A chunk's text (1 MiB) and rows (about 180,000 of x, y and the record
  // number: 4 MB), with what the allocator keeps (9 MB measured in all); the
  // whole file would be 20 MiB of text and 80 MB of rows.
  EXPECT_LT(stream_status_kilobytes("VmHWM") - resident, 16U * 1024U) << "kB above the start";
}

// ---- Passes -------------------------------------------------------------------------------------

void expect_same_chunks(const std::vector<StreamChunk>& actual,
                        const std::vector<StreamChunk>& expected) {
  ASSERT_EQ(actual.size(), expected.size());
  for (std::size_t index = 0; index < expected.size(); ++index) {
    SCOPED_TRACE("chunk " + std::to_string(index));
    expect_same_table(actual[index].rows, expected[index].rows);
    EXPECT_EQ(actual[index].records_before, expected[index].records_before);
    EXPECT_EQ(actual[index].bytes_read, expected[index].bytes_read);
  }
}

TEST(StreamPasses, RewindGivesTheSameChunks) {
  const ScratchFile file("stream_passes.csv", awkward_table(120, true, false));
  const ReadOptions options{.comment = '#', .skip_bad_rows = true};
  for (const std::size_t chunk_bytes : {std::size_t{1}, std::size_t{100}, std::size_t{65536}}) {
    TableStream stream(file.path(), options, chunk_bytes);
    EXPECT_TRUE(stream.rewindable());
    EXPECT_EQ(stream.file_size(), file_text(file.path()).size());
    EXPECT_EQ(stream.source(), file.path());
    const std::vector<StreamChunk> first = read_pass(stream);
    EXPECT_FALSE(stream.next());
    stream.rewind();
    expect_same_chunks(read_pass(stream), first);
    // Part of a pass, then a whole one.
    stream.rewind();
    ASSERT_TRUE(stream.next());
    stream.rewind();
    expect_same_chunks(read_pass(stream), first);
  }
}

// After the first pass the classes are known: the next passes label the
// rows by them already.
TEST(StreamPasses, RewindWithTheClassesOfTheFirstPass) {
  const ScratchFile file("stream_known.csv", awkward_table(120, true, false));
  const ReadOptions options{.comment = '#', .skip_bad_rows = true};
  const LabeledTable whole = read_labeled_table(file.path(), options);
  TableStream stream(file.path(), options, 200);
  expect_same_table(join_chunks(read_pass(stream), stream, options), whole);
  ReadOptions known = options;
  known.known_classes = whole.classes;
  stream.rewind(known);
  arma::vec labels;
  for (const StreamChunk& chunk : read_pass(stream)) {
    EXPECT_EQ(chunk.rows.classes, whole.classes);
    labels = arma::join_cols(labels, chunk.rows.labels);
  }
  testing::expect_labels(labels, arma::conv_to<std::vector<double>>::from(whole.labels));
}

std::string rewind_error(TableStream& stream) {
  try {
    stream.rewind();
  } catch (const InputError& error) {
    return error.what();
  }
  return "no InputError";
}

TEST(StreamPasses, RewindRefusesAFileChangedSinceItWasFirstRead) {
  const std::string text = "a,y\n1,0\n2,1\n3,0\n";  // 16 bytes
  const std::string since = ": the file changed since it was first read (found ";
  {
    const ScratchFile file("stream_grown.csv", text);
    TableStream stream(file.path(), {}, 4);
    read_pass(stream);
    std::ofstream(file.path(), std::ios::binary | std::ios::app) << "4,1\n";
    EXPECT_EQ(rewind_error(stream), file.path() + since + "20 bytes, 16 when first read)");
    // And stays refused.
    EXPECT_THROW(stream.rewind(), InputError);
  }
  {
    const ScratchFile file("stream_cut.csv", text);
    TableStream stream(file.path(), {}, 4);
    read_pass(stream);
    std::filesystem::resize_file(file.path(), 8);
    EXPECT_EQ(rewind_error(stream), file.path() + since + "8 bytes, 16 when first read)");
  }
  {
    // The same size, written again.
    const ScratchFile file("stream_rewritten.csv", text);
    const auto written = std::filesystem::last_write_time(file.path());
    TableStream stream(file.path(), {}, 4);
    std::ofstream(file.path(), std::ios::binary | std::ios::trunc) << "a,y\n1,1\n2,0\n3,1\n";
    std::filesystem::last_write_time(file.path(), written + std::chrono::seconds(2));
    EXPECT_EQ(rewind_error(stream), file.path() + since + "a new modification time)");
  }
  {
    const ScratchFile file("stream_replaced.csv", text);
    const ScratchFile other("stream_replacement.csv", text);
    TableStream stream(file.path(), {}, 4);
    std::filesystem::rename(other.path(), file.path());
    EXPECT_EQ(rewind_error(stream), file.path() + since + "another file at its path)");
  }
  {
    const ScratchFile file("stream_removed.csv", text);
    TableStream stream(file.path(), {}, 4);
    std::filesystem::remove(file.path());
    EXPECT_EQ(rewind_error(stream), file.path() + since + "no file there any more)");
  }
}

std::string next_input_error(TableStream& stream, std::size_t& chunks) {
  try {
    while (stream.next()) ++chunks;
  } catch (const InputError& error) {
    return error.what();
  }
  return "no InputError";
}

// The chunks read before are of a file that no longer is: the pass fails.
TEST(StreamPasses, AFileChangedDuringAPassIsRefused) {
  const std::string text = stream_rows(1'000'000);
  const std::string changed = ": the file changed while it was read (found ";
  {
    const ScratchFile file("stream_truncated.csv", text);
    TableStream stream(file.path(), {}, 4096);
    ASSERT_TRUE(stream.next());
    std::filesystem::resize_file(file.path(), 200'000);
    std::size_t chunks = 0;
    EXPECT_EQ(next_input_error(stream, chunks),
              file.path() + changed + std::to_string(text.size()) +
                  " bytes when it was opened, 200000 after reading)");
    // At the next read, not at the end of the pass.
    EXPECT_LT(chunks, 30U);
    EXPECT_THROW(stream.next(), std::logic_error);
    EXPECT_THROW(stream.rewind(), InputError);
  }
  {
    const ScratchFile file("stream_appended.csv", text);
    TableStream stream(file.path(), {}, 4096);
    ASSERT_TRUE(stream.next());
    std::ofstream(file.path(), std::ios::binary | std::ios::app) << "1,0\n";
    std::size_t chunks = 0;
    EXPECT_EQ(next_input_error(stream, chunks),
              file.path() + changed + std::to_string(text.size()) + " bytes when it was opened, " +
                  std::to_string(text.size() + 4) + " after reading)");
    EXPECT_LT(chunks, 30U);
  }
  {
    const ScratchFile file("stream_written.csv", text);
    const auto written = std::filesystem::last_write_time(file.path());
    TableStream stream(file.path(), {}, 4096);
    ASSERT_TRUE(stream.next());
    std::fstream(file.path(), std::ios::binary | std::ios::in | std::ios::out) << "x,z";
    std::filesystem::last_write_time(file.path(), written + std::chrono::seconds(2));
    std::size_t chunks = 0;
    EXPECT_EQ(next_input_error(stream, chunks), file.path() + changed + "a new modification time)");
    EXPECT_LT(chunks, 30U);
  }
}

TEST(StreamPasses, AFailedPassNeedsARewind) {
  const std::string path = data_file("bad/some_rows_bad.csv");
  TableStream stream(path, {}, 1);
  EXPECT_THROW(read_pass(stream), DataError);
  EXPECT_THROW(stream.next(), std::logic_error);
  const ReadOptions skipping{.skip_bad_rows = true};
  stream.rewind(skipping);
  expect_same_table(join_chunks(read_pass(stream), stream, skipping),
                    read_labeled_table(path, skipping));
}

// ---- Inputs -------------------------------------------------------------------------------------

// Root reads any file, so the check runs in a child process that gives up
// root first.
TEST(StreamInput, NoReadPermission) {
  const ScratchFile file("stream_unreadable.csv", "a,y\n1,0\n2,1\n");
  std::filesystem::permissions(file.path(), std::filesystem::perms::none);
  const std::string expected = "InputError: " + file.path() + ": permission denied";
  EXPECT_EXIT(
      {
        constexpr uid_t nobody = 65534;
        if (::geteuid() == 0 && (::setgid(nobody) != 0 || ::setuid(nobody) != 0)) std::_Exit(2);
        std::_Exit(stream_outcome(file.path(), {}, 4096) == expected ? 0 : 1);
      },
      ::testing::ExitedWithCode(0), "");
}

// `text` already in a pipe that standard input reads, for the length of a
// test: small enough to fit, so that no writer needs to wait.
class PipedStdin {
 public:
  explicit PipedStdin(const std::string& text) {
    int ends[2];
    if (::pipe(ends) != 0) throw std::runtime_error("pipe");
    if (::write(ends[1], text.data(), text.size()) != static_cast<ssize_t>(text.size())) {
      throw std::runtime_error("write");
    }
    ::close(ends[1]);
    read_end_ = ends[0];
    redirect_.emplace(read_end_);
  }
  ~PipedStdin() {
    redirect_.reset();
    ::close(read_end_);
  }
  PipedStdin(const PipedStdin&) = delete;
  PipedStdin& operator=(const PipedStdin&) = delete;

 private:
  int read_end_ = -1;
  std::optional<testing::RedirectedStdin> redirect_;
};

TEST(StreamInput, StandardInputIsReadOnce) {
  const std::string text = "\xEF\xBB\xBF# a comment\na,y\n1,0\n\n2,1\n3,0";
  const ReadOptions options{.comment = '#'};
  const LabeledTable whole = parse_labeled_table(text, "<stdin>", options);
  for (const std::size_t chunk_bytes : chunk_sizes) {
    SCOPED_TRACE("chunks of " + std::to_string(chunk_bytes));
    const PipedStdin input(text);
    TableStream stream("-", options, chunk_bytes);
    EXPECT_EQ(stream.source(), "<stdin>");
    EXPECT_FALSE(stream.rewindable());
    EXPECT_EQ(stream.file_size(), 0U);
    std::vector<StreamChunk> chunks = read_pass(stream);
    EXPECT_EQ(chunks.back().bytes_read, text.size());
    expect_same_table(join_chunks(std::move(chunks), stream, options), whole);
    EXPECT_THROW(stream.rewind(), std::logic_error);
  }
}

TEST(StreamInput, StandardInputIsNamedInErrors) {
  for (const std::size_t chunk_bytes : chunk_sizes) {
    const PipedStdin bad_row("a,y\n1,0\n2,bad,1\n");
    EXPECT_EQ(stream_outcome("-", {}, chunk_bytes),
              "DataError: <stdin>:3:7: too many fields: expected 2 (found 3)");
  }
  const PipedStdin bad_byte("a,y\n1,0\n2,\xFF\n");
  EXPECT_EQ(stream_outcome("-", {}, 1), "DataError: <stdin>:3:3: invalid UTF-8 (found byte 0xFF)");
}

// A child process writes `text` into a pipe that standard input reads, more
// than the pipe holds at once; from `slowly_from` on, a byte a millisecond.
// It gives up after 10 s (and at once when the reader closes the pipe), so
// no test can hang on it.
class ChildWritingStdin {
 public:
  explicit ChildWritingStdin(const std::string& text, std::size_t slowly_from = std::string::npos) {
    int ends[2];
    if (::pipe(ends) != 0) throw std::runtime_error("pipe");
    child_ = ::fork();
    if (child_ == 0) {
      ::alarm(10);
      ::close(ends[0]);
      std::size_t done = 0;
      while (done < text.size()) {
        const std::size_t size = done < slowly_from ? std::min(slowly_from, text.size()) - done : 1;
        const ssize_t count = ::write(ends[1], text.data() + done, size);
        if (count <= 0) ::_exit(1);
        done += static_cast<std::size_t>(count);
        if (done > slowly_from) ::usleep(1000);
      }
      ::_exit(0);
    }
    ::close(ends[1]);
    read_end_ = ends[0];
    redirect_.emplace(read_end_);
  }
  ~ChildWritingStdin() {
    redirect_.reset();
    ::close(read_end_);
    if (child_ > 0) ::waitpid(child_, nullptr, 0);
  }
  ChildWritingStdin(const ChildWritingStdin&) = delete;
  ChildWritingStdin& operator=(const ChildWritingStdin&) = delete;

 private:
  pid_t child_ = -1;
  int read_end_ = -1;
  std::optional<testing::RedirectedStdin> redirect_;
};

TEST(StreamInput, StandardInputLargerThanThePipe) {
  const std::string text = stream_rows(400'000);
  const LabeledTable whole = parse_labeled_table(text, "<stdin>", {});
  for (const std::size_t chunk_bytes : {std::size_t{4096}, std::size_t{1} << 20}) {
    const ChildWritingStdin input(text);
    expect_same_table(streamed("-", {}, chunk_bytes), whole);
  }
}

// A chunk that ends where the bytes so far end may or may not end the
// input: an open quote in it is an unterminated field only if it does.
TEST(StreamInput, StandardInputEndingInAnOpenQuote) {
  const std::string rows = wide_rows(70'000);
  const std::string text = rows + "2,\"x\n";
  const std::string expected = "DataError: <stdin>:" + std::to_string(lines_in(rows) + 1) +
                               ":3: unterminated quoted field (found no closing quote)";
  ASSERT_EQ(outcome_of([&] { parse_labeled_table(text, "<stdin>", {}); }), expected);
  const ChildWritingStdin input(text, rows.size());
  EXPECT_EQ(stream_outcome("-", {}, 5), expected);
}

// A pipe hands its bytes over in pieces of any size: a byte-order mark or a
// character split between them is no problem.
TEST(StreamInput, StandardInputArrivingByteByByte) {
  int ends[2];
  ASSERT_EQ(::pipe(ends), 0);
  const std::string text = "\xEF\xBB\xBFn\xC3\xA4me,y\n1,0\n2,1\n";
  std::thread writer([&] {
    for (const char byte : text) {
      EXPECT_EQ(::write(ends[1], &byte, 1), 1);
      std::this_thread::sleep_for(std::chrono::microseconds(100));
    }
    ::close(ends[1]);
  });
  {
    const testing::RedirectedStdin redirect(ends[0]);
    expect_same_table(streamed("-", {}, 3), parse_labeled_table(text, "<stdin>", {}));
  }
  writer.join();
  ::close(ends[0]);
}

// ---- Classes in a single pass -------------------------------------------------------------------

// A single pass with RunningClasses, put together as join_chunks does.
LabeledTable streamed_once(const std::string& path, const ReadOptions& options,
                           std::size_t chunk_bytes) {
  TableStream stream(path, options, chunk_bytes);
  std::optional<RunningClasses> classes;
  LabeledTable table;
  bool first = true;
  while (std::optional<StreamChunk> chunk = stream.next()) {
    if (!classes) classes.emplace(stream.source(), options, chunk->rows.label_name);
    classes->adopt(*chunk);
    LabeledTable& part = chunk->rows;
    if (first) {
      table = part;
      table.features.set_size(0, part.features.n_cols);
      table.labels.reset();
      table.record_numbers.clear();
      table.class_first_seen = {};
      first = false;
    }
    table.features = arma::join_cols(table.features, part.features);
    table.labels = arma::join_cols(table.labels, part.labels);
    for (std::size_t index = 0; index < 2; ++index) {
      if (!table.class_first_seen[index]) {
        table.class_first_seen[index] = part.class_first_seen[index];
      }
    }
    for (const std::size_t record : part.record_numbers) {
      table.record_numbers.push_back(chunk->records_before + record);
    }
  }
  if (!classes) throw std::logic_error("no chunks");
  classes->finish();
  table.classes = classes->classes();
  table.class_counts = classes->counts();
  return table;
}

TEST(RunningClassesTest, EqualNumbersAreOneClassSpelledAsFirstSeen) {
  const ScratchFile file("stream_spellings.csv", "x,y\n1,1.0\n2,0\n3,1\n4,+1\n5,0.0\n6,1\n");
  for (const std::string positive : {"1", "+1", "1.0"}) {
    const ReadOptions options{.positive = positive};
    const LabeledTable whole = read_labeled_table(file.path(), options);
    ASSERT_EQ(whole.classes, (std::array<std::string, 2>{"0", "1.0"}));
    for (const std::size_t chunk_bytes : chunk_sizes) {
      SCOPED_TRACE(positive + ", chunks of " + std::to_string(chunk_bytes));
      expect_same_table(streamed_once(file.path(), options, chunk_bytes), whole);
    }
  }
}

TEST(RunningClassesTest, TheWholeFileTableForEveryGoodFileWithAPositiveClass) {
  for (const FileCase& good : good_file_cases()) {
    const std::string path = data_file(good.file);
    LabeledTable whole = read_labeled_table(path, good.options);
    if (whole.label_name.empty()) continue;
    ReadOptions options = good.options;
    if (!options.known_classes) options.positive = whole.classes[1];
    whole = read_labeled_table(path, options);
    for (const std::size_t chunk_bytes : chunk_sizes) {
      SCOPED_TRACE(good.file + ", chunks of " + std::to_string(chunk_bytes));
      const LabeledTable once = streamed_once(path, options, chunk_bytes);
      // Skipped rows are join_chunks' business; the rows and classes are
      // RunningClasses'.
      testing::expect_matrix(once.features, whole.features);
      testing::expect_labels(once.labels, arma::conv_to<std::vector<double>>::from(whole.labels));
      EXPECT_EQ(once.classes, whole.classes);
      EXPECT_EQ(once.class_counts, whole.class_counts);
      EXPECT_EQ(once.record_numbers, whole.record_numbers);
      for (std::size_t index = 0; index < 2; ++index) {
        EXPECT_TRUE(
            testing::same_location(once.class_first_seen[index], whole.class_first_seen[index]));
      }
    }
  }
}

std::string once_outcome(const std::string& path, const ReadOptions& options,
                         std::size_t chunk_bytes) {
  return outcome_of([&] { streamed_once(path, options, chunk_bytes); });
}

TEST(RunningClassesTest, AThirdClassIsRefusedAtItsRow) {
  const ScratchFile file("stream_third.csv", "x,y\n1,1\n2,0\n3,0\n4,2\n5,1\n6,2\n");
  const ReadOptions options{.positive = "1"};
  const std::string expected = whole_file_outcome(file.path(), options);
  ASSERT_EQ(expected, "DataError: " + file.path() +
                          ":5:3: more than two classes in label column 'y' (found \"1\", \"0\", "
                          "\"2\")");
  for (const std::size_t chunk_bytes : chunk_sizes) {
    EXPECT_EQ(once_outcome(file.path(), options, chunk_bytes), expected)
        << "chunks of " << chunk_bytes;
  }
}

// Chunks from TableStream never hold a third class (it reports that
// itself); RunningClasses refuses one all the same, at its first row.
StreamChunk chunk_of_labels(std::vector<double> labels, std::array<std::string, 2> classes,
                            std::array<std::optional<TextLocation>, 2> first_seen) {
  StreamChunk chunk;
  chunk.rows.label_name = "y";
  chunk.rows.features.set_size(labels.size(), 1);
  chunk.rows.labels = arma::vec(labels);
  chunk.rows.classes = std::move(classes);
  const auto ones = static_cast<std::size_t>(std::count(labels.begin(), labels.end(), 1.0));
  chunk.rows.class_counts = {labels.size() - ones, ones};
  chunk.rows.class_first_seen = first_seen;
  return chunk;
}

TEST(RunningClassesTest, AThirdClassInAChunkIsRefusedAtItsFirstRow) {
  for (const auto& [second, message] :
       {std::pair<std::array<std::string, 2>, std::string>{
            {"2", ""},
            "t.csv:7:5: more than two classes in label column 'y' (found \"1\", \"0\", \"2\")"},
        std::pair<std::array<std::string, 2>, std::string>{
            {"1.0", "2"},
            "t.csv:8:5: more than two classes in label column 'y' (found \"1\", \"0\", \"2\")"},
        std::pair<std::array<std::string, 2>, std::string>{
            {"3", "2"},
            "t.csv:7:5: more than two classes in label column 'y' (found \"1\", \"0\", \"3\", "
            "\"2\")"}}) {
    RunningClasses classes("t.csv", {.positive = "1"}, "y");
    StreamChunk first =
        chunk_of_labels({0, 1, 0}, {"1", "0"}, {TextLocation{2, 3}, TextLocation{3, 3}});
    classes.adopt(first);
    testing::expect_labels(first.rows.labels, {1, 0, 1});
    EXPECT_EQ(classes.classes(), (std::array<std::string, 2>{"0", "1"}));
    StreamChunk next = chunk_of_labels({0, 1}, second, {TextLocation{7, 5}, TextLocation{8, 5}});
    try {
      classes.adopt(next);
      ADD_FAILURE() << "no DataError";
    } catch (const DataError& error) {
      EXPECT_EQ(std::string(error.what()), message);
    }
  }
}

TEST(RunningClassesTest, APositiveClassThatIsNoValueIsRefused) {
  const ScratchFile file("stream_no_positive.csv", "x,y\n1,a\n2,b\n3,a\n");
  const ReadOptions options{.positive = "c"};
  const std::string expected = whole_file_outcome(file.path(), options);
  ASSERT_EQ(expected, "DataError: " + file.path() +
                          ":2:3: positive class \"c\" is not a value of label column 'y' (found "
                          "\"a\", \"b\")");
  for (const std::size_t chunk_bytes : chunk_sizes) {
    EXPECT_EQ(once_outcome(file.path(), options, chunk_bytes), expected);
  }
}

TEST(RunningClassesTest, OneClassIsRefusedAtTheEnd) {
  const std::string path = data_file("bad/single_class.csv");
  for (const std::string positive : {"1", "0"}) {
    const ReadOptions options{.positive = positive};
    const std::string expected = whole_file_outcome(path, options);
    ASSERT_NE(expected.find("only one class"), std::string::npos);
    for (const std::size_t chunk_bytes : chunk_sizes) {
      EXPECT_EQ(once_outcome(path, options, chunk_bytes), expected);
    }
  }
}

TEST(RunningClassesTest, NeedThePositiveClass) {
  EXPECT_THROW(RunningClasses("t.csv", {}, "y"), std::invalid_argument);
  EXPECT_THROW(RunningClasses("t.csv", {.positive = ""}, "y"), std::invalid_argument);
  const RunningClasses known("t.csv", {.known_classes = {{"no", "yes"}}}, "y");
  EXPECT_EQ(known.classes(), (std::array<std::string, 2>{"no", "yes"}));
  const RunningClasses unseen("t.csv", {.positive = "yes"}, "y");
  EXPECT_EQ(unseen.classes(), (std::array<std::string, 2>{"", "yes"}));
  EXPECT_EQ(unseen.counts(), (std::array<std::size_t, 2>{0, 0}));
}

// ---- Estimating records -------------------------------------------------------------------------

TEST(EstimateRecords, WithinTenPercentOnALargeFile) {
  // Rows of 6 to 36 bytes in no order, so that the first MiB is like the rest.
  std::string text = "a,b,label\n";
  std::uint32_t state = 12345;
  std::size_t rows = 0;
  while (text.size() < (std::size_t{6} << 20)) {
    state = state * 1664525U + 1013904223U;
    text.append(1 + (state >> 24) % 16, '7').append(",").append(1 + (state >> 16) % 16, '3');
    text.append((state >> 8) % 2 == 0 ? ",0\n" : ",1\n");
    ++rows;
  }
  const ScratchFile file("stream_estimate.csv", text);
  const TableLayout layout = detect_layout(file.path(), {});
  const auto estimate = static_cast<double>(estimate_records(file.path(), layout));
  EXPECT_NEAR(estimate, static_cast<double>(rows), 0.1 * static_cast<double>(rows));
}

TEST(EstimateRecords, ExactForASmallFileAndNoneWithoutData) {
  for (const char* good : {"good/comma.csv", "good/crlf.csv", "good/bom.csv",
                           "good/no_trailing_newline.csv", "../../data/seed_2d.csv"}) {
    const std::string path = data_file(good);
    EXPECT_EQ(estimate_records(path, detect_layout(path, {})),
              read_labeled_table(path, {}).features.n_rows)
        << good;
  }
  const ScratchFile header_only("stream_header_only.csv", "a,b,y\n");
  const TableLayout layout{
      .has_header = true, .column_names = {"a", "b", "y"}, .columns = 3, .data_offset = 6};
  EXPECT_EQ(estimate_records(header_only.path(), layout), 0U);
  EXPECT_EQ(outcome_of([&] { estimate_records("-", layout); }),
            "InputError: <stdin>: cannot estimate its records (found standard input)");
}

}  // namespace
}  // namespace adtrain::data
