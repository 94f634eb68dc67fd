// The public reader (lib/data/src/table_reader.cpp): the spellings of its
// options, the encoding check, reading files and standard input, inputs that
// change or go bad while they are read, files big enough to be let go of as
// they are parsed, and every bad file under tests/data/bad/ with its exact
// error.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <thread>

#include "internal.hpp"
#include "table_test_support.hpp"

namespace adtrain::data {
namespace {

using testing::data_file;
using testing::expect_matrix;
using testing::read_error;

// ---- Option spellings ---------------------------------------------------------------------------

TEST(EnumStrings, DelimiterRoundTrips) {
  for (Delimiter d : {Delimiter::automatic, Delimiter::comma, Delimiter::semicolon, Delimiter::tab,
                      Delimiter::whitespace}) {
    EXPECT_EQ(delimiter_from_string(to_string(d)), d);
  }
  EXPECT_EQ(delimiter_from_string("pipe"), std::nullopt);
}

TEST(EnumStrings, HeaderModeRoundTrips) {
  for (HeaderMode h : {HeaderMode::automatic, HeaderMode::present, HeaderMode::absent}) {
    EXPECT_EQ(header_mode_from_string(to_string(h)), h);
  }
  EXPECT_EQ(header_mode_from_string("maybe"), std::nullopt);
}

// ---- Text encoding ------------------------------------------------------------------------------

TEST(Formats, ByteOrderMarkIsDropped) {
  const LabeledTable table = read_labeled_table(data_file("good/bom.csv"), {});
  EXPECT_EQ(table.feature_names, (std::vector<std::string>{"x1", "x2"}));
  expect_matrix(table.features, {{1, 2}, {3, 4}});
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

// ---- Inputs that cannot be read at all: InputError, "SOURCE: reason" ----------------------------

std::string input_error(const std::string& path) {
  try {
    read_labeled_table(path, {});
  } catch (const InputError& error) {
    return error.what();
  }
  return "no InputError";
}

std::filesystem::path scratch_file(const std::string& name, const std::string& content) {
  const auto path = std::filesystem::temp_directory_path() /
                    (std::string("adtrain_data_test_") + std::to_string(::getpid()) + "_" + name);
  std::ofstream(path, std::ios::binary) << content;
  return path;
}

TEST(InputErrors, MissingFile) {
  const std::string path = data_file("bad/does_not_exist.csv");
  EXPECT_EQ(input_error(path), path + ": no such file");
}

TEST(InputErrors, Directory) {
  const std::string path = data_file("bad/directory.csv");
  EXPECT_EQ(input_error(path), path + ": is a directory");
}

TEST(InputErrors, PathThroughAFile) {
  const std::string path = data_file("good/comma.csv/inner.csv");
  EXPECT_EQ(input_error(path), path + ": no such file (part of the path is not a directory)");
}

// Root reads any file, so the check runs in a child process that gives up
// root first.
TEST(InputErrors, NoReadPermission) {
  const auto path = scratch_file("unreadable.csv", "a,y\n1,0\n2,1\n");
  std::filesystem::permissions(path, std::filesystem::perms::none);
  const std::string expected = path.string() + ": permission denied";
  EXPECT_EXIT(
      {
        constexpr uid_t nobody = 65534;
        if (::geteuid() == 0 && (::setgid(nobody) != 0 || ::setuid(nobody) != 0)) std::_Exit(2);
        std::_Exit(input_error(path.string()) == expected ? 0 : 1);
      },
      ::testing::ExitedWithCode(0), "");
  std::filesystem::remove(path);
}

TEST(InputErrors, TheFileIsNeverModified) {
  const auto path = scratch_file("untouched.csv", "a,y\n1,0\n2,x\n3,z\n");
  const auto before = std::filesystem::last_write_time(path);
  EXPECT_THROW(read_labeled_table(path.string(), {}), DataError);
  EXPECT_EQ(std::filesystem::last_write_time(path), before);
  std::ifstream in(path, std::ios::binary);
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(in), {}), "a,y\n1,0\n2,x\n3,z\n");
  std::filesystem::remove(path);
}

TEST(StandardInput, DashReadsARedirectedFile) {
  const auto path = scratch_file("stdin.csv", "a,y\n1,0\n2,1\n");
  std::FILE* file = std::fopen(path.c_str(), "rb");
  ASSERT_NE(file, nullptr);
  {
    const testing::RedirectedStdin redirect(::fileno(file));
    const LabeledTable table = read_labeled_table("-", {});
    EXPECT_EQ(table.features.n_rows, 2U);
  }
  std::fclose(file);
  std::filesystem::remove(path);
}

TEST(StandardInput, DashReadsAPipeAndNamesItInErrors) {
  int pipe_ends[2];
  ASSERT_EQ(::pipe(pipe_ends), 0);
  const std::string text = "a,y\n1,0\n2,bad,1\n";
  ASSERT_EQ(::write(pipe_ends[1], text.data(), text.size()), static_cast<ssize_t>(text.size()));
  ::close(pipe_ends[1]);
  {
    const testing::RedirectedStdin redirect(pipe_ends[0]);
    EXPECT_EQ(testing::read_error("-"), "<stdin>:3:7: too many fields: expected 2 (found 3)");
  }
  ::close(pipe_ends[0]);
}

// ---- Inputs that change or go bad while they are read -------------------------------------------
// A file cut short, grown or rewritten under the reader is refused, InputError and never SIGBUS; a
// NUL byte or invalid UTF-8 is reported as soon as its piece is read, without reading or holding
// the rest of the file.

constexpr std::size_t chunk = std::size_t{1} << 20;  // what InputBuffer reads at a time

class ChangingInput : public ::testing::Test {
 protected:
  std::string write(const std::string& text) {
    path_ = (std::filesystem::temp_directory_path() /
             ("adtrain_changing_" + std::to_string(::getpid()) + ".csv"))
                .string();
    std::ofstream(path_, std::ios::binary | std::ios::trunc) << text;
    return path_;
  }
  void TearDown() override { std::filesystem::remove(path_); }

