// Work split into fixed blocks, run across threads when there is enough of it.
#pragma once

#include <algorithm>
#include <armadillo>

namespace ad::detail {

// Rows or elements per block. Block boundaries never depend on how many
// threads run, so a sum made of per-block partial sums added in block order
// gives the same bits with one thread or many.
inline constexpr arma::uword block_size = 4096;

inline arma::uword block_count(arma::uword n) {
  return (n + block_size - 1) / block_size;
}

// Calls f(begin, end, block_index) for every block of [0, n). With OpenMP,
// blocks are shared among threads once there are enough of them to pay for
// waking the threads (about 64 K elements, a few microseconds of work).
template <class F>
void for_each_block(arma::uword n, F&& f) {
  const arma::uword blocks = block_count(n);
  auto run = [&](arma::uword b) { f(b * block_size, std::min(n, (b + 1) * block_size), b); };
#if defined(_OPENMP)
  // Tested here, not with an if() clause: even a region that an if() keeps
  // on one thread calls into the OpenMP runtime, which cost a per-sample
  // step more than the step itself.
  if (blocks >= 16) {
#pragma omp parallel for schedule(static)
    for (arma::uword b = 0; b < blocks; ++b) run(b);
    return;
  }
#endif
  for (arma::uword b = 0; b < blocks; ++b) run(b);
}

}  // namespace ad::detail
