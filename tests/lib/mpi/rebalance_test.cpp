// rebalance_rows on 1, 2 or 3 processes: every rank takes its slice of one
// global data set by a "before" layout, rebalances to an "after" layout, and
// must end with exactly the global rows of its new slice, in order.
#include <armadillo>

#include <cstddef>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "adtrain/mpi.hpp"
#include "mpi_test_support.hpp"

namespace adtrain::mpi::test {
namespace {

// Row i, feature j is i * 1000 + j + 0.25, and the label is i's parity: a
// row that lands in the wrong place or order, or loses a bit, shows.
ml::Dataset global_data(std::size_t rows, std::size_t columns) {
  ml::Dataset data;
  data.features.set_size(rows, columns);
  data.labels.set_size(rows);
  for (std::size_t i = 0; i < rows; ++i) {
    for (std::size_t j = 0; j < columns; ++j) {
      data.features(i, j) = static_cast<double>(i * 1000 + j) + 0.25;
    }
    data.labels(i) = static_cast<double>(i % 2);
  }
  for (std::size_t j = 0; j < columns; ++j) {
    // Appended rather than "x" + std::to_string(j), which trips GCC 12's
    // false -Wrestrict (GCC bug 105329).
    std::string name = "x";
    name += std::to_string(j);
    data.feature_names.push_back(name);
  }
  data.label_name = "label";
  data.classes = {"no", "yes"};
  return data;
}

ml::Dataset slice(const ml::Dataset& data, std::size_t first, std::size_t end) {
  ml::Dataset part = data;
  if (end > first) {
    part.features = data.features.rows(first, end - 1);
    part.labels = data.labels.subvec(first, end - 1);
  } else {
    part.features.set_size(0, data.features.n_cols);
    part.labels.reset();
  }
  return part;
}

// First rows from per-rank row counts: {0, n0, n0 + n1, ...}.
std::vector<std::size_t> first_rows(const std::vector<std::size_t>& counts) {
  std::vector<std::size_t> firsts{0};
  for (const std::size_t count : counts) firsts.push_back(firsts.back() + count);
  return firsts;
}

using Counts = std::function<std::size_t(std::size_t rank, std::size_t processes)>;

// Rebalances `rows` x `columns` from the `before` counts to the `after`
// counts (functions of the rank, so that they fit any process count; the
// last rank takes what is left) and checks this rank's result.
void check_rebalance(std::size_t rows, std::size_t columns, const Counts& before,
                     const Counts& after) {
  const auto layout = [&](const Counts& counts) {
    std::vector<std::size_t> per_rank;
    std::size_t left = rows;
    for (std::size_t r = 0; r < processes(); ++r) {
      const std::size_t n = r + 1 == processes() ? left : std::min(left, counts(r, processes()));
      per_rank.push_back(n);
      left -= n;
    }
    return first_rows(per_rank);
  };
  const std::vector<std::size_t> from = layout(before);
  const std::vector<std::size_t> to = layout(after);
  const ml::Dataset data = global_data(rows, columns);
  const ml::Dataset moved =
      rebalance_rows(slice(data, from[rank()], from[rank() + 1]), from[rank()], to);
  const ml::Dataset expected = slice(data, to[rank()], to[rank() + 1]);
  ASSERT_EQ(moved.features.n_rows, expected.features.n_rows);
  ASSERT_EQ(moved.features.n_cols, columns);
  ASSERT_EQ(moved.labels.n_elem, expected.labels.n_elem);
  // Exact: bit for bit, in order.
  EXPECT_TRUE(arma::approx_equal(moved.features, expected.features, "absdiff", 0.0));
  EXPECT_TRUE(arma::approx_equal(moved.labels, expected.labels, "absdiff", 0.0));
  EXPECT_EQ(moved.feature_names, expected.feature_names);
  EXPECT_EQ(moved.label_name, "label");
  EXPECT_EQ(moved.classes, expected.classes);
}

using RebalanceRows = Mpi;

TEST_F(RebalanceRows, FromRankZeroToEvenShares) {
  // As after rank 0 has read a whole file.
  check_rebalance(
      23, 3, [](std::size_t r, std::size_t) { return r == 0 ? 23 : 0; },
      [](std::size_t, std::size_t p) { return 23 / p; });
}

TEST_F(RebalanceRows, UnevenToUneven) {
  check_rebalance(
      31, 2, [](std::size_t r, std::size_t) { return 3 + 7 * r; },
      [](std::size_t r, std::size_t) { return 17 - 5 * r; });
}

TEST_F(RebalanceRows, ZeroRowRanksBeforeAndAfter) {
  // Odd ranks start empty, even ranks end empty (but the last, which takes
  // what is left).
  check_rebalance(
      20, 4, [](std::size_t r, std::size_t) -> std::size_t { return r % 2 == 1 ? 0 : 9; },
      [](std::size_t r, std::size_t) -> std::size_t { return r % 2 == 0 ? 0 : 12; });
}

TEST_F(RebalanceRows, EverythingToTheLastRank) {
  check_rebalance(
      10, 2, [](std::size_t, std::size_t p) { return 10 / p; },
      [](std::size_t, std::size_t) { return 0; });
}

TEST_F(RebalanceRows, AlreadyInPlace) {
  check_rebalance(
      12, 3, [](std::size_t r, std::size_t) { return r + 2; },
      [](std::size_t r, std::size_t) { return r + 2; });
}

TEST_F(RebalanceRows, FewerRowsThanRanks) {
  check_rebalance(
      1, 3, [](std::size_t, std::size_t) { return 0; },
      [](std::size_t r, std::size_t) { return r == 0 ? 1 : 0; });
}

TEST_F(RebalanceRows, NoRowsAtAll) {
  check_rebalance(
      0, 3, [](std::size_t, std::size_t) { return 0; }, [](std::size_t, std::size_t) { return 0; });
}

TEST_F(RebalanceRows, LabelsOnly) {
  check_rebalance(
      9, 0, [](std::size_t r, std::size_t) { return r == 0 ? 9 : 0; },
      [](std::size_t, std::size_t) { return 3; });
}

TEST_F(RebalanceRows, ManyRows) {
  // Messages of megabytes, beyond the eager limits of shared memory.
  check_rebalance(
      60'000, 5, [](std::size_t r, std::size_t) { return r == 0 ? 50'000 : 1'000; },
      [](std::size_t, std::size_t p) { return 60'000 / p; });
}

TEST_F(RebalanceRows, ARankWithoutRowsMayHaveNoColumns) {
  // An empty Dataset{} is 0 x 0: it takes the width of the ranks with rows.
  const ml::Dataset data = global_data(6, 2);
  const bool holds = rank() == 0;
  ml::Dataset local = holds ? data : ml::Dataset{};
  std::vector<std::size_t> to;
  for (std::size_t r = 0; r <= processes(); ++r) to.push_back(r * 6 / processes());
  const ml::Dataset moved = rebalance_rows(std::move(local), holds ? 0 : 6, to);
  EXPECT_EQ(moved.features.n_cols, 2u);
  EXPECT_TRUE(arma::approx_equal(moved.features, slice(data, to[rank()], to[rank() + 1]).features,
                                 "absdiff", 0.0));
}

// Inconsistent arguments are refused on every rank (no rank left waiting).
TEST_F(RebalanceRows, RefusesTargetsOfTheWrongLength) {
  const std::vector<std::size_t> to(processes() + (rank() == 0 ? 2 : 1), 0);
  EXPECT_THROW(rebalance_rows(ml::Dataset{}, 0, to), std::invalid_argument);
}

TEST_F(RebalanceRows, RefusesTargetsThatDoNotAddUp) {
  const ml::Dataset data = global_data(4, 1);
  std::vector<std::size_t> to(processes() + 1, 0);
  to.back() = 5;
  try {
    rebalance_rows(rank() == 0 ? data : ml::Dataset{}, rank() == 0 ? 0 : 4, to);
    ADD_FAILURE() << "no exception";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("ends at 5, but the ranks hold 4 rows"), std::string::npos)
        << e.what();
  }
}

TEST_F(RebalanceRows, RefusesRangesThatDoNotFollowOneAnother) {
  if (processes() < 2) GTEST_SKIP() << "needs two ranks";
  const ml::Dataset data = global_data(4, 1);
  const std::vector<std::size_t> to(processes() + 1, 0);
  // Every rank claims to start at row 0.
  EXPECT_THROW(rebalance_rows(slice(data, 0, 1), 0, to), std::invalid_argument);
}

TEST_F(RebalanceRows, RefusesTargetsThatDifferBetweenRanks) {
  if (processes() < 2) GTEST_SKIP() << "needs two ranks";
  // {0, 1, 2, ...} on rank 0, {0, 2, 2, ...} on the others: each valid alone.
  std::vector<std::size_t> to(processes() + 1, 2);
  to[0] = 0;
  to[1] = rank() == 0 ? 1 : 2;
  const ml::Dataset data = global_data(2, 1);
  try {
    rebalance_rows(rank() == 0 ? data : ml::Dataset{}, rank() == 0 ? 0 : 2, to);
    ADD_FAILURE() << "no exception";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("differ between rank 0 and rank 1"), std::string::npos)
        << e.what();
  }
}

TEST_F(RebalanceRows, RefusesDifferentWidths) {
  if (processes() < 2) GTEST_SKIP() << "needs two ranks";
  const ml::Dataset part = slice(global_data(1, rank() == 0 ? 2 : 3), 0, 1);
  std::vector<std::size_t> to;
  for (std::size_t r = 0; r <= processes(); ++r) to.push_back(r);
  EXPECT_THROW(rebalance_rows(part, rank(), to), std::invalid_argument);
}

}  // namespace
}  // namespace adtrain::mpi::test
