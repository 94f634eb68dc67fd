// The collectives of lib/mpi on 1, 2 or 3 processes: the reducer's
// all_gather, agreeing on a failure and on a stop, prefix sums, gathering
// sizes and strings, broadcasting a string.
#include <climits>
#include <cmath>
#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "adtrain/mpi.hpp"
#include "mpi_test_support.hpp"

namespace adtrain::mpi::test {
namespace {

// Rank r contributes r + 1 values r * 100 + i; with `odd_ranks_empty`, odd
// ranks contribute none.
std::vector<double> contribution(std::size_t r, bool odd_ranks_empty) {
  std::vector<double> values;
  if (odd_ranks_empty && r % 2 == 1) return values;
  for (std::size_t i = 0; i <= r; ++i) values.push_back(static_cast<double>(r * 100 + i));
  return values;
}

std::vector<double> expected_gather(bool odd_ranks_empty) {
  std::vector<double> all;
  for (std::size_t r = 0; r < processes(); ++r) {
    const std::vector<double> part = contribution(r, odd_ranks_empty);
    all.insert(all.end(), part.begin(), part.end());
  }
  return all;
}

using Reducer = Mpi;

TEST_F(Reducer, KnowsTheProcessesAndThisRank) {
  const MpiReducer reducer;
  EXPECT_EQ(reducer.processes(), processes());
  EXPECT_EQ(reducer.rank(), rank());
}

TEST_F(Reducer, AllGatherConcatenatesInRankOrder) {
  const MpiReducer reducer;
  EXPECT_EQ(reducer.all_gather(contribution(rank(), false)), expected_gather(false));
}

TEST_F(Reducer, AllGatherTakesEmptyParts) {
  const MpiReducer reducer;
  EXPECT_EQ(reducer.all_gather(contribution(rank(), true)), expected_gather(true));
  EXPECT_TRUE(reducer.all_gather({}).empty());
}

TEST_F(Reducer, AllGatherKeepsEveryBit) {
  // Values no decimal round trip would keep, and the odd ones: what the
  // library sums must arrive exactly.
  const std::vector<double> mine{0.1 * static_cast<double>(rank() + 1), -0.0, 1e-310,
                                 static_cast<double>(rank()) + 1.0 / 3.0};
  const MpiReducer reducer;
  const std::vector<double> all = reducer.all_gather(mine);
  ASSERT_EQ(all.size(), 4 * processes());
  for (std::size_t r = 0; r < processes(); ++r) {
    EXPECT_EQ(all[4 * r], 0.1 * static_cast<double>(r + 1));
    EXPECT_TRUE(std::signbit(all[4 * r + 1]));
    EXPECT_EQ(all[4 * r + 2], 1e-310);
    EXPECT_EQ(all[4 * r + 3], static_cast<double>(r) + 1.0 / 3.0);
  }
}

TEST_F(Reducer, AllGatherOfManyValues) {
  // Large enough to leave MPI's eager protocol for its rendezvous one.
  std::vector<double> mine(100'000 + rank());
  for (std::size_t i = 0; i < mine.size(); ++i) mine[i] = static_cast<double>(rank() * 1e6 + i);
  const std::vector<double> all = MpiReducer().all_gather(mine);
  ASSERT_EQ(all.size(), 100'000 * processes() + processes() * (processes() - 1) / 2);
  std::size_t at = 0;
  bool exact = true;
  for (std::size_t r = 0; r < processes(); ++r) {
    for (std::size_t i = 0; i < 100'000 + r; ++i) exact = exact && all[at++] == r * 1e6 + i;
  }
  EXPECT_EQ(at, all.size());
  EXPECT_TRUE(exact);
}

TEST(IntCounts, AcceptUpToIntMaxInAll) {
  const std::vector<std::size_t> counts{0, 5, static_cast<std::size_t>(INT_MAX) - 5};
  EXPECT_EQ(detail::int_counts(counts, "all_gather", "doubles"),
            (std::vector<int>{0, 5, INT_MAX - 5}));
  EXPECT_TRUE(detail::int_counts({}, "all_gather", "doubles").empty());
}

TEST(IntCounts, RefuseMoreThanIntMaxInAllNamingTheLargestPart) {
  const std::vector<std::size_t> counts{7, 3'000'000'000, 1};
  try {
    detail::int_counts(counts, "all_gather", "doubles");
    FAIL() << "no exception";
  } catch (const std::length_error& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("all_gather: 3000000008 doubles"), std::string::npos) << message;
    EXPECT_NE(message.find("rank 1: 3000000000"), std::string::npos) << message;
    EXPECT_NE(message.find(std::to_string(INT_MAX)), std::string::npos) << message;
  }
  // Two parts that fit alone but not together.
  const std::vector<std::size_t> halves{static_cast<std::size_t>(INT_MAX),
                                        static_cast<std::size_t>(INT_MAX)};
  EXPECT_THROW(detail::int_counts(halves, "x", "y"), std::length_error);
}

using AgreeOnFailure = Mpi;

TEST_F(AgreeOnFailure, NoneWhenNoRankFailed) {
  EXPECT_FALSE(agree_on_failure(std::nullopt).has_value());
}

TEST_F(AgreeOnFailure, TheLowestFailingRankWins) {
  // Every rank but 0 fails, each with its own status and message: rank 1's
  // reach everyone (rank 0's, alone, with one process).
  std::optional<Failure> mine;
  if (rank() >= 1 || processes() == 1) {
    mine = Failure{60 + static_cast<int>(rank()), "rank " + std::to_string(rank()) + " failed"};
  }
  const std::optional<RankFailure> agreed = agree_on_failure(mine);
  ASSERT_TRUE(agreed.has_value());
  const std::size_t expected = processes() == 1 ? 0 : 1;
  EXPECT_EQ(agreed->rank, expected);
  EXPECT_EQ(agreed->failure.status, 60 + static_cast<int>(expected));
  EXPECT_EQ(agreed->failure.message, "rank " + std::to_string(expected) + " failed");
}

TEST_F(AgreeOnFailure, OnlyTheLastRankFailing) {
  // As after a bad row in the last rank's share of the file; the message
  // keeps its line breaks and is longer than any eager message.
  const std::string long_message = "line 1\nline 2 " + std::string(100'000, 'x');
  std::optional<Failure> mine;
  if (rank() == processes() - 1) mine = Failure{65, long_message};
  const std::optional<RankFailure> agreed = agree_on_failure(mine);
  ASSERT_TRUE(agreed.has_value());
  EXPECT_EQ(agreed->rank, processes() - 1);
  EXPECT_EQ(agreed->failure.status, 65);
  EXPECT_EQ(agreed->failure.message, long_message);
}

TEST_F(AgreeOnFailure, AllFailingGivesRankZero) {
  const std::optional<RankFailure> agreed =
      agree_on_failure(Failure{static_cast<int>(rank()) + 1, rank() == 0 ? "" : "not me"});
  ASSERT_TRUE(agreed.has_value());
  EXPECT_EQ(agreed->rank, 0u);
  EXPECT_EQ(agreed->failure.status, 1);
  EXPECT_EQ(agreed->failure.message, "");
}

using AnyRank = Mpi;

TEST_F(AnyRank, FalseWhenNoRankSaysSo) {
  EXPECT_FALSE(any_rank(false));
}

TEST_F(AnyRank, TrueWhenOneRankSaysSo) {
  EXPECT_TRUE(any_rank(rank() == processes() - 1));
  EXPECT_TRUE(any_rank(rank() == 0));
  EXPECT_TRUE(any_rank(true));
}

using PrefixSum = Mpi;

TEST_F(PrefixSum, SumsTheRanksBelow) {
  // Rank r holds r + 1 rows: its rows start at 1 + 2 + ... + r.
  EXPECT_EQ(exclusive_prefix_sum(rank() + 1), rank() * (rank() + 1) / 2);
  EXPECT_EQ(exclusive_prefix_sum(0), 0u);
  // Beyond 32 bits.
  const std::size_t big = std::size_t{1} << 40;
  EXPECT_EQ(exclusive_prefix_sum(big), rank() * big);
}

using Gather = Mpi;

TEST_F(Gather, SizesInRankOrder) {
  std::vector<std::size_t> expected;
  for (std::size_t r = 0; r < processes(); ++r) expected.push_back(r * r + (std::size_t{1} << 33));
  EXPECT_EQ(all_gather_sizes(rank() * rank() + (std::size_t{1} << 33)), expected);
}

TEST_F(Gather, StringsInRankOrderEmptyOnesIncluded) {
  // Rank 1 contributes nothing; the others bytes that are not text.
  const auto text = [](std::size_t r) {
    if (r == 1) return std::string();
    return "rank " + std::to_string(r) + std::string(1, '\0') + "\n\xff;" + std::string(r, 'z');
  };
  std::vector<std::string> expected;
  for (std::size_t r = 0; r < processes(); ++r) expected.push_back(text(r));
  EXPECT_EQ(all_gather_strings(text(rank())), expected);
  EXPECT_EQ(all_gather_strings(""), std::vector<std::string>(processes()));
}

using Broadcast = Mpi;

TEST_F(Broadcast, RankZerosStringEverywhere) {
  EXPECT_EQ(broadcast_string(rank() == 0 ? "a,b\n" : "ignored " + std::to_string(rank())), "a,b\n");
  EXPECT_EQ(broadcast_string(rank() == 0 ? "" : "ignored"), "");
  const std::string header(1 << 20, 'h');
  EXPECT_EQ(broadcast_string(rank() == 0 ? header : std::string()), header);
}

}  // namespace
}  // namespace adtrain::mpi::test
