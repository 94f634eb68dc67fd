// Shared helpers for the table reader tests: parsing inline text under a fixed
// source name, getting an error's exact text, comparing a table's matrix and
// labels exactly, or a whole table with another, files for the length of a
// test, and swapping standard input.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "adtrain/data.hpp"

namespace adtrain::data::testing {

inline std::string data_file(const std::string& relative) {
  return std::string(ADTRAIN_TEST_DATA_DIR).append("/").append(relative);
}

inline LabeledTable parse(std::string_view text, const ReadOptions& options = {}) {
  return parse_labeled_table(text, "t.csv", options);
}

// what() of the DataError that parsing `text` throws, or a note that it threw none.
inline std::string parse_error(std::string_view text, const ReadOptions& options = {}) {
  try {
    parse(text, options);
  } catch (const DataError& error) {
    return error.what();
  }
  return "no DataError";
}

inline std::string read_error(const std::string& path, const ReadOptions& options = {}) {
  try {
    read_labeled_table(path, options);
  } catch (const DataError& error) {
    return error.what();
  }
  return "no DataError";
}

// Every element equal, in the same shape.
inline void expect_matrix(const arma::mat& actual, const arma::mat& expected) {
  ASSERT_EQ(actual.n_rows, expected.n_rows);
  ASSERT_EQ(actual.n_cols, expected.n_cols);
  for (arma::uword index = 0; index < expected.n_elem; ++index) {
    EXPECT_EQ(actual(index), expected(index)) << "element " << index;
  }
}

inline void expect_labels(const arma::vec& actual, const std::vector<double>& expected) {
  ASSERT_EQ(actual.n_elem, expected.size());
  for (std::size_t index = 0; index < expected.size(); ++index) {
    EXPECT_EQ(actual(index), expected[index]) << "row " << index;
  }
}

inline bool same_location(const std::optional<TextLocation>& first,
                          const std::optional<TextLocation>& second) {
  if (!first || !second) return first.has_value() == second.has_value();
  return first->line == second->line && first->column == second->column;
}

// Every member equal: what a file read in pieces must give.
inline void expect_same_table(const LabeledTable& actual, const LabeledTable& expected) {
  expect_matrix(actual.features, expected.features);
  ASSERT_EQ(actual.labels.n_elem, expected.labels.n_elem);
  for (arma::uword row = 0; row < expected.labels.n_elem; ++row) {
    EXPECT_EQ(actual.labels(row), expected.labels(row)) << "row " << row;
  }
  EXPECT_EQ(actual.feature_names, expected.feature_names);
  EXPECT_EQ(actual.label_name, expected.label_name);
  EXPECT_EQ(actual.classes, expected.classes);
  EXPECT_EQ(actual.class_counts, expected.class_counts);
  for (std::size_t index = 0; index < 2; ++index) {
    EXPECT_TRUE(same_location(actual.class_first_seen[index], expected.class_first_seen[index]))
        << "class " << index;
  }
  EXPECT_EQ(actual.delimiter, expected.delimiter);
  EXPECT_EQ(actual.has_header, expected.has_header);
  EXPECT_EQ(actual.skipped_rows, expected.skipped_rows);
  EXPECT_EQ(actual.skipped_row_errors, expected.skipped_row_errors);
  EXPECT_EQ(actual.record_numbers, expected.record_numbers);
}

// "DataError: what()", "InputError: what()" or "loaded".
template <typename Read>
std::string outcome_of(const Read& read) {
  try {
    read();
  } catch (const DataError& error) {
    return std::string("DataError: ") + error.what();
  } catch (const InputError& error) {
    return std::string("InputError: ") + error.what();
  }
  return "loaded";
}

inline std::string whole_file_outcome(const std::string& path, const ReadOptions& options) {
  return outcome_of([&] { read_labeled_table(path, options); });
}

// A file under the temporary directory for the length of a test.
class ScratchFile {
 public:
  ScratchFile(const std::string& name, const std::string& content)
      : path_((std::filesystem::temp_directory_path() /
               ("adtrain_scratch_" + std::to_string(::getpid()) + "_" + name))
                  .string()) {
    std::ofstream(path_, std::ios::binary | std::ios::trunc) << content;
  }
  ~ScratchFile() { std::filesystem::remove(path_); }
  ScratchFile(const ScratchFile&) = delete;
  ScratchFile& operator=(const ScratchFile&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

inline std::string file_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

// A file under tests/data/ and the options to read it with.
struct FileCase {
  std::string file;
  ReadOptions options;
};

// Every file that loads, some with more than one set of options.
inline std::vector<FileCase> good_file_cases() {
  return {
      {"good/comma.csv", {}},
      {"good/semicolon.csv", {}},
      {"good/tab.tsv", {}},
      {"good/whitespace.txt", {}},
      {"good/crlf.csv", {}},
      {"good/bom.csv", {}},
      {"good/no_trailing_newline.csv", {}},
      {"good/blank_and_comment_lines.csv", {.comment = '#'}},
      {"good/hash_ids.csv", {.features = {"x"}}},
      {"good/quoted.csv", {}},
      {"good/no_header.csv", {}},
      {"good/no_header.csv", {.header = HeaderMode::absent, .features = {"x2"}}},
      {"good/string_labels_no_header.csv", {}},
      {"good/true_false.csv", {}},
      {"good/minus_one_plus_one.csv", {}},
      {"good/label_first.csv", {.label = "0"}},
      {"good/label_first.csv", {.label = "y", .positive = "0"}},
      {"good/signs_and_spaces.csv", {}},
      {"good/utf8_names.csv", {}},
      {"bad/some_rows_bad.csv", {.skip_bad_rows = true}},
      {"good/comma.csv", {.label_optional = true, .known_classes = {{"0", "1"}}}},
      {"../../data/seed_2d.csv", {}},
  };
}

// Every file that is refused, and a good one with a --positive it lacks.
inline std::vector<FileCase> bad_file_cases() {
  return {
      {"bad/empty.csv", {}},
      {"bad/blank_lines_only.csv", {}},
      {"bad/comment_lines_only.csv", {.comment = '#'}},
      {"bad/header_only.csv", {}},
      {"bad/too_few_fields.csv", {}},
      {"bad/too_many_fields.csv", {}},
      {"bad/non_numeric.csv", {}},
      {"bad/missing_value.csv", {}},
      {"bad/missing_label.csv", {}},
      {"bad/nan_feature.csv", {}},
      {"bad/na_in_first_row.csv", {}},
      {"bad/na_label.csv", {}},
      {"bad/inf_feature.csv", {}},
      {"bad/out_of_range.csv", {}},
      {"bad/text_after_quote.csv", {}},
      {"bad/label_column_missing.csv", {.label = "target"}},
      {"bad/feature_missing.csv", {.features = {"x1", "x3"}}},
      {"bad/single_class.csv", {}},
      {"bad/three_classes.csv", {}},
      {"bad/nul_byte.csv", {}},
      {"bad/invalid_utf8.csv", {}},
      {"bad/utf16.csv", {}},
      {"bad/all_rows_bad.csv", {.skip_bad_rows = true}},
      {"bad/all_rows_bad.csv", {}},
      {"bad/some_rows_bad.csv", {}},
      {"bad/directory.csv", {}},
      {"bad/does_not_exist.csv", {}},
      {"good/semicolon.csv", {.positive = "maybe"}},
  };
}

// Standard input is swapped for a file or a pipe for the length of a test.
class RedirectedStdin {
 public:
  explicit RedirectedStdin(int descriptor) : saved_(::dup(STDIN_FILENO)) {
    ::dup2(descriptor, STDIN_FILENO);
  }
  ~RedirectedStdin() {
    ::dup2(saved_, STDIN_FILENO);
    ::close(saved_);
  }
  RedirectedStdin(const RedirectedStdin&) = delete;
  RedirectedStdin& operator=(const RedirectedStdin&) = delete;

 private:
  int saved_;
};

// A generated table with what readers find awkward: blank and comment lines,
// CRLF, quoted numbers, one class spelled three ways ("1", "1.0", "+1"), and
// bad rows to skip; `rows` rows, the first line a comment (after a
// byte-order mark when `bom`), and no line end after the last row unless
// `final_line_end`. Read with comment '#'.
inline std::string awkward_table(int rows, bool bom, bool final_line_end) {
  std::string text = bom ? "\xEF\xBB\xBF" : "";
  text += "# a generated table\r\nid,\"x 1\",x2,label\r\n";
  const char* const positives[] = {"1", "1.0", "+1"};
  for (int row = 0; row < rows; ++row) {
    if (row % 13 == 0) text += "\r\n";
    if (row % 19 == 0) text += "  # a comment\r\n";
    text.append(std::to_string(row)).append(",");
    if (row % 5 == 0) {
      text.append("\"").append(std::to_string(row * 0.5)).append("\"");
    } else {
      text.append(std::to_string(row * 0.25));
    }
    if (row % 31 == 7) {
      text.append(",oops,");
    } else {
      text.append(",").append(std::to_string(rows - row)).append(",");
    }
    text.append(row % 3 == 0 ? positives[row % 9 / 3] : "0");
    if (row + 1 < rows || final_line_end) text.append("\r\n");
  }
  return text;
}

}  // namespace adtrain::data::testing
