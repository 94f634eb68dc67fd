// A file big enough for the reader to let go of parsed pages of its buffer
// along the way (they read as zeros afterwards): the result must not change,
// nor must error locations that point back into released text.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>

#include "table_test_support.hpp"

namespace adtrain::data {
namespace {

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

}  // namespace
}  // namespace adtrain::data
