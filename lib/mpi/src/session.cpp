#include <mpi.h>

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <stdexcept>
#include <string>
#include <string_view>

#include "adtrain/mpi.hpp"
#include "internal.hpp"

namespace adtrain::mpi {

namespace internal {

MPI_Comm world() {
  int initialised = 0;
  int finalised = 0;
  MPI_Initialized(&initialised);
  MPI_Finalized(&finalised);
  if (initialised == 0 || finalised != 0) {
    throw std::logic_error("adtrain::mpi: MPI is not running (no adtrain::mpi::Session)");
  }
  return MPI_COMM_WORLD;
}

void check(int code, const char* call) {
  if (code == MPI_SUCCESS) return;
  char text[MPI_MAX_ERROR_STRING];
  int length = 0;
  std::string description = "error code " + std::to_string(code);
  if (MPI_Error_string(code, text, &length) == MPI_SUCCESS) description.assign(text, length);
  throw Error(std::string(call) + " failed: " + description);
}

int rank_of(MPI_Comm comm) {
  int rank = 0;
  check(MPI_Comm_rank(comm, &rank), "MPI_Comm_rank");
  return rank;
}

int size_of(MPI_Comm comm) {
  int size = 0;
  check(MPI_Comm_size(comm, &size), "MPI_Comm_size");
  return size;
}

}  // namespace internal

bool launched_by_mpirun() {
  // Each launcher leaves its mark in its processes' environment: Open MPI's
  // mpirun sets OMPI_COMM_WORLD_SIZE, PMIx launchers (prterun, srun
  // --mpi=pmix) PMIX_RANK, MPICH's Hydra and srun --mpi=pmi2 PMI_RANK and
  // PMI_SIZE. Looking, rather than calling MPI_Init and asking, is what keeps
  // a plain run free of MPI: MPI_Init without a launcher would start a
  // one-process "singleton" job, with its start-up time and its warnings.
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE"}) {
    const char* value = std::getenv(name);
    if (value != nullptr && *value != '\0') return true;
  }
  return false;
}

std::string library_version() {
  char text[MPI_MAX_LIBRARY_VERSION_STRING];
  int length = 0;
  if (MPI_Get_library_version(text, &length) != MPI_SUCCESS) return "unknown";
  // The whole text is long and several lines (Open MPI: "Open MPI v4.1.4,
  // package: Debian OpenMPI, ident: 4.1.4, repo rev: ..., May 26, 2022"):
  // keep the first line up to the first comma, with runs of blanks as one
  // space (MPICH's first line is "MPICH Version:<tab>4.0").
  std::string_view all(text, static_cast<std::size_t>(length));
  all = all.substr(0, all.find_first_of("\n,"));
  std::string version;
  for (const char c : all) {
    const bool blank = c == ' ' || c == '\t' || c == '\r';
    if (blank && (version.empty() || version.back() == ' ')) continue;
    version += blank ? ' ' : c;
  }
  while (!version.empty() && version.back() == ' ') version.pop_back();
  return version.empty() ? "unknown" : version;
}

Session::Session(int status_if_unwinding)
    : status_if_unwinding_(status_if_unwinding), uncaught_at_start_(std::uncaught_exceptions()) {
  int initialised = 0;
  MPI_Initialized(&initialised);
  if (initialised != 0) {
    throw std::logic_error("adtrain::mpi::Session: MPI is already initialised (one per process)");
  }
  // FUNNELED: adtrain's OpenMP threads compute between collectives, but only
  // the main thread calls MPI. (With the default error handler a failing
  // MPI_Init_thread aborts before returning; the check is for the others.)
  int provided = MPI_THREAD_SINGLE;
  internal::check(MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided),
                  "MPI_Init_thread");
  // Errors on MPI_COMM_WORLD come back as codes, which check() turns into
  // exceptions with MPI's message, instead of killing the job on the spot.
  internal::check(MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN),
                  "MPI_Comm_set_errhandler");
  // The level is a property of the library, the same on every rank, so all
  // ranks refuse together.
  if (provided < MPI_THREAD_FUNNELED) {
    MPI_Finalize();
    throw Error("MPI_Init_thread: the MPI library does not support MPI_THREAD_FUNNELED");
  }
  rank_ = static_cast<std::size_t>(internal::rank_of(MPI_COMM_WORLD));
  size_ = static_cast<std::size_t>(internal::size_of(MPI_COMM_WORLD));
}

Session::~Session() {
  if (std::uncaught_exceptions() > uncaught_at_start_) abort_all(status_if_unwinding_);
  MPI_Finalize();
}

void abort_all(int status) {
  int initialised = 0;
  int finalised = 0;
  MPI_Initialized(&initialised);
  MPI_Finalized(&finalised);
  // The caller's message must not die in a buffer with the process.
  std::fflush(nullptr);
  if (initialised != 0 && finalised == 0) MPI_Abort(MPI_COMM_WORLD, status);
  // MPI_Abort does not return in Open MPI; the standard does not promise it.
  std::_Exit(status);
}

}  // namespace adtrain::mpi
