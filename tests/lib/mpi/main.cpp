// The MPI tests' main: one Session around the whole run when started by
// mpirun, none otherwise (as adtrain itself). Rank 0 prints gtest's usual
// report; the other ranks print only their failures, marked with their rank,
// so that a 3-process run reads like one. Every rank then exits with the
// same status: failed if any rank failed.
#include <gtest/gtest.h>

#include <cstddef>
#include <cstdio>

#include "adtrain/mpi.hpp"
#include "mpi_test_support.hpp"

namespace adtrain::mpi::test {

namespace {

std::size_t session_size = 1;
std::size_t session_rank = 0;
bool session_running = false;

class FailuresOnly : public testing::EmptyTestEventListener {
 public:
  explicit FailuresOnly(std::size_t rank) : rank_(rank) {}

  void OnTestPartResult(const testing::TestPartResult& result) override {
    if (!result.failed()) return;
    std::fprintf(stderr, "[rank %zu] %s:%d: %s\n", rank_,
                 result.file_name() != nullptr ? result.file_name() : "?", result.line_number(),
                 result.message());
  }
  void OnTestEnd(const testing::TestInfo& info) override {
    if (info.result()->Failed()) {
      std::fprintf(stderr, "[rank %zu] FAILED %s.%s\n", rank_, info.test_suite_name(), info.name());
    }
  }

 private:
  std::size_t rank_;
};

}  // namespace

bool mpi_running() {
  return session_running;
}
std::size_t processes() {
  return session_size;
}
std::size_t rank() {
  return session_rank;
}

}  // namespace adtrain::mpi::test

int main(int argc, char** argv) {
  namespace test = adtrain::mpi::test;
  testing::InitGoogleTest(&argc, argv);
  if (!adtrain::mpi::launched_by_mpirun()) return RUN_ALL_TESTS();

  const adtrain::mpi::Session session;
  test::session_size = session.size();
  test::session_rank = session.rank();
  test::session_running = true;
  if (session.rank() != 0) {
    testing::TestEventListeners& listeners = testing::UnitTest::GetInstance()->listeners();
    delete listeners.Release(listeners.default_result_printer());
    listeners.Append(new test::FailuresOnly(session.rank()));
  }
  const bool failed = RUN_ALL_TESTS() != 0;
  return adtrain::mpi::any_rank(failed) ? 1 : 0;
}
