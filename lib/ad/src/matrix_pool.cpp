#include "matrix_pool.hpp"

#include <array>
#include <utility>

#include "pooling.hpp"

namespace ad::detail {

namespace {

// A full-batch step has at most three large vectors alive at once (logits,
// the saved residual, their gradient); the rest is headroom for a validation
// set of another size.
constexpr std::size_t slots = 6;

struct Pool {
  // Oldest first; empty slots have n_alloc == 0.
  std::array<arma::mat, slots> kept;
  std::size_t count = 0;
  ~Pool();
};

thread_local Pool pool;
// Trivially destructible, so still readable while other thread-local objects
// (a Tensor in a thread_local cache, say) are destroyed after the pool.
thread_local bool pool_destroyed = false;

Pool::~Pool() {
  pool_destroyed = true;
}

bool fits(const arma::mat& kept, arma::uword elements) {
  return kept.n_alloc >= elements && kept.n_alloc / 2 <= elements;
}

}  // namespace

arma::mat pooled_matrix(arma::uword rows, arma::uword cols) {
  const arma::uword elements = rows * cols;
  if (pooling_enabled && !pool_destroyed) {
    // Newest first: its pages are the most likely to still be in cache.
    for (std::size_t i = pool.count; i-- > 0;) {
      if (!fits(pool.kept[i], elements)) continue;
      arma::mat reused = std::move(pool.kept[i]);
      for (std::size_t j = i; j + 1 < pool.count; ++j) pool.kept[j] = std::move(pool.kept[j + 1]);
      --pool.count;
      // Within n_alloc Armadillo keeps the storage and only changes the shape.
      reused.set_size(rows, cols);
      return reused;
    }
  }
  return arma::mat(rows, cols, arma::fill::none);
}

void keep_for_reuse(arma::mat&& unused) noexcept {
  // A view of someone else's storage is not ours to keep.
  if (!pooling_enabled || pool_destroyed || !owns_storage(unused)) return;
  if (pool.count == slots) {
    for (std::size_t j = 0; j + 1 < slots; ++j) pool.kept[j] = std::move(pool.kept[j + 1]);
    --pool.count;
  }
  pool.kept[pool.count++] = std::move(unused);
}

MatrixPoolStats matrix_pool_stats() {
  MatrixPoolStats stats;
  if (pool_destroyed) return stats;
  for (std::size_t i = 0; i < pool.count; ++i) {
    ++stats.matrices;
    stats.bytes += pool.kept[i].n_alloc * sizeof(double);
  }
  return stats;
}

void release_matrix_pool() noexcept {
  if (pool_destroyed) return;
  for (std::size_t i = 0; i < pool.count; ++i) pool.kept[i].reset();
  pool.count = 0;
}

}  // namespace ad::detail
