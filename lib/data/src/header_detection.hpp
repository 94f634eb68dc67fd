// Decides whether a table's first record is a header when the user did not say.
#pragma once

#include <string_view>
#include <vector>

namespace adtrain::data {

// The first record is a header when one of its fields is not a number, except
// where the next record is not a number in the same column either: that is a
// column of string labels in a table without a header. `second` is empty when
// there is no second record.
bool looks_like_header(const std::vector<std::string_view>& first,
                       const std::vector<std::string_view>& second);

}  // namespace adtrain::data
