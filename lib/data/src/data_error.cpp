#include "adtrain/data/table_reader.hpp"
#include "found_text.hpp"

namespace adtrain::data {
namespace {

std::string located_message(const std::string& source, std::size_t line, std::size_t column,
                            const std::string& message) {
  // A file name may hold a newline too; the message must stay one line.
  std::string text = escape_control_characters(source);
  text.append(":").append(std::to_string(line)).append(":").append(std::to_string(column));
  text.append(": ").append(escape_control_characters(message));
  return text;
}

}  // namespace

DataError::DataError(std::string source, std::size_t line, std::size_t column,
                     const std::string& message)
    : std::runtime_error(located_message(source, line, column, message)),
      source_(std::move(source)),
      line_(line),
      column_(column) {
}

}  // namespace adtrain::data
