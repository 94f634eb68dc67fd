// Training on several processes with MPI: starting and stopping MPI, the
// reducer that lib/ml sums through, and the other collectives a distributed
// run needs (agreeing on a failure or a stop request, sharing sizes and
// strings, moving rows between processes).
//
// Every process is one MPI rank of MPI_COMM_WORLD. The functions below marked
// "collective" must be called by every rank, the same number of times and in
// the same order; a rank that skips one leaves the others waiting in it
// forever. A rank that cannot reach the next collective (it ran out of memory
// half-way, say) calls abort_all instead. Failed MPI calls throw Error. The
// collectives check what they can on every rank from the same numbers, so
// that a refusal (too large, inconsistent) is thrown by every rank alike,
// never by one rank while the others wait.
//
// mpi.h is not included here: callers need neither MPI's headers nor its
// types, and lib/ml stays free of MPI.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "adtrain/ml.hpp"

namespace adtrain::mpi {

// An MPI call that failed: the call's name and MPI's own description.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Whether this process was started by an MPI launcher (mpirun, mpiexec,
// srun), from the variables launchers set. Without one, adtrain never
// initialises MPI, so a plain run behaves exactly as a build without MPI.
bool launched_by_mpirun();

// The MPI library's name and version, e.g. "Open MPI v4.1.4". Safe before
// MPI is initialised (MPI-3 allows MPI_Get_library_version then), so that
// `adtrain --version` does not start MPI.
std::string library_version();

// MPI for the lifetime of the object: MPI_Init_thread (MPI_THREAD_FUNNELED:
// only the thread that created the Session calls MPI) in the constructor,
// MPI_Finalize in the destructor. One per process. Failed MPI calls on
// MPI_COMM_WORLD return an error code, which the functions here turn into
// Error, instead of aborting the whole job without a word.
class Session {
 public:
  // When the Session is destroyed by an exception passing through, this rank
  // cannot know whether the others will reach MPI_Finalize (itself a
  // collective), so it calls abort_all(status_if_unwinding) rather than risk
  // a hang. 70 is adtrain's "internal error". Catch exceptions inside the
  // Session's scope (then agree_on_failure) to exit in order.
  explicit Session(int status_if_unwinding = 70);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  std::size_t size() const { return size_; }
  std::size_t rank() const { return rank_; }

 private:
  std::size_t size_ = 1;
  std::size_t rank_ = 0;
  int status_if_unwinding_;
  int uncaught_at_start_;
};

// Ends every rank of the job now with `status` (MPI_Abort), for a rank that
// cannot reach the next collective. Open MPI's mpirun prints a notice and
// exits with `status`. Without MPI running, simply exits with `status`.
[[noreturn]] void abort_all(int status);

// The reducer of lib/ml over MPI_COMM_WORLD. Needs a Session.
class MpiReducer final : public ml::Reducer {
 public:
  MpiReducer();

  std::size_t processes() const override { return processes_; }
  std::size_t rank() const override { return rank_; }
  // Collective. Every rank's `local`, in rank order (MPI_Allgatherv). Throws
  // std::length_error, on every rank, when the whole exceeds MPI's int count
  // (INT_MAX doubles).
  std::vector<double> all_gather(std::span<const double> local) const override;
  // Collective. Every rank's `local`, in rank order, on rank 0 only
  // (MPI_Gatherv; the other ranks get an empty vector). The sizes go to
  // every rank first, so that every rank throws the same std::length_error
  // beyond INT_MAX doubles in all.
  std::vector<double> gather_to_root(std::span<const double> local) const override;

 private:
  std::size_t processes_ = 1;
  std::size_t rank_ = 0;
};

// A rank's reason to stop: its exit status and its one-line message.
struct Failure {
  int status = 0;
  std::string message;
};

// A failure and the rank it happened on.
struct RankFailure {
  std::size_t rank = 0;
  Failure failure;
};

// Collective. Each rank says whether it failed; every rank learns the failure
// of the lowest failing rank (its status and message), or nullopt when none
// failed. All ranks can then exit with the same status while only the rank
// named in the result prints the message: one message for the job.
std::optional<RankFailure> agree_on_failure(const std::optional<Failure>& mine);

// Collective. Whether `mine` is true on any rank (for example a stop request
// after SIGINT, checked once an epoch so every rank stops at the same one).
bool any_rank(bool mine);

// Collective. The sum of `mine` over the ranks below this one (0 on rank 0):
// where this rank's rows start in the global order.
std::size_t exclusive_prefix_sum(std::size_t mine);

// Collective. Every rank's `mine`, in rank order.
std::vector<std::size_t> all_gather_sizes(std::size_t mine);

// Collective. Every rank's `mine` (of any length, empty included), in rank
// order. Throws std::length_error, on every rank, beyond INT_MAX characters
// in all.
std::vector<std::string> all_gather_strings(const std::string& mine);

// Collective. Rank 0's `from_root` on every rank (the others' argument is
// ignored). Any length.
std::string broadcast_string(const std::string& from_root);

// Collective. Moves rows between ranks so that each holds the share it is
// assigned. Before: rank r holds global rows [first_row, first_row +
// local.rows()) and the ranks' ranges follow one another in rank order from
// row 0. After: rank r holds global rows [target_first_rows[r],
// target_first_rows[r + 1]), in the same order, features and labels exactly
// as they were. target_first_rows has processes + 1 entries, starts at 0,
// never decreases, ends at the total row count, and is the same on every
// rank. Feature names, label name and classes are this rank's own (`local`'s).
// Any rank may hold no rows before or after; ranks holding rows must agree on
// the number of features. Throws std::invalid_argument, on every rank, when
// the layouts are inconsistent, and std::length_error beyond INT_MAX rows on
// one rank.
ml::Dataset rebalance_rows(ml::Dataset local, std::size_t first_row,
                           std::span<const std::size_t> target_first_rows);

namespace detail {
// `counts` as MPI's int counts, for a call that gathers them all into one
// buffer: throws std::length_error (naming `what`, `unit` and the largest
// contributor) when their sum exceeds INT_MAX. Public for its tests only.
std::vector<int> int_counts(std::span<const std::size_t> counts, std::string_view what,
                            std::string_view unit);
}  // namespace detail

}  // namespace adtrain::mpi
