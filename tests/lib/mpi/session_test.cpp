// What works with or without MPI running: telling an mpirun start from a
// plain one, naming the library, and refusing collectives without a Session.
#include <mpi.h>

#include <cstdlib>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "adtrain/mpi.hpp"
#include "mpi_test_support.hpp"

namespace adtrain::mpi::test {
namespace {

// Sets and unsets the launchers' variables for one test, then puts them back.
class LauncherEnvironment : public testing::Test {
 protected:
  static constexpr const char* names[] = {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK",
                                          "PMI_SIZE"};

  void SetUp() override {
    for (const char* name : names) {
      const char* value = std::getenv(name);
      saved_.push_back(value != nullptr ? std::optional<std::string>(value) : std::nullopt);
      unsetenv(name);
    }
  }
  void TearDown() override {
    for (std::size_t i = 0; i < saved_.size(); ++i) {
      if (saved_[i]) {
        setenv(names[i], saved_[i]->c_str(), 1);
      } else {
        unsetenv(names[i]);
      }
    }
  }

 private:
  std::vector<std::optional<std::string>> saved_;
};

TEST_F(LauncherEnvironment, NoneMeansAPlainStart) {
  EXPECT_FALSE(launched_by_mpirun());
}

TEST_F(LauncherEnvironment, AnyLauncherVariableMeansMpirun) {
  for (const char* name : names) {
    setenv(name, "0", 1);
    EXPECT_TRUE(launched_by_mpirun()) << name;
    unsetenv(name);
  }
}

TEST_F(LauncherEnvironment, AnEmptyValueIsNotALauncher) {
  setenv("PMI_RANK", "", 1);
  EXPECT_FALSE(launched_by_mpirun());
}

TEST(Session, ThisRunWasStartedAsMainSaw) {
  EXPECT_EQ(launched_by_mpirun(), mpi_running());
}

TEST(LibraryVersion, NamesTheLibraryOnOneLine) {
  const std::string version = library_version();
  EXPECT_FALSE(version.empty());
  EXPECT_EQ(version.find('\n'), std::string::npos) << version;
  EXPECT_EQ(version.find(','), std::string::npos) << version;
#ifdef OPEN_MPI
  // The library loaded is the one built against (the major version at least).
  EXPECT_EQ(version.rfind("Open MPI v" + std::to_string(OMPI_MAJOR_VERSION) + ".", 0), 0u)
      << version;
#endif
}

TEST(WithoutSession, CollectivesRefuseInsteadOfCrashing) {
  if (mpi_running()) GTEST_SKIP() << "MPI is running";
  EXPECT_THROW(any_rank(true), std::logic_error);
  EXPECT_THROW(all_gather_sizes(1), std::logic_error);
  EXPECT_THROW(broadcast_string("x"), std::logic_error);
  EXPECT_THROW(agree_on_failure(std::nullopt), std::logic_error);
  EXPECT_THROW(MpiReducer(), std::logic_error);
  EXPECT_THROW(rebalance_rows(ml::Dataset{}, 0, std::vector<std::size_t>{0, 0}), std::logic_error);
}

TEST(WithoutSession, MpiIsNeverInitialised) {
  if (mpi_running()) GTEST_SKIP() << "MPI is running";
  int initialised = 1;
  MPI_Initialized(&initialised);
  EXPECT_EQ(initialised, 0);
}

using SessionRunning = Mpi;

TEST_F(SessionRunning, ASecondSessionIsRefused) {
  EXPECT_THROW(Session(), std::logic_error);
}

TEST_F(SessionRunning, MpiErrorsComeBackAsCodes) {
  // The Session sets MPI_ERRORS_RETURN: an invalid root comes back as a code
  // (which lib/mpi turns into Error) instead of killing the job. Every rank
  // makes the same bad call, so none is left waiting.
  int value = 0;
  const int code = MPI_Bcast(&value, 1, MPI_INT, static_cast<int>(processes()) + 5, MPI_COMM_WORLD);
  EXPECT_NE(code, MPI_SUCCESS);
}

}  // namespace
}  // namespace adtrain::mpi::test
