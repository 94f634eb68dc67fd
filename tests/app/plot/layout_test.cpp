// The layout (app/plot/src/layout.cpp): fitting labels and captions into a
// width without a font engine, and caption wording.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "plot_internal.hpp"

namespace adtrain::plot {
namespace {

// ---- Fitting text -------------------------------------------------------------------------------

TEST(PlotTextFit, CountsCharactersNotBytes) {
  EXPECT_EQ(character_count("x1"), 2u);
  EXPECT_EQ(character_count("\xC3\xA9t\xC3\xA9"), 3u);
  EXPECT_EQ(character_count("\xF0\x9F\x98\x80"), 1u);
}

TEST(PlotTextFit, ShortTextIsKeptAndLongTextEndsInAnEllipsis) {
  EXPECT_EQ(shorten_to_width("x1", 10.0, 100.0), "x1");
  const std::string shortened = shorten_to_width(std::string(100, 'a'), 10.0, 60.0);
  EXPECT_EQ(shortened.substr(shortened.size() - 3), "\xE2\x80\xA6");
  EXPECT_LE(estimated_width(shortened, 10.0), 60.0);
}

TEST(PlotTextFit, ShorteningNeverSplitsACharacter) {
  std::string accents;
  for (int i = 0; i < 40; ++i) accents += "\xC3\xA9";
  for (double width : {10.0, 25.0, 37.0, 61.0}) {
    const std::string shortened = shorten_to_width(accents, 10.0, width);
    const std::string kept = shortened.substr(0, shortened.size() - 3);
    ASSERT_EQ(kept.size() % 2, 0u) << width;
    for (std::size_t i = 0; i < kept.size(); i += 2) ASSERT_EQ(kept.substr(i, 2), "\xC3\xA9");
  }
}

TEST(PlotTextFit, WrappedLinesFitAndKeepEveryWord) {
  const std::string text =
      "To draw the boundary, a, b and c are held at their training mean while x and y vary.";
  const std::vector<std::string> lines = wrap_to_width(text, 13.5, 220.0);
  ASSERT_GT(lines.size(), 1u);
  std::string joined;
  for (const std::string& line : lines) {
    EXPECT_LE(estimated_width(line, 13.5), 220.0) << line;
    joined += (joined.empty() ? "" : " ") + line;
  }
  EXPECT_EQ(joined, text);
}

// ---- Wording ------------------------------------------------------------------------------------

TEST(PlotWording, GroupsThousands) {
  EXPECT_EQ(group_thousands(0), "0");
  EXPECT_EQ(group_thousands(999), "999");
  EXPECT_EQ(group_thousands(1000), "1,000");
  EXPECT_EQ(group_thousands(5000), "5,000");
  EXPECT_EQ(group_thousands(1234567), "1,234,567");
}

TEST(PlotWording, ListsNamesAndCountsTheRest) {
  EXPECT_EQ(list_names({"x3"}), "x3");
  EXPECT_EQ(list_names({"x3", "x4"}), "x3 and x4");
  EXPECT_EQ(list_names({"x3", "x4", "x5"}), "x3, x4 and x5");
  EXPECT_EQ(list_names({"a", "b", "c", "d", "e"}), "a, b, c and 2 more");
}

}  // namespace
}  // namespace adtrain::plot
