#include <mpi.h>

#include <algorithm>
#include <array>
#include <climits>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>

#include "adtrain/mpi.hpp"
#include "internal.hpp"

namespace adtrain::mpi {

namespace detail {

std::vector<int> int_counts(std::span<const std::size_t> counts, std::string_view what,
                            std::string_view unit) {
  // MPI-3's counts and displacements are ints. The limit is on the sum, which
  // bounds every count and every displacement into the gathered buffer.
  std::size_t total = 0;
  std::size_t largest = 0;
  for (std::size_t rank = 0; rank < counts.size(); ++rank) {
    total += counts[rank];
    if (counts[rank] > counts[largest]) largest = rank;
  }
  if (total > static_cast<std::size_t>(INT_MAX)) {
    throw std::length_error(std::string(what) + ": " + std::to_string(total) + " " +
                            std::string(unit) + " from all processes together (rank " +
                            std::to_string(largest) + ": " + std::to_string(counts[largest]) +
                            ") exceed what one MPI call can move (" + std::to_string(INT_MAX) +
                            ")");
  }
  return {counts.begin(), counts.end()};
}

}  // namespace detail

namespace {

template <typename T>
MPI_Datatype datatype();
template <>
MPI_Datatype datatype<double>() {
  return MPI_DOUBLE;
}
template <>
MPI_Datatype datatype<char>() {
  return MPI_CHAR;
}

// Every rank's `local` concatenated in rank order; every rank's size in
// `sizes`. The sizes are gathered first, so every rank sees the same counts
// and refuses the same oversize.
template <typename T>
std::vector<T> gather_all(std::span<const T> local, const char* what, const char* unit,
                          std::vector<std::size_t>& sizes) {
  const MPI_Comm comm = internal::world();
  sizes = all_gather_sizes(local.size());
  const std::vector<int> counts = detail::int_counts(sizes, what, unit);
  std::vector<int> displacements(counts.size(), 0);
  for (std::size_t rank = 1; rank < counts.size(); ++rank) {
    displacements[rank] = displacements[rank - 1] + counts[rank - 1];
  }
  std::vector<T> all(static_cast<std::size_t>(displacements.back() + counts.back()));
  internal::check(MPI_Allgatherv(internal::nonnull(local.data()), static_cast<int>(local.size()),
                                 datatype<T>(), internal::nonnull(all.data()), counts.data(),
                                 displacements.data(), datatype<T>(), comm),
                  "MPI_Allgatherv");
  return all;
}

// `text` from `root` on every rank, in pieces of at most INT_MAX characters,
// so that no length is too long.
void broadcast_from(std::string& text, int root, MPI_Comm comm) {
  std::uint64_t length = text.size();
  internal::check(MPI_Bcast(&length, 1, MPI_UINT64_T, root, comm), "MPI_Bcast");
  text.resize(static_cast<std::size_t>(length));
  for (std::size_t start = 0; start < text.size(); start += INT_MAX) {
    const std::size_t piece = std::min<std::size_t>(INT_MAX, text.size() - start);
    internal::check(MPI_Bcast(text.data() + start, static_cast<int>(piece), MPI_CHAR, root, comm),
                    "MPI_Bcast");
  }
}

}  // namespace

MpiReducer::MpiReducer() {
  const MPI_Comm comm = internal::world();
  processes_ = static_cast<std::size_t>(internal::size_of(comm));
  rank_ = static_cast<std::size_t>(internal::rank_of(comm));
}

std::vector<double> MpiReducer::all_gather(std::span<const double> local) const {
  std::vector<std::size_t> sizes;
  return gather_all(local, "all_gather", "doubles", sizes);
}

std::vector<double> MpiReducer::gather_to_root(std::span<const double> local) const {
  const MPI_Comm comm = internal::world();
  // Every rank learns the sizes (one number each), so that an oversize is
  // refused by all alike rather than by rank 0 while the others wait.
  const std::vector<std::size_t> sizes = all_gather_sizes(local.size());
  const std::vector<int> counts = detail::int_counts(sizes, "gather_to_root", "doubles");
  std::vector<int> displacements(counts.size(), 0);
  for (std::size_t rank = 1; rank < counts.size(); ++rank) {
    displacements[rank] = displacements[rank - 1] + counts[rank - 1];
  }
  std::vector<double> all;
  if (rank_ == 0) all.resize(static_cast<std::size_t>(displacements.back() + counts.back()));
  internal::check(MPI_Gatherv(internal::nonnull(local.data()), static_cast<int>(local.size()),
                              MPI_DOUBLE, internal::nonnull(all.data()), counts.data(),
                              displacements.data(), MPI_DOUBLE, 0, comm),
                  "MPI_Gatherv");
  return all;
}

std::optional<RankFailure> agree_on_failure(const std::optional<Failure>& mine) {
  const MPI_Comm comm = internal::world();
  const int rank = internal::rank_of(comm);
  const int size = internal::size_of(comm);
  // The lowest failing rank: the minimum of the failing ranks' numbers, with
  // `size` standing for "no failure here".
  const int candidate = mine ? rank : size;
  int lowest = size;
  internal::check(MPI_Allreduce(&candidate, &lowest, 1, MPI_INT, MPI_MIN, comm), "MPI_Allreduce");
  if (lowest == size) return std::nullopt;
  int status = lowest == rank ? mine->status : 0;
  internal::check(MPI_Bcast(&status, 1, MPI_INT, lowest, comm), "MPI_Bcast");
  std::string message = lowest == rank ? mine->message : std::string();
  broadcast_from(message, lowest, comm);
  return RankFailure{static_cast<std::size_t>(lowest), Failure{status, std::move(message)}};
}

bool any_rank(bool mine) {
  const int local = mine ? 1 : 0;
  int any = 0;
  internal::check(MPI_Allreduce(&local, &any, 1, MPI_INT, MPI_LOR, internal::world()),
                  "MPI_Allreduce");
  return any != 0;
}

std::size_t exclusive_prefix_sum(std::size_t mine) {
  const MPI_Comm comm = internal::world();
  const std::uint64_t local = mine;
  std::uint64_t below = 0;
  internal::check(MPI_Exscan(&local, &below, 1, MPI_UINT64_T, MPI_SUM, comm), "MPI_Exscan");
  // MPI leaves rank 0's result undefined.
  return internal::rank_of(comm) == 0 ? 0 : static_cast<std::size_t>(below);
}

std::vector<std::size_t> all_gather_sizes(std::size_t mine) {
  const MPI_Comm comm = internal::world();
  const std::uint64_t local = mine;
  std::vector<std::uint64_t> all(static_cast<std::size_t>(internal::size_of(comm)));
  internal::check(MPI_Allgather(&local, 1, MPI_UINT64_T, all.data(), 1, MPI_UINT64_T, comm),
                  "MPI_Allgather");
  return {all.begin(), all.end()};
}

std::vector<std::string> all_gather_strings(const std::string& mine) {
  std::vector<std::size_t> lengths;
  const std::vector<char> text = gather_all(std::span<const char>(mine.data(), mine.size()),
                                            "all_gather_strings", "characters", lengths);
  std::vector<std::string> all;
  all.reserve(lengths.size());
  std::size_t start = 0;
  for (const std::size_t length : lengths) {
    const auto first = text.begin() + static_cast<std::ptrdiff_t>(start);
    all.emplace_back(first, first + static_cast<std::ptrdiff_t>(length));
    start += length;
  }
  return all;
}

std::string broadcast_string(const std::string& from_root) {
  const MPI_Comm comm = internal::world();
  std::string text = internal::rank_of(comm) == 0 ? from_root : std::string();
  broadcast_from(text, 0, comm);
  return text;
}

}  // namespace adtrain::mpi
