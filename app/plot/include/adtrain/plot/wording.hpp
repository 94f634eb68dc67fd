// Small pieces of caption text.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace adtrain::plot {

// 12345 -> "12,345".
std::string group_thousands(std::size_t count);

// "x3", "x3 and x4", "x3, x4 and x5", "x3, x4, x5 and 7 more" (the first
// `shown` names, then a count).
std::string list_names(const std::vector<std::string>& names, std::size_t shown = 3);

}  // namespace adtrain::plot
