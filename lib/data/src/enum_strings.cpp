// The spellings of the delimiter and header options, shared by the command
// line and the report so that both always agree.
#include "adtrain/data/table_reader.hpp"

namespace adtrain::data {
namespace {

constexpr std::array delimiters = {Delimiter::automatic, Delimiter::comma, Delimiter::semicolon,
                                   Delimiter::tab, Delimiter::whitespace};
constexpr std::array header_modes = {HeaderMode::automatic, HeaderMode::present,
                                     HeaderMode::absent};

}  // namespace

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
  for (Delimiter delimiter : delimiters) {
    if (to_string(delimiter) == text) return delimiter;
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
  for (HeaderMode header : header_modes) {
    if (to_string(header) == text) return header;
  }
  return std::nullopt;
}

}  // namespace adtrain::data
