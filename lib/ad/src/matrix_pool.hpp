// Recycling the storage of large matrices within a thread. A full-batch
// training step frees the same few million-element vectors that the next
// step allocates again; through malloc each one came back from the kernel as
// fresh pages, and the page faults cost more than the arithmetic.
#pragma once

#include <armadillo>

namespace ad::detail {

// Armadillo's Mat::mem_state says who owns a matrix's storage (see its
// Mat_meat.hpp): the matrix itself, or the caller, for a matrix made over
// external memory. borrowed_constant() makes the strict kind.
inline constexpr arma::uhword owns_its_memory = 0;
inline constexpr arma::uhword strict_view_of_external_memory = 2;
inline bool owns_storage(const arma::mat& m) {
  return m.mem_state == owns_its_memory;
}
inline bool is_borrowed_view(const arma::mat& m) {
  return m.mem_state == strict_view_of_external_memory;
}

// 256 KiB: below this glibc serves blocks from its heap without new pages,
// and small tensors (the per-sample graphs) skip the pool altogether.
inline constexpr arma::uword min_pooled_elements = 32 * 1024;

arma::mat pooled_matrix(arma::uword rows, arma::uword cols);
void keep_for_reuse(arma::mat&& unused) noexcept;

// A rows x cols matrix with unspecified contents. Large ones reuse the
// storage of a matrix handed to recycle() earlier on this thread when one
// fits (without wasting more than half of it); small ones are plain
// allocations, which malloc already serves quickly.
inline arma::mat uninitialized_matrix(arma::uword rows, arma::uword cols) {
  if (rows * cols < min_pooled_elements) return arma::mat(rows, cols, arma::fill::none);
  return pooled_matrix(rows, cols);
}

// Hands over a matrix that is no longer needed. Large matrices that own
// their storage are kept (a few per thread, oldest dropped first); anything
// else is simply freed. Off under AddressSanitizer, like the node pool, so
// that a use after free is still reported.
inline void recycle(arma::mat&& unused) noexcept {
  if (unused.n_alloc >= min_pooled_elements) keep_for_reuse(std::move(unused));
}

// What the pool holds on this thread, for tests and benchmarks.
struct MatrixPoolStats {
  std::size_t matrices = 0;
  std::size_t bytes = 0;
};
MatrixPoolStats matrix_pool_stats();
// Frees everything the pool holds on this thread.
void release_matrix_pool() noexcept;

}  // namespace ad::detail
