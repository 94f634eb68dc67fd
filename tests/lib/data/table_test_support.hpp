// Shared helpers for the table reader tests: parsing inline text under a fixed
// source name, getting an error's exact text, comparing a table's matrix and
// labels exactly, and swapping standard input.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <string>
#include <string_view>
#include <vector>

#include "adtrain/data/table_reader.hpp"

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

}  // namespace adtrain::data::testing
