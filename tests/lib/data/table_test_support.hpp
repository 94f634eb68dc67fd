// Shared helpers for the table reader tests: parsing inline text under a fixed
// source name, getting an error's exact text, and swapping standard input.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <string>
#include <string_view>

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
