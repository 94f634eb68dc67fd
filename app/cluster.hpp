// The processes one run is shared among: this process alone, or the ranks
// of an mpirun job. The commands talk to this and never to MPI, so that they
// read the same with one process or many; with one process every call here
// is free and does nothing.
#pragma once

#include <cstddef>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "adtrain/ml.hpp"
#include "exit_status.hpp"

namespace adtrain::app {

// Thrown on the processes whose failure is not the one the job reports:
// they end with the same status as the one that fails, and print nothing.
class QuietExit : public std::runtime_error {
 public:
  explicit QuietExit(ExitStatus status) : std::runtime_error("quiet exit"), status_(status) {}
  ExitStatus status() const { return status_; }

 private:
  ExitStatus status_;
};

class Cluster {
 public:
  virtual ~Cluster() = default;

  virtual std::size_t processes() const { return 1; }
  virtual std::size_t rank() const { return 0; }
  // Process 0 prints, and writes the report, the picture and predictions.
  bool is_root() const { return rank() == 0; }
  virtual const ml::Reducer& reducer() const { return ml::single_process(); }

  // Runs `step`, then (a collective) lets every process know whether any
  // failed with a CommandError. The lowest failing process rethrows its
  // error (printed as usual); the others throw QuietExit with its status. So
  // a bad row found by one process ends every process, with one message and
  // one status, and none is left waiting in the next collective.
  virtual void all_or_none(const std::function<void()>& step) const { step(); }

  // Collectives; with one process they return their argument.
  virtual std::size_t exclusive_prefix_sum(std::size_t mine) const;
  virtual std::vector<std::size_t> all_gather_sizes(std::size_t mine) const;
  virtual std::vector<std::string> all_gather_strings(const std::string& mine) const;
  // Moves rows so that process r holds global rows [targets[r], targets[r + 1])
  // (see adtrain/mpi.hpp: rebalance_rows).
  virtual ml::Dataset rebalance_rows(ml::Dataset local, std::size_t first_row,
                                     std::span<const std::size_t> targets) const;
  // Writes `line` to this process's own standard error, also on a process
  // whose standard error goes to /dev/null (every one but process 0): for a
  // failure only this process knows about.
  virtual void tell(std::string_view line) const;
  // Ends every process at once, for a failure in the middle of training,
  // where the others are inside a collective and cannot be told in order.
  [[noreturn]] virtual void abort_all(ExitStatus status) const;
};

// The cluster of this run: set up by run_on_cluster(), one process otherwise.
const Cluster& cluster();

// main(): runs `command` (the command line's run()) on the processes mpirun
// started, or on this one. Under mpirun with several processes it starts MPI
// first; a build without MPI refuses to run there (each process would train
// alone and write the same files).
int run_on_cluster(int argc, char** argv, int (*command)(int, char**));

// The rows each of `processes` processes holds of `rows` rows: whole blocks
// of ml::rows_per_block, as evenly as the blocks allow. processes + 1
// entries, from 0 to rows.
std::vector<std::size_t> block_aligned_shares(std::size_t rows, std::size_t processes);

}  // namespace adtrain::app
