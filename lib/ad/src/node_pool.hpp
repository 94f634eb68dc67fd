// Recycling node memory within a thread. Per-sample training creates and
// frees the same dozen nodes every step; going through malloc and free for
// each one cost more than the arithmetic on 3-element tensors.
#pragma once

#include <cstddef>
#include <new>

namespace ad::detail {

// A free list of equal-sized blocks per thread, bounded so that freeing a
// huge graph does not keep its memory forever. Blocks of other sizes go
// straight to operator new/delete. Under AddressSanitizer the pool is off,
// so that a use after free is still reported.
class NodeMemory {
 public:
  static void* allocate(std::size_t bytes);
  static void deallocate(void* block, std::size_t bytes) noexcept;
};

template <class T>
struct NodeAllocator {
  using value_type = T;
  NodeAllocator() = default;
  template <class U>
  NodeAllocator(const NodeAllocator<U>&) noexcept {}
  T* allocate(std::size_t n) { return static_cast<T*>(NodeMemory::allocate(n * sizeof(T))); }
  void deallocate(T* p, std::size_t n) noexcept { NodeMemory::deallocate(p, n * sizeof(T)); }
  template <class U>
  bool operator==(const NodeAllocator<U>&) const noexcept {
    return true;
  }
};

}  // namespace ad::detail
