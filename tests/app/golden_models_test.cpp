// Models written by an earlier adtrain (tests/data/models) still predict
// exactly what they predicted then: the report is a published format, and a
// change that stops old models from reading, or changes their predictions,
// must fail here rather than at a user's.
#include <gtest/gtest.h>

#include <filesystem>
#include <ostream>
#include <string>

#include "support/adtrain_runner.hpp"

namespace adtrain::testing {
namespace {

struct GoldenModel {
  std::string model;     // the report, in tests/data/models
  std::string data;      // the file it predicts on
  std::string expected;  // predict's standard output when it was written
};

// Names the case in test listings, instead of the struct's bytes.
void PrintTo(const GoldenModel& golden, std::ostream* out) {
  *out << golden.model;
}

class GoldenModels : public ::testing::TestWithParam<GoldenModel> {};

TEST_P(GoldenModels, PredictTheCheckedInPredictionsExactly) {
  const std::filesystem::path folder = source_root() / "tests/data/models";
  const GoldenModel& golden = GetParam();
  const RunResult r = run_adtrain({"predict", "--model", (folder / golden.model).string(), "--data",
                                   (folder / golden.data).string()});
  ASSERT_EQ(r.exit_status, 0) << r.err;
  EXPECT_EQ(r.out, read_text((folder / golden.expected).string()));
}

INSTANTIATE_TEST_SUITE_P(CheckedIn, GoldenModels,
                         ::testing::Values(GoldenModel{"standardized.json", "points_new.csv",
                                                       "standardized.expected.csv"},
                                           GoldenModel{"no_bias.json", "points_new.csv",
                                                       "no_bias.expected.csv"},
                                           GoldenModel{"string_classes.json", "strings_new.csv",
                                                       "string_classes.expected.csv"}),
                         [](const ::testing::TestParamInfo<GoldenModel>& info) {
                           return info.param.model.substr(0, info.param.model.find('.'));
                         });

}  // namespace
}  // namespace adtrain::testing
