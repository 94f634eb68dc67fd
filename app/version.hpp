#pragma once

#include <string_view>

namespace adtrain::app {
inline constexpr std::string_view tool_name = "adtrain";
inline constexpr std::string_view version = ADTRAIN_VERSION;
}  // namespace adtrain::app
