// Guesses the delimiter of a table from its first records.
#pragma once

#include <optional>
#include <string_view>

#include "adtrain/data/table_reader.hpp"

namespace adtrain::data {

// Never returns Delimiter::automatic. A tab, semicolon or comma wins when it
// appears the same number of times in most of the first records (ties go to
// tab, then semicolon: a semicolon file often has decimal commas). Without any,
// blanks between values mean whitespace-separated; otherwise comma. Blank
// lines, and comment lines when `comment` is set, are not records.
Delimiter sniff_delimiter(std::string_view text, std::optional<char> comment);

}  // namespace adtrain::data
