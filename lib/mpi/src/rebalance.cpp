#include <mpi.h>

#include <algorithm>
#include <array>
#include <climits>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "adtrain/mpi.hpp"
#include "internal.hpp"

namespace adtrain::mpi {

namespace {

// What every rank needs to know about every other before rows can move.
struct Part {
  std::size_t first_row = 0;
  std::size_t rows = 0;
  std::size_t columns = 0;
  bool valid = false;
};

std::size_t overlap(std::size_t begin_a, std::size_t end_a, std::size_t begin_b,
                    std::size_t end_b) {
  const std::size_t begin = std::max(begin_a, begin_b);
  const std::size_t end = std::min(end_a, end_b);
  return end > begin ? end - begin : 0;
}

// One packed row (its features, then its label) as one MPI element, so that
// the int counts of MPI_Alltoallv count rows, not doubles.
class RowType {
 public:
  explicit RowType(int doubles) {
    internal::check(MPI_Type_contiguous(doubles, MPI_DOUBLE, &type_), "MPI_Type_contiguous");
    internal::check(MPI_Type_commit(&type_), "MPI_Type_commit");
  }
  ~RowType() { MPI_Type_free(&type_); }
  RowType(const RowType&) = delete;
  RowType& operator=(const RowType&) = delete;
  MPI_Datatype get() const { return type_; }

