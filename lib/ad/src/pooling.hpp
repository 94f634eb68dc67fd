// Whether the library recycles the memory it frees (nodes, large matrices).
// Off under AddressSanitizer: a block handed out again would hide a use
// after free from it.
#pragma once

namespace ad::detail {

#if defined(__SANITIZE_ADDRESS__)
inline constexpr bool pooling_enabled = false;
#else
inline constexpr bool pooling_enabled = true;
#endif

}  // namespace ad::detail
