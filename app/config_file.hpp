// --config FILE: a TOML document, read with toml++, whose keys are the long
// option names of the command they configure: top-level keys for training,
// tables [predict], [plot] and [generate] for those commands. Types are
// checked (a string where a number belongs is an error), unknown keys and
// tables are errors, relative paths are relative to the file's folder, and
// an option given on the command line wins over the file, also over a file
// option it excludes (--generate on the command line drops the file's data).
#pragma once

#include <CLI/CLI.hpp>

#include <string>

namespace adtrain::app {

// Applies the file to `app` after app.parse() has read the command line.
// Throws CommandError: usage (64) with "FILE:LINE:COLUMN: message" for
// anything wrong inside the file, no_input (66) when it cannot be read.
void apply_config_file(const std::string& path, CLI::App& app);

}  // namespace adtrain::app
