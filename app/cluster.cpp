#include "cluster.hpp"

#include <fcntl.h>
#include <fmt/core.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string_view>

#include "adtrain/ml.hpp"

#ifdef ADTRAIN_HAVE_MPI
#include "adtrain/mpi.hpp"
#endif

namespace adtrain::app {

namespace {

const Cluster one_process;
const Cluster* current = &one_process;

// How many processes the launcher started, from the variables MPI launchers
// set; 1 without one. Read also in a build without MPI, to refuse to run
// under mpirun rather than train K times alone.
std::size_t launched_processes() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_SIZE", "SLURM_NTASKS"}) {
    if (const char* value = std::getenv(name)) {
      const long n = std::strtol(value, nullptr, 10);
      if (n > 1) return static_cast<std::size_t>(n);
    }
  }
  return 1;
}

}  // namespace

std::size_t Cluster::exclusive_prefix_sum(std::size_t) const {
  return 0;
}
std::vector<std::size_t> Cluster::all_gather_sizes(std::size_t mine) const {
  return {mine};
}
std::vector<std::string> Cluster::all_gather_strings(const std::string& mine) const {
  return {mine};
}
ml::Dataset Cluster::rebalance_rows(ml::Dataset local, std::size_t,
                                    std::span<const std::size_t>) const {
  return local;
}
void Cluster::tell(std::string_view line) const {
  std::fwrite(line.data(), 1, line.size(), stderr);
  std::fflush(stderr);
}
void Cluster::abort_all(ExitStatus status) const {
  std::exit(code(status));
}

const Cluster& cluster() {
  return *current;
}

std::vector<std::size_t> block_aligned_shares(std::size_t rows, std::size_t processes) {
  const std::size_t block = ml::rows_per_block;
  const std::size_t blocks = (rows + block - 1) / block;
  std::vector<std::size_t> first(processes + 1);
  for (std::size_t r = 0; r <= processes; ++r) {
    first[r] = std::min(rows, (blocks * r + processes - 1) / processes * block);
  }
  return first;
}

#ifdef ADTRAIN_HAVE_MPI

namespace {

// The ranks of MPI_COMM_WORLD. Ranks other than 0 write nothing to standard
// output or standard error (both go to /dev/null) except the message of a
// failure that is theirs to report, written to the standard error they were
// started with.
class MpiCluster final : public Cluster {
 public:
  MpiCluster(const mpi::Session& session, int original_stderr)
      : size_(session.size()), rank_(session.rank()), original_stderr_(original_stderr) {}

  std::size_t processes() const override { return size_; }
  std::size_t rank() const override { return rank_; }
  const ml::Reducer& reducer() const override { return reducer_; }

  void all_or_none(const std::function<void()>& step) const override {
    std::optional<mpi::Failure> mine;
    std::optional<CommandError> error;
    try {
      step();
    } catch (const CommandError& e) {
      mine = mpi::Failure{code(e.status()), e.what()};
      error = e;
    }
    const std::optional<mpi::RankFailure> first = mpi::agree_on_failure(mine);
    if (!first) return;
    const auto status = static_cast<ExitStatus>(first->failure.status);
    if (first->rank != rank_) throw QuietExit(status);
    if (rank_ == 0) throw *error;
    // Rank 0's stderr is the job's; this rank's own goes to /dev/null.
    tell(fmt::format("adtrain: error: {}\n", first->failure.message));
    throw QuietExit(status);
  }

  void tell(std::string_view line) const override {
    [[maybe_unused]] const ssize_t written = ::write(original_stderr_, line.data(), line.size());
  }

  std::size_t exclusive_prefix_sum(std::size_t mine) const override {
    return mpi::exclusive_prefix_sum(mine);
  }
  std::vector<std::size_t> all_gather_sizes(std::size_t mine) const override {
    return mpi::all_gather_sizes(mine);
  }
  std::vector<std::string> all_gather_strings(const std::string& mine) const override {
    return mpi::all_gather_strings(mine);
  }
  ml::Dataset rebalance_rows(ml::Dataset local, std::size_t first_row,
                             std::span<const std::size_t> targets) const override {
    return mpi::rebalance_rows(std::move(local), first_row, targets);
  }
  [[noreturn]] void abort_all(ExitStatus status) const override { mpi::abort_all(code(status)); }

 private:
  std::size_t size_;
  std::size_t rank_;
  int original_stderr_;
  mpi::MpiReducer reducer_;
};

// Sends this process's standard output and standard error to /dev/null;
// returns a descriptor of the standard error it had.
int silence_this_process() {
  const int original = ::dup(STDERR_FILENO);
  const int null = ::open("/dev/null", O_WRONLY);
  if (null >= 0) {
    ::dup2(null, STDOUT_FILENO);
    ::dup2(null, STDERR_FILENO);
    ::close(null);
  }
  return original;
}

}  // namespace

#endif

int run_on_cluster(int argc, char** argv, int (*command)(int, char**)) {
  if (launched_processes() <= 1) return command(argc, argv);
#ifdef ADTRAIN_HAVE_MPI
  // 70 (internal) if an exception leaves the command: the Session then
  // cannot know whether the others reach MPI_Finalize, and aborts the job.
  const mpi::Session session(code(ExitStatus::internal));
  const int original_stderr = session.rank() == 0 ? STDERR_FILENO : silence_this_process();
  const MpiCluster ranks(session, original_stderr);
  current = &ranks;
  const int status = command(argc, argv);
  current = &one_process;
  return status;
#else
  (void)argc;
  (void)argv;
  (void)command;
  std::fputs(
      "adtrain: error: this adtrain was built without MPI, so it cannot share a run among "
      "processes; start it without mpirun, or build it with Open MPI (libopenmpi-dev)\n",
      stderr);
  return code(ExitStatus::usage);
#endif
}

}  // namespace adtrain::app
