// libFuzzer target for parse_labeled_table: any input must either load into a
// consistent table or fail with a one-line DataError; anything else (a crash,
// a sanitizer report, another exception, a broken invariant) is a bug.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "adtrain/data.hpp"

namespace {

using adtrain::data::DataError;
using adtrain::data::Delimiter;
using adtrain::data::HeaderMode;
using adtrain::data::LabeledTable;
using adtrain::data::ReadOptions;

constexpr std::string_view source = "fuzz.csv";

void require(bool condition) {
  if (!condition) std::abort();
}

void check_table(const LabeledTable& table, const ReadOptions& options) {
  require(table.delimiter != Delimiter::automatic);
  require(table.features.n_rows > 0);
  require(table.features.n_cols == table.feature_names.size());
  require(table.features.is_finite());
  // A label column always has a name (an empty one is refused), and it is
  // none of the features'.
  if (table.label_name.empty()) {
    require(options.label_optional);
    require(table.labels.is_empty());
    return;
  }
  require(std::find(table.feature_names.begin(), table.feature_names.end(), table.label_name) ==
          table.feature_names.end());
  require(table.labels.n_elem == table.features.n_rows);
  std::size_t ones = 0;
  for (const double label : table.labels) {
    require(label == 0.0 || label == 1.0);
    ones += label == 1.0 ? 1 : 0;
  }
  require(table.class_counts[1] == ones);
  require(table.class_counts[0] + ones == table.labels.n_elem);
  if (!options.known_classes) require(table.class_counts[0] > 0 && table.class_counts[1] > 0);
}

void check_error(const DataError& error) {
  const std::string_view message = error.what();
  require(message.starts_with(source));
  require(message.find('\n') == std::string_view::npos);
  require(message.find('\r') == std::string_view::npos);
  require(error.line() >= 1 && error.column() >= 1);
}

void parse(std::string_view text, const ReadOptions& options) {
  try {
    check_table(adtrain::data::parse_labeled_table(text, source, options), options);
  } catch (const DataError& error) {
    check_error(error);
  }
}

// One byte picks the options, so the fuzzer explores them with the text.
ReadOptions options_from(std::uint8_t choice) {
  ReadOptions options;
  options.delimiter = static_cast<Delimiter>(choice % 5);
  options.header = static_cast<HeaderMode>((choice / 5) % 3);
  options.skip_bad_rows = (choice & 0x10U) != 0;
  if ((choice & 0x20U) != 0) options.label = "0";
  if ((choice & 0x40U) != 0) {
    options.label = "y";
    options.label_optional = true;
  }
  if ((choice & 0x80U) != 0) options.known_classes = std::array<std::string, 2>{"0", "1"};
  return options;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  parse(text, {});
  if (size > 0) parse(text.substr(1), options_from(data[0]));
  return 0;
}
