// Escaping: user text must never change the document's structure.
#include <gtest/gtest.h>

#include "plot_internal.hpp"

namespace adtrain::plot {
namespace {

const std::string replacement = "\xEF\xBF\xBD";

TEST(SvgEscaping, TheFiveSpecialCharactersBecomeEntities) {
  EXPECT_EQ(escape_xml(R"(a<b & c>d "q" 'a')"), "a&lt;b &amp; c&gt;d &quot;q&quot; &apos;a&apos;");
}

TEST(SvgEscaping, AnAlreadyEscapedLookingTextIsEscapedAgain) {
  // "&lt;" typed by a user is text, not markup: it must survive as typed.
  EXPECT_EQ(escape_xml("&lt;"), "&amp;lt;");
}

TEST(SvgEscaping, PlainAndMultibyteTextIsKept) {
  EXPECT_EQ(escape_xml("x1"), "x1");
  EXPECT_EQ(escape_xml("temp\xC3\xA9rature \xE2\x82\xAC \xF0\x9F\x98\x80"),
            "temp\xC3\xA9rature \xE2\x82\xAC \xF0\x9F\x98\x80");
  EXPECT_EQ(escape_xml("tab\there"), "tab\there");
}

TEST(SvgEscaping, ControlCharactersXmlForbidsAreReplaced) {
  EXPECT_EQ(escape_xml(std::string("a\0b", 3)), "a" + replacement + "b");
  EXPECT_EQ(escape_xml("a\x01\x1F"
                       "b"),
            "a" + replacement + replacement + "b");
}

TEST(SvgEscaping, BytesThatAreNotUtf8AreReplaced) {
  EXPECT_EQ(escape_xml("a\xFF"
                       "b"),
            "a" + replacement + "b");
  EXPECT_EQ(escape_xml("\xC3"), replacement);                    // truncated sequence
  EXPECT_EQ(escape_xml("\xC0\xAF"), replacement + replacement);  // overlong '/'
  EXPECT_EQ(escape_xml("\xED\xA0\x80"), replacement + replacement + replacement);  // surrogate
  EXPECT_EQ(escape_xml("\xEF\xBF\xBF"), replacement + replacement + replacement);  // U+FFFF
}

}  // namespace
}  // namespace adtrain::plot
