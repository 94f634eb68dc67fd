// What the MPI tests share: whether this run has MPI (started by mpirun, see
// main.cpp) and a fixture that skips a test that needs it otherwise.
#pragma once

#include <gtest/gtest.h>

#include <cstddef>

namespace adtrain::mpi::test {

// Set by main() once the Session is up; processes() is 1 without MPI.
bool mpi_running();
std::size_t processes();
std::size_t rank();

// Tests that call collectives. Every rank runs every test in the same order,
// so a test must reach the same collectives on every rank: check results
// with EXPECT_*, or with ASSERT_* only after the test's last collective.
class Mpi : public testing::Test {
 protected:
  void SetUp() override {
    if (!mpi_running()) GTEST_SKIP() << "not started by mpirun";
  }
};

}  // namespace adtrain::mpi::test
