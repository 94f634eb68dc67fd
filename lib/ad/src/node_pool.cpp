#include "node_pool.hpp"

#include "pooling.hpp"

namespace ad::detail {

namespace {

// Enough for the graphs of a mini-batch step many times over, small enough
// (about 1 MB) not to matter when idle.
constexpr std::size_t max_pooled_blocks = 4096;

struct FreeBlock {
  FreeBlock* next;
};

struct FreeList {
  FreeBlock* head = nullptr;
  std::size_t count = 0;
  std::size_t block_size = 0;  // the one size this list keeps, set by the first block

  ~FreeList() {
    while (head != nullptr) {
      FreeBlock* next = head->next;
      ::operator delete(head);
      head = next;
    }
  }
};

thread_local FreeList free_list;

}  // namespace

void* NodeMemory::allocate(std::size_t bytes) {
  if (pooling_enabled && bytes == free_list.block_size && free_list.head != nullptr) {
    FreeBlock* block = free_list.head;
    free_list.head = block->next;
    --free_list.count;
    return block;
  }
  return ::operator new(bytes);
}

void NodeMemory::deallocate(void* block, std::size_t bytes) noexcept {
  if (pooling_enabled && bytes >= sizeof(FreeBlock) && free_list.count < max_pooled_blocks) {
    if (free_list.block_size == 0) free_list.block_size = bytes;
    if (bytes == free_list.block_size) {
      auto* free_block = static_cast<FreeBlock*>(block);
      free_block->next = free_list.head;
      free_list.head = free_block;
      ++free_list.count;
      return;
    }
  }
  ::operator delete(block);
}

}  // namespace ad::detail
