#include <gtest/gtest.h>

#include "adtrain/data/table_reader.hpp"

namespace adtrain::data {
namespace {

TEST(EnumStrings, DelimiterRoundTrips) {
  for (Delimiter d : {Delimiter::automatic, Delimiter::comma, Delimiter::semicolon, Delimiter::tab,
                      Delimiter::whitespace}) {
    EXPECT_EQ(delimiter_from_string(to_string(d)), d);
  }
  EXPECT_EQ(delimiter_from_string("pipe"), std::nullopt);
}

TEST(EnumStrings, HeaderModeRoundTrips) {
  for (HeaderMode h : {HeaderMode::automatic, HeaderMode::present, HeaderMode::absent}) {
    EXPECT_EQ(header_mode_from_string(to_string(h)), h);
  }
  EXPECT_EQ(header_mode_from_string("maybe"), std::nullopt);
}

}  // namespace
}  // namespace adtrain::data