 private:
  MPI_Datatype type_ = MPI_DATATYPE_NULL;
};

// Why this rank's own arguments cannot work, or "" when they can.
std::string local_problem(const ml::Dataset& local, std::span<const std::size_t> target,
                          std::size_t processes) {
  if (local.labels.n_elem != local.features.n_rows) {
    return std::to_string(local.labels.n_elem) + " labels for " +
           std::to_string(local.features.n_rows) + " rows";
  }
  if (target.size() != processes + 1) {
    return "target_first_rows has " + std::to_string(target.size()) + " entries, not " +
           std::to_string(processes + 1) + " (processes + 1)";
  }
  if (target.front() != 0) return "target_first_rows does not start at 0";
  if (!std::is_sorted(target.begin(), target.end())) return "target_first_rows decreases";
  return "";
}

std::string rank_name(std::size_t rank) {
  return "rank " + std::to_string(rank);
}

}  // namespace

ml::Dataset rebalance_rows(ml::Dataset local, std::size_t first_row,
                           std::span<const std::size_t> target_first_rows) {
  const MPI_Comm comm = internal::world();
  const auto processes = static_cast<std::size_t>(internal::size_of(comm));
  const auto me = static_cast<std::size_t>(internal::rank_of(comm));
  const std::string problem = local_problem(local, target_first_rows, processes);

  // One gather tells every rank every rank's range, width and verdict on its
  // own arguments; each decision below is then taken from the same numbers
  // on every rank, so that all ranks throw together or move rows together.
  const std::array<std::uint64_t, 4> mine{first_row, local.features.n_rows, local.features.n_cols,
                                          problem.empty() ? 1u : 0u};
  std::vector<std::uint64_t> gathered(4 * processes);
  internal::check(
      MPI_Allgather(mine.data(), 4, MPI_UINT64_T, gathered.data(), 4, MPI_UINT64_T, comm),
      "MPI_Allgather");
  std::vector<Part> parts(processes);
  for (std::size_t r = 0; r < processes; ++r) {
    parts[r] = {static_cast<std::size_t>(gathered[4 * r]),
                static_cast<std::size_t>(gathered[4 * r + 1]),
                static_cast<std::size_t>(gathered[4 * r + 2]), gathered[4 * r + 3] != 0};
  }
  if (!problem.empty()) throw std::invalid_argument("rebalance_rows: " + problem);
  for (std::size_t r = 0; r < processes; ++r) {
    if (parts[r].valid) continue;
    throw std::invalid_argument("rebalance_rows: " + rank_name(r) +
                                "'s arguments are inconsistent (its own error says how)");
  }

  // The same targets everywhere: each rank's are compared with rank 0's.
  std::vector<std::uint64_t> targets(processes * (processes + 1));
  {
    const std::vector<std::uint64_t> own(target_first_rows.begin(), target_first_rows.end());
    const int count = static_cast<int>(own.size());
    internal::check(
        MPI_Allgather(own.data(), count, MPI_UINT64_T, targets.data(), count, MPI_UINT64_T, comm),
        "MPI_Allgather");
  }
  const std::vector<std::size_t> target(targets.begin(), targets.begin() + processes + 1);
  for (std::size_t r = 1; r < processes; ++r) {
    const auto theirs = targets.begin() + static_cast<std::ptrdiff_t>(r * (processes + 1));
    if (!std::equal(target.begin(), target.end(), theirs)) {
      throw std::invalid_argument("rebalance_rows: target_first_rows differ between rank 0 and " +
                                  rank_name(r));
    }
  }

  // The ranks' current ranges must tile [0, total) in rank order.
  std::size_t total = 0;
  for (std::size_t r = 0; r < processes; ++r) {
    if (parts[r].first_row != total) {
      throw std::invalid_argument("rebalance_rows: " + rank_name(r) + "'s rows start at " +
                                  std::to_string(parts[r].first_row) + ", not at " +
                                  std::to_string(total) + " where the previous ranks' rows end");
    }
    total += parts[r].rows;
  }
  if (target.back() != total) {
    throw std::invalid_argument("rebalance_rows: target_first_rows ends at " +
                                std::to_string(target.back()) + ", but the ranks hold " +
                                std::to_string(total) + " rows");
  }

  // A rank without rows may have any width (an empty matrix is often 0 x 0);
  // the ranks with rows must agree, and give it theirs.
  std::size_t columns = 0;
  bool any_rows = false;
  for (std::size_t r = 0; r < processes; ++r) {
    if (parts[r].rows == 0) continue;
    if (any_rows && parts[r].columns != columns) {
      throw std::invalid_argument("rebalance_rows: " + rank_name(r) + " has " +
                                  std::to_string(parts[r].columns) +
                                  " features, the ranks before " + std::to_string(columns));
    }
    columns = parts[r].columns;
    any_rows = true;
  }
  if (!any_rows) {
    for (const Part& part : parts) columns = std::max(columns, part.columns);
  }

  const std::size_t row_doubles = columns + 1;
  if (row_doubles > static_cast<std::size_t>(INT_MAX)) {
    throw std::length_error("rebalance_rows: " + std::to_string(columns) +
                            " features are more than one MPI call can move per row");
  }
  for (std::size_t r = 0; r < processes; ++r) {
    const std::size_t most = std::max(parts[r].rows, target[r + 1] - target[r]);
    if (most > static_cast<std::size_t>(INT_MAX)) {
      throw std::length_error("rebalance_rows: " + rank_name(r) + " would hold " +
                              std::to_string(most) + " rows, more than one MPI call can move (" +
                              std::to_string(INT_MAX) + ")");
    }
  }

  const std::size_t my_begin = parts[me].first_row;
  const std::size_t my_end = my_begin + parts[me].rows;
  const std::size_t my_target_begin = target[me];
  const std::size_t my_target_end = target[me + 1];
  const std::size_t kept_rows = my_target_end - my_target_begin;

  bool already_there = true;
  for (std::size_t r = 0; r < processes; ++r) {
    already_there = already_there && parts[r].first_row == target[r];
  }
  if (already_there) {
    if (local.features.n_rows == 0) {
      local.features.zeros(0, columns);
      local.labels.reset();
    }
    return local;
  }

  // Rows to and from each rank, counted in rows. Ranges on both sides follow
  // one another in rank order, so the rows for rank d are one run of local
  // rows starting at offset (their first global row - my first row), and
  // what arrives from ranks 0, 1, ... is already in global order.
  std::vector<int> send_counts(processes, 0);
  std::vector<int> send_offsets(processes, 0);
  std::vector<int> receive_counts(processes, 0);
  std::vector<int> receive_offsets(processes, 0);
  for (std::size_t r = 0; r < processes; ++r) {
    const std::size_t out = overlap(my_begin, my_end, target[r], target[r + 1]);
    send_counts[r] = static_cast<int>(out);
    send_offsets[r] = out > 0 ? static_cast<int>(std::max(my_begin, target[r]) - my_begin) : 0;
    const std::size_t in = overlap(parts[r].first_row, parts[r].first_row + parts[r].rows,
                                   my_target_begin, my_target_end);
    receive_counts[r] = static_cast<int>(in);
    receive_offsets[r] =
        in > 0 ? static_cast<int>(std::max(parts[r].first_row, my_target_begin) - my_target_begin)
               : 0;
  }

  // Armadillo stores features column by column; MPI moves rows, so each row
  // is packed as its features then its label. Column by column here reads
  // the matrix in order and writes with a stride of one row.
  const std::size_t my_rows = parts[me].rows;
  std::vector<double> outgoing(my_rows * row_doubles);
  // (colptr of a matrix without rows would point at nothing: skipped.)
  for (std::size_t j = 0; j < columns && my_rows > 0; ++j) {
    const double* column = local.features.colptr(j);
    for (std::size_t i = 0; i < my_rows; ++i) outgoing[i * row_doubles + j] = column[i];
  }
  for (std::size_t i = 0; i < my_rows; ++i) outgoing[i * row_doubles + columns] = local.labels(i);
  // Freed before the exchange: the rows now live in `outgoing`.
  local.features.reset();
  local.labels.reset();

  std::vector<double> incoming(kept_rows * row_doubles);
  {
    const RowType row(static_cast<int>(row_doubles));
    internal::check(
        MPI_Alltoallv(internal::nonnull(outgoing.data()), send_counts.data(), send_offsets.data(),
                      row.get(), internal::nonnull(incoming.data()), receive_counts.data(),
                      receive_offsets.data(), row.get(), comm),
        "MPI_Alltoallv");
  }
  outgoing = {};

  ml::Dataset result;
  result.features.set_size(kept_rows, columns);
  result.labels.set_size(kept_rows);
  for (std::size_t j = 0; j < columns && kept_rows > 0; ++j) {
    double* column = result.features.colptr(j);
    for (std::size_t i = 0; i < kept_rows; ++i) column[i] = incoming[i * row_doubles + j];
  }
  for (std::size_t i = 0; i < kept_rows; ++i)
    result.labels(i) = incoming[i * row_doubles + columns];
  result.feature_names = std::move(local.feature_names);
  result.label_name = std::move(local.label_name);
  result.classes = std::move(local.classes);
  return result;
}

}  // namespace adtrain::mpi
