// Which of a label column's two classes counts as positive (label 1).
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>

namespace adtrain::data {

// The index (0 or 1) of the positive class among `spellings`. With
// `requested`, the class spelled like it (or equal as a number, or equal
// ignoring case); nullopt if neither is. Otherwise 1, +1, true or yes (any
// case), else the class that sorts last (by value when both are numbers).
std::optional<std::size_t> choose_positive(const std::array<std::string, 2>& spellings,
                                           const std::optional<std::string>& requested);

}  // namespace adtrain::data