  std::string path_;
};

// "a,y" and rows "R,0" / "R,1" up to at least `bytes`.
std::string table_of(std::size_t bytes) {
  std::string text = "a,y\n";
  for (std::size_t row = 0; text.size() < bytes; ++row) {
    text.append(std::to_string(row)).append(row % 2 == 0 ? ",0\n" : ",1\n");
  }
  return text;
}

std::string buffer_error(const std::string& path, const std::function<void()>& after_each_read) {
  try {
    InputBuffer buffer(path, after_each_read);
  } catch (const InputError& error) {
    return error.what();
  }
  return "no InputError";
}

TEST_F(ChangingInput, AFileCutShortWhileReadIsRefused) {
  const std::string path = write(table_of(3 * chunk));
  const auto size = std::filesystem::file_size(path);
  bool cut = false;
  const auto cut_after_first_read = [&] {
    if (!cut) std::filesystem::resize_file(path, chunk / 2);
    cut = true;
  };
  EXPECT_EQ(buffer_error(path, cut_after_first_read),
            path + ": the file changed while it was read (found " + std::to_string(size) +
                " bytes when it was opened, " + std::to_string(chunk / 2) + " after reading)");
}

TEST_F(ChangingInput, AFileGrownWhileReadIsRefused) {
  const std::string path = write(table_of(2 * chunk));
  const auto size = std::filesystem::file_size(path);
  bool grown = false;
  const auto append_after_first_read = [&] {
    if (!grown) std::ofstream(path, std::ios::binary | std::ios::app) << "7,1\n";
    grown = true;
  };
  EXPECT_EQ(buffer_error(path, append_after_first_read),
            path + ": the file changed while it was read (found " + std::to_string(size) +
                " bytes when it was opened, " + std::to_string(size + 4) + " after reading)");
}

TEST_F(ChangingInput, AFileRewrittenInPlaceWhileReadIsRefused) {
  const std::string path = write(table_of(2 * chunk));
  bool rewritten = false;
  const auto rewrite_after_first_read = [&] {
    if (rewritten) return;
    rewritten = true;
    const int descriptor = ::open(path.c_str(), O_WRONLY);
    ASSERT_GE(descriptor, 0);
    ASSERT_EQ(::pwrite(descriptor, "9", 1, static_cast<off_t>(chunk + 10)), 1);
    // An explicit time, so that a coarse clock cannot hide the change.
    const struct timespec times[2] = {{0, UTIME_OMIT}, {1'000'000'000, 0}};
    ASSERT_EQ(::futimens(descriptor, times), 0);
    ::close(descriptor);
  };
  EXPECT_EQ(buffer_error(path, rewrite_after_first_read),
            path + ": the file changed while it was read (found a new modification time)");
}

TEST_F(ChangingInput, AnUnchangedFileReadsWhole) {
  const std::string text = table_of(3 * chunk + 5);
  const std::string path = write(text);
  std::size_t reads = 0;
  const InputBuffer buffer(path, [&] { ++reads; });
  EXPECT_EQ(buffer.text(), text);
  EXPECT_EQ(reads, 4U);
}

// The reported crash: a file truncated while adtrain reads it killed the
// process with SIGBUS (exit 135) when the file was memory-mapped. Whenever
// the cut comes after the file was opened, during the reading or during the
// parse, the reader either has the whole file or refuses it. (Done as
// read_labeled_table does it, with a hook to start the cut once the file is
// open.)
TEST_F(ChangingInput, TruncatingAtAnyMomentNeverCrashesNorLosesRows) {
  const std::string text = table_of(24 * chunk);
  const auto row_count = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) - 1;
  for (const int delay_microseconds : {0, 100, 300, 1'000, 3'000, 10'000, 30'000}) {
    const std::string path = write(text);
    std::atomic<bool> opened = false;
    std::jthread truncator([&] {
      while (!opened) std::this_thread::yield();
      std::this_thread::sleep_for(std::chrono::microseconds(delay_microseconds));
      std::filesystem::resize_file(path, text.size() / 3);
    });
    try {
      InputBuffer input(path, [&] { opened = true; });
      const LabeledTable table = parse_table_text(
          input.text(), input.source(), {},
          [&input](const char* end) { input.release_before(end); }, true);
      EXPECT_EQ(table.features.n_rows, row_count) << "cut after " << delay_microseconds << " us";
    } catch (const InputError& error) {
      EXPECT_EQ(std::string(error.what()).find(path + ": the file changed while it was read"), 0U)
          << error.what();
    } catch (const std::exception& error) {
      ADD_FAILURE() << "cut after " << delay_microseconds << " us: " << error.what();
    }
    opened = true;
  }
}

std::size_t status_kilobytes(const std::string& field) {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.starts_with(field + ":")) return std::stoul(line.substr(field.size() + 1));
  }
  return 0;
}

