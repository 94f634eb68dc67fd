// What the sources of lib/mpi share: MPI_COMM_WORLD once MPI is running, and
// MPI's error codes as exceptions.
#pragma once

#include <mpi.h>

#include <cstddef>
#include <cstdint>
#include <type_traits>

namespace adtrain::mpi::internal {

// Sizes travel as 64-bit unsigned integers, whatever std::size_t is.
static_assert(sizeof(std::size_t) <= sizeof(std::uint64_t));

// MPI_COMM_WORLD; throws std::logic_error when MPI is not running (no
// Session), where calling MPI would abort the process with a less helpful
// message of Open MPI's.
MPI_Comm world();

// Throws Error, naming `call` and MPI's description of `code`, unless `code`
// is MPI_SUCCESS.
void check(int code, const char* call);

int rank_of(MPI_Comm comm);
int size_of(MPI_Comm comm);

// A valid address for a buffer of zero elements: an empty std::vector's
// data() may be null, which MPI implementations are not all happy with.
template <typename T>
T* nonnull(T* data) {
  static std::remove_const_t<T> dummy{};
  return data != nullptr ? data : &dummy;
}

}  // namespace adtrain::mpi::internal
