// Counts the records ahead so that the matrix can be allocated once at its
// final size instead of growing (which would double the peak memory).
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

#include "adtrain/data/table_reader.hpp"

namespace adtrain::data {

// Records in `text` from `offset` (a line start) on, counted as FieldScanner
// would see them; `delimiter` must not be automatic.
std::size_t count_records(std::string_view text, std::size_t offset, Delimiter delimiter,
                          std::optional<char> comment);

}  // namespace adtrain::data