// An all-NUL 2 GB file took 5 s and 2.1 GB of memory before its NUL at 1:1
// was reported. Measured as the peak memory of this process (reset first).
TEST_F(ChangingInput, ANulIsFoundWithoutReadingTheWholeFile) {
  const std::string path = write("");
  std::filesystem::resize_file(path, std::size_t{1} << 30);  // sparse: no disk used
  {
    std::ofstream clear("/proc/self/clear_refs");
    clear << "5";
    if (!clear.flush()) GTEST_SKIP() << "cannot reset the peak memory here";
  }
  const std::size_t resident = status_kilobytes("VmRSS");
  EXPECT_EQ(testing::read_error(path),
            path + ":1:1: unexpected NUL byte (found byte 0x00; is this a binary or UTF-16 file?)");
  EXPECT_LT(status_kilobytes("VmHWM") - resident, 64U * 1024U) << "kB above the start";
}

TEST_F(ChangingInput, ANulDeepInsideIsFoundWhereItIs) {
  std::string text = table_of(2 * chunk);
  const auto lines = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
  text.append("5,\0\n", 4).append(table_of(chunk).substr(4));
  const std::string path = write(text);
  EXPECT_EQ(testing::read_error(path),
            path + ":" + std::to_string(lines + 1) +
                ":3: unexpected NUL byte (found byte 0x00; is this a binary or UTF-16 file?)");
}

// A character split between two reads is whole once both are in; a bad byte
// at the same place is still found, at its line and column.
TEST_F(ChangingInput, ASequenceAcrossTwoReads) {
  std::string text = "a,b,y\n";
  while (text.size() < chunk - 10) text.append("1,x,0\n2,x,1\n");
  const std::size_t line_start = text.size();
  text.append(chunk - 3 - line_start, ' ').append("1,\xC3");
  ASSERT_EQ(text.size(), chunk);
  text.append("\xA9,0\n3,z,1\n");
  const std::string good = write(text);
  const auto lines = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
  EXPECT_EQ(read_labeled_table(good, {.features = {"a"}}).features.n_rows, lines - 1);
  text[chunk] = ',';
  const std::string bad = write(text);
  EXPECT_EQ(testing::read_error(bad, {.features = {"a"}}),
            bad + ":" + std::to_string(lines - 1) + ":" + std::to_string(chunk - line_start) +
                ": invalid UTF-8 (found byte 0xC3)");
}

