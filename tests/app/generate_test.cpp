// adtrain generate: the seed's data set as CSV.
#include <gtest/gtest.h>

#include <sstream>

#include "adtrain/ml.hpp"
#include "support/adtrain_runner.hpp"

namespace adtrain::testing {
namespace {

TEST(Generate, WritesHeaderAndRowsThatReadBackBitForBit) {
  ScratchFolder folder;
  const std::string out = folder.file("d.csv");
  const RunResult r = run_adtrain({"generate", "--rows", "50", "--seed", "7", "--out", out});
  ASSERT_EQ(r.exit_status, 0) << r.err;
  const ml::Dataset expected = ml::generate_seed_data(50, 7);
  std::istringstream csv(read_text(out));
  std::string line;
  std::getline(csv, line);
  EXPECT_EQ(line, "x1,x2,y");
  arma::uword row = 0;
  while (std::getline(csv, line)) {
    ASSERT_LT(row, 50u);
    std::istringstream fields(line);
    std::string x1, x2, y;
    std::getline(fields, x1, ',');
    std::getline(fields, x2, ',');
    std::getline(fields, y, ',');
    EXPECT_EQ(std::stod(x1), expected.features(row, 0));
    EXPECT_EQ(std::stod(x2), expected.features(row, 1));
    EXPECT_EQ(y, expected.labels(row) == 1.0 ? "1" : "0");
    ++row;
  }
  EXPECT_EQ(row, 50u);
}

TEST(Generate, CommittedSeedFileIsWhatGenerateWrites) {
  ScratchFolder folder;
  ASSERT_EQ(run_adtrain({"generate", "--rows", "100", "--seed", "0", "--out", folder.file("s.csv")})
                .exit_status,
            0);
  EXPECT_EQ(read_text(folder.file("s.csv")),
            read_text((source_root() / "data/seed_2d.csv").string()));
  ASSERT_EQ(
      run_adtrain({"generate", "--rows", "10000", "--seed", "1", "--out", folder.file("l.csv")})
          .exit_status,
      0);
  EXPECT_EQ(read_text(folder.file("l.csv")),
            read_text((source_root() / "data/seed_10k.csv").string()));
}

TEST(Generate, UnwritableOutputExitsWith73) {
  const RunResult r = run_adtrain({"generate", "--rows", "5", "--out", "/nonexistent/x.csv"});
  EXPECT_EQ(r.exit_status, 73);
  EXPECT_NE(r.err.find("/nonexistent/x.csv"), std::string::npos);
}

}  // namespace
}  // namespace adtrain::testing
