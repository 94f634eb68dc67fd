// Temporary single-file reader so that the tree builds; the real one is split
// into small files next.
#include "adtrain/data/table_reader.hpp"

#include <charconv>
#include <fstream>
#include <sstream>

namespace adtrain::data {

std::string_view to_string(Delimiter delimiter) {
  switch (delimiter) {
    case Delimiter::automatic:
      return "auto";
    case Delimiter::comma:
      return ",";
    case Delimiter::semicolon:
      return ";";
    case Delimiter::tab:
      return "tab";
    case Delimiter::whitespace:
      return "space";
  }
  return "auto";
}

std::optional<Delimiter> delimiter_from_string(std::string_view text) {
  for (Delimiter d : {Delimiter::automatic, Delimiter::comma, Delimiter::semicolon, Delimiter::tab,
                      Delimiter::whitespace}) {
    if (to_string(d) == text) return d;
  }
  return std::nullopt;
}

std::string_view to_string(HeaderMode header) {
  switch (header) {
    case HeaderMode::automatic:
      return "auto";
    case HeaderMode::present:
      return "yes";
    case HeaderMode::absent:
      return "no";
  }
  return "auto";
}

std::optional<HeaderMode> header_mode_from_string(std::string_view text) {
  for (HeaderMode h : {HeaderMode::automatic, HeaderMode::present, HeaderMode::absent}) {
    if (to_string(h) == text) return h;
  }
  return std::nullopt;
}

DataError::DataError(std::string source, std::size_t line, std::size_t column,
                     const std::string& message)
    : std::runtime_error(std::string(source)
                             .append(":")
                             .append(std::to_string(line))
                             .append(":")
                             .append(std::to_string(column))
                             .append(": ")
                             .append(message)),
      source_(std::move(source)),
      line_(line),
      column_(column) {
}

LabeledTable parse_labeled_table(std::string_view text, std::string_view source,
                                 const ReadOptions& options) {
  (void)options;
  std::vector<std::vector<double>> rows;
  std::istringstream in{std::string(text)};
  std::string line;
  std::size_t line_number = 0;
  while (std::getline(in, line)) {
    ++line_number;
    if (line.empty()) continue;
    std::vector<double> row;
    std::size_t start = 0;
    while (start <= line.size()) {
      std::size_t end = line.find(',', start);
      if (end == std::string::npos) end = line.size();
      double value = 0;
      auto [ptr, ec] = std::from_chars(line.data() + start, line.data() + end, value);
      if (ec != std::errc() || ptr != line.data() + end) {
        throw DataError(std::string(source), line_number, start + 1, "non-numeric value");
      }
      row.push_back(value);
      start = end + 1;
    }
    rows.push_back(std::move(row));
  }
  if (rows.empty()) throw DataError(std::string(source), 1, 1, "no data rows");
  LabeledTable table;
  const std::size_t columns = rows.front().size();
  table.features.set_size(rows.size(), columns - 1);
  table.labels.set_size(rows.size());
  for (std::size_t r = 0; r < rows.size(); ++r) {
    for (std::size_t c = 0; c + 1 < columns; ++c) table.features(r, c) = rows[r][c];
    table.labels(r) = rows[r][columns - 1];
  }
  for (std::size_t c = 0; c + 1 < columns; ++c) {
    table.feature_names.push_back(std::string("x").append(std::to_string(c + 1)));
  }
  table.label_name = std::string("y");
  table.label_index = columns - 1;
  table.classes = {std::string("0"), std::string("1")};
  return table;
}

LabeledTable read_labeled_table(const std::string& path, const ReadOptions& options) {
  std::ifstream file(path, std::ios::binary);
  if (!file) throw InputError(std::string(path).append(": cannot open"));
  std::stringstream buffer;
  buffer << file.rdbuf();
  return parse_labeled_table(buffer.str(), path, options);
}

}  // namespace adtrain::data