// A pipe hands its bytes over in pieces of any size: a byte-order mark or a
// character split between them is no problem.
TEST(PipedInput, ArrivingByteByByte) {
  int pipe_ends[2];
  ASSERT_EQ(::pipe(pipe_ends), 0);
  const std::string text = "\xEF\xBB\xBFn\xC3\xA4me,y\n1,0\n2,1\n";
  std::thread writer([&] {
    for (const char byte : text) {
      EXPECT_EQ(::write(pipe_ends[1], &byte, 1), 1);
      std::this_thread::sleep_for(std::chrono::microseconds(100));
    }
    ::close(pipe_ends[1]);
  });
  {
    const testing::RedirectedStdin redirect(pipe_ends[0]);
    const LabeledTable table = read_labeled_table("-", {});
    EXPECT_EQ(table.feature_names, (std::vector<std::string>{"n\xC3\xA4me"}));
    EXPECT_EQ(table.features.n_rows, 2U);
  }
  writer.join();
  ::close(pipe_ends[0]);
}

// ---- Large files --------------------------------------------------------------------------------
// Big enough for the reader to let go of parsed pages of its buffer along the way; they read as
// zeros afterwards, and neither the result nor error locations that point back into released text
// may change.

constexpr std::size_t rows = 700'000;  // about 21 MB, over twice the release step

// Labels 1, 0, 0, 1, 0, 0...; `label_for` overrides them.
std::string large_table(const std::function<std::string(std::size_t)>& label_for = {}) {
  std::string text = "a,b,y\n";
  text.reserve(rows * 30);
  for (std::size_t row = 0; row < rows; ++row) {
    const std::string number = std::to_string(row);
    text.append(number).append(".25,-").append(number).append(".5,");
    text.append(label_for ? label_for(row) : (row % 3 == 0 ? "1" : "0")).append("\n");
  }
  return text;
}

class LargeFile : public ::testing::Test {
 protected:
  std::filesystem::path write(const std::string& text) {
    path_ = std::filesystem::temp_directory_path() /
            ("adtrain_large_" + std::to_string(::getpid()) + ".csv");
    std::ofstream(path_, std::ios::binary) << text;
    return path_;
  }
  void TearDown() override { std::filesystem::remove(path_); }

 private:
  std::filesystem::path path_;
};

TEST_F(LargeFile, ReadsTheSameAsFromMemory) {
  const std::string text = large_table();
  const LabeledTable from_file = read_labeled_table(write(text).string(), {});
  const LabeledTable from_memory = parse_labeled_table(text, "memory", {});
  ASSERT_EQ(from_file.features.n_rows, rows);
  EXPECT_TRUE(arma::approx_equal(from_file.features, from_memory.features, "absdiff", 0.0));
  EXPECT_TRUE(arma::approx_equal(from_file.labels, from_memory.labels, "absdiff", 0.0));
  EXPECT_EQ(from_file.features(rows - 1, 1), -(static_cast<double>(rows - 1) + 0.5));
}

TEST_F(LargeFile, ErrorsPointBackIntoReleasedText) {
  const std::string one_class = write(large_table([](std::size_t) { return "1"; })).string();
  EXPECT_EQ(testing::read_error(one_class),
            one_class + ":2:11: only one class in label column 'y' (found \"1\" in all " +
                std::to_string(rows) + " rows)");
}

TEST_F(LargeFile, AThirdClassEarlyOnIsPointedAtAfterItsTextIsGone) {
  const auto third_class_third = [](std::size_t row) {
    return std::string(row == 2 ? "2" : row % 3 == 0 ? "1" : "0");
  };
  const std::string path = write(large_table(third_class_third)).string();
  EXPECT_EQ(testing::read_error(path),
            path + ":4:11: more than two classes in label column 'y' (found \"1\", \"0\", \"2\")");
}

TEST_F(LargeFile, TheFirstSkippedRowIsPointedAtAfterItsTextIsGone) {
  const std::string path = write(large_table([](std::size_t) { return "NA"; })).string();
  EXPECT_EQ(testing::read_error(path, {.skip_bad_rows = true}),
            path + ":2:11: no data rows left after skipping " + std::to_string(rows) +
                " bad rows; the first: missing value in label column 'y' (found \"NA\")");
}

TEST_F(LargeFile, ErrorsNearTheEnd) {
  const auto third_class_last = [](std::size_t row) {
    return row + 1 == rows ? std::string("2") : std::string(row % 3 == 0 ? "1" : "0");
  };
  const std::string path = write(large_table(third_class_last)).string();
  EXPECT_EQ(testing::read_error(path),
            path + ":" + std::to_string(rows + 1) +
                ":21: more than two classes in label column 'y' (found \"1\", \"0\", \"2\")");
}

// ---- Every bad input under tests/data/bad/ with the exact error it gets -------------------------
// The same texts are listed in tests/data/README.md for the end-to-end tests.

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

}  // namespace
}  // namespace adtrain::data
