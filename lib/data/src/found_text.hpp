// Turns text taken from an input file into something safe to put inside a
// one-line error message.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace adtrain::data {

// Control characters become \n, \t, \xNN... so that a message stays on one
// line whatever the file holds.
std::string escape_control_characters(std::string_view text);

// `text` in double quotes, escaped as above (plus \" and \\), cut after
// `max_characters` code points with a trailing "..." so that a huge field
// cannot flood the terminal.
std::string quote_found(std::string_view text, std::size_t max_characters = 40);

// The one character (code point) at `offset`, quoted like quote_found.
std::string quote_character_at(std::string_view text, std::size_t offset);

// A column name in single quotes, escaped and cut the same way.
std::string quote_name(std::string_view name);

}  // namespace adtrain::data
