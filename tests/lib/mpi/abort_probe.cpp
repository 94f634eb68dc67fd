// A rank that cannot go on ends the whole job without a hang. Run under
// mpirun: the last rank leaves while the others wait in a collective that
// it never joins, either by calling abort_all(65) ("abort") or by letting an
// exception pass through its Session ("unwind", which aborts with 70). The
// test (CMakeLists.txt) checks mpirun's exit status; its TIMEOUT catches a
// hang.
#include <cstdio>
#include <cstring>
#include <stdexcept>

#include "adtrain/mpi.hpp"

int main(int argc, char** argv) {
  if (argc != 2 || (std::strcmp(argv[1], "abort") != 0 && std::strcmp(argv[1], "unwind") != 0)) {
    std::fprintf(stderr, "usage: adtrain_mpi_abort_probe abort|unwind\n");
    return 2;
  }
  const bool unwind = std::strcmp(argv[1], "unwind") == 0;
  try {
    const adtrain::mpi::Session session;
    if (session.rank() + 1 == session.size()) {
      if (unwind) throw std::runtime_error("leaving the Session by an exception");
      adtrain::mpi::abort_all(65);
    }
    // Never completes: the last rank does not take part.
    adtrain::mpi::any_rank(false);
  } catch (const std::exception& e) {
    // Reached only after the Session's destructor, which has aborted the job.
    std::fprintf(stderr, "not reached: %s\n", e.what());
  }
  return 0;
}
