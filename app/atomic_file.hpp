// Writing output files so that readers only ever see a complete file.
#pragma once

#include <string>
#include <string_view>

namespace adtrain::app {

// Writes `content` to a temporary file in the same folder as `path`, flushes
// it to disk, then renames it over `path`. An interrupted or failed write
// leaves `path` as it was. Throws CommandError(cant_create) on failure.
void write_file_atomically(const std::string& path, std::string_view content);

// Fails early, before any long work, when `path` could not be written later:
// its folder is missing or not writable, or `path` is a folder.
// Throws CommandError(cant_create).
void check_output_path(const std::string& path);

}  // namespace adtrain::app
