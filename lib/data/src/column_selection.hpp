// Works out which column of the file is the label and which are the features,
// from the header (or the x1..xk / y names of a table without one) and the
// user's --label and --features.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "adtrain/data/table_reader.hpp"

namespace adtrain::data {

enum class ColumnRole : std::uint8_t { unused, feature, label };

struct ColumnPlan {
  std::vector<ColumnRole> roles;           // one per column of the file
  std::vector<std::size_t> feature_slot;   // per column: its feature matrix column
  std::vector<std::string> names;          // per column, as the user calls it
  std::vector<std::string> feature_names;  // per feature matrix column
  std::optional<std::size_t> label_column;
};

// A choice of columns that the file cannot satisfy. `column` is the file
// column to point at, when there is one.
class ColumnSelectionError : public std::runtime_error {
 public:
  ColumnSelectionError(std::optional<std::size_t> column, const std::string& message)
      : std::runtime_error(message), column_(column) {}
  std::optional<std::size_t> column() const { return column_; }

 private:
  std::optional<std::size_t> column_;
};

// `header` holds the header's names, or is empty for a table without one.
ColumnPlan plan_columns(const std::vector<std::string>& header, std::size_t column_count,
                        const ReadOptions& options);

}  // namespace adtrain::data
