// How many threads the kernels of large tensors may use.
#pragma once

namespace ad {

// The fused loss (binary_cross_entropy_with_logits and its residual) and
// the matrix-vector products split tensors of 64 K elements or more into
// fixed blocks and share the blocks among this many threads; other kernels,
// the element-wise ones included, and smaller tensors run on the calling
// thread.
// Results are the same bits for every thread count. The default is
// OpenMP's: OMP_NUM_THREADS if set, else one thread per core. Without
// OpenMP the library has one thread and set_max_threads() does nothing.
int max_threads();
// n >= 1; throws std::invalid_argument otherwise.
void set_max_threads(int n);
// Cores available to this process (1 without OpenMP).
int available_cores();

}  // namespace ad
