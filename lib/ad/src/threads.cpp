#include "adtrain/ad.hpp"

#include <stdexcept>
#include <string>

#if defined(_OPENMP)
#include <omp.h>
#endif

namespace ad {

int max_threads() {
#if defined(_OPENMP)
  return omp_get_max_threads();
#else
  return 1;
#endif
}

void set_max_threads(int n) {
  if (n < 1) {
    throw std::invalid_argument("set_max_threads: need at least 1 thread, got " +
                                std::to_string(n));
  }
#if defined(_OPENMP)
  omp_set_num_threads(n);
#endif
}

int available_cores() {
#if defined(_OPENMP)
  return omp_get_num_procs();
#else
  return 1;
#endif
}

}  // namespace ad
