// Wide tables: the cost of loading depends on the number of fields, not on
// the square of the number of columns (looking names up in the header once
// per column made 100,000 columns take half a minute).
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <string>

#include "table_test_support.hpp"

namespace adtrain::data {
namespace {

// A header c0..c{columns-2},y and `rows` rows of small numbers.
std::string table(std::size_t columns, std::size_t rows) {
  std::string text;
  for (std::size_t column = 0; column + 1 < columns; ++column) {
    text.append("c").append(std::to_string(column)).append(",");
  }
  text.append("y\n");
  for (std::size_t row = 0; row < rows; ++row) {
    for (std::size_t column = 0; column + 1 < columns; ++column) {
      text.append(std::to_string((row + column) % 10)).append(",");
    }
    text.append(row % 2 == 0 ? "0\n" : "1\n");
  }
  return text;
}

TEST(WideFile, HundredThousandColumnsLoad) {
  const LabeledTable loaded = testing::parse(table(100'000, 20));
  ASSERT_EQ(loaded.features.n_rows, 20U);
  ASSERT_EQ(loaded.features.n_cols, 99'999U);
  EXPECT_EQ(loaded.feature_names.back(), "c99998");
  EXPECT_EQ(loaded.features(19, 99'998), static_cast<double>((19 + 99'998) % 10));
  EXPECT_EQ(loaded.label_name, "y");
}

TEST(WideFile, ADuplicateNameFarApartIsFound) {
  std::string text = table(50'000, 2);
  text.replace(text.find("c49998,"), 6, "c1");
  EXPECT_EQ(testing::parse_error(text),
            "t.csv:1:338877: duplicate column name 'c1' (found it more than once in the header)");
}

TEST(WideFile, ManyFeaturesByName) {
  ReadOptions options;
  for (std::size_t column = 49'999; column-- > 0;) {
    options.features.push_back(std::string("c").append(std::to_string(column)));
  }
  const LabeledTable loaded = testing::parse(table(50'000, 2), options);
  ASSERT_EQ(loaded.features.n_cols, 49'999U);
  EXPECT_EQ(loaded.feature_names.front(), "c49998");
  EXPECT_EQ(loaded.features(1, 0), static_cast<double>((1 + 49'998) % 10));
  options.features.push_back("c7");
  EXPECT_EQ(testing::parse_error(table(50'000, 2), options),
            "t.csv:1:22: feature 'c7' is asked for twice (found it twice in the feature list)");
}

// The algorithmic property, measured against itself so that the machine's
// speed does not matter: two tables of 2,000,000 fields each, one 100,000
// columns wide and one 1,000, load in about the same time. A step that is
// quadratic in the columns makes the wide one a hundred times slower.
double best_seconds(const std::string& text) {
  double best = 1e9;
  for (int run = 0; run < 3; ++run) {
    const auto start = std::chrono::steady_clock::now();
    const LabeledTable loaded = testing::parse(text);
    const auto stop = std::chrono::steady_clock::now();
    EXPECT_EQ(loaded.features.n_elem + loaded.labels.n_elem, 2'000'000U);
    best = std::min(best, std::chrono::duration<double>(stop - start).count());
  }
  return best;
}

TEST(WideFile, CostGrowsWithFieldsNotWithColumnsSquared) {
  const double wide = best_seconds(table(100'000, 20));
  const double narrow = best_seconds(table(1'000, 2'000));
  EXPECT_LT(wide, 10 * narrow) << "wide " << wide << " s, narrow " << narrow << " s";
}

}  // namespace
}  // namespace adtrain::data
