// The SVG writer (app/plot/src/svg.cpp): structure, numbers, and escaping, so
// that user text never changes the document's structure.
#include <gtest/gtest.h>

#include <limits>
#include <string>

#include "plot_internal.hpp"

namespace adtrain::plot {
namespace {

// ---- Escaping -----------------------------------------------------------------------------------

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

// ---- Numbers ------------------------------------------------------------------------------------

TEST(SvgWriter, PixelsHaveAtMostTwoDecimalsAndNoNegativeZero) {
  EXPECT_EQ(pixels(12.0), "12");
  EXPECT_EQ(pixels(12.5), "12.5");
  EXPECT_EQ(pixels(1.0 / 3.0), "0.33");
  EXPECT_EQ(pixels(-0.001), "0");
  EXPECT_EQ(pixels(-2.256), "-2.26");
}

TEST(SvgWriter, ExactNumbersReadBackAsTheSameDouble) {
  for (double value : {0.1, 1.0 / 3.0, -123456.789e-7, std::numeric_limits<double>::min(),
                       std::numeric_limits<double>::max(), 0.30000000000000004}) {
    EXPECT_EQ(std::stod(exact(value)), value) << exact(value);
  }
}

// ---- The writer ---------------------------------------------------------------------------------

TEST(SvgWriter, WritesADeclarationAndASizedRoot) {
  SvgWriter svg(1200, 640);
  const std::string document = svg.finish();
  EXPECT_EQ(document.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg ", 0), 0u) << document;
  EXPECT_NE(document.find("width=\"1200\" height=\"640\" viewBox=\"0 0 1200 640\""),
            std::string::npos);
  EXPECT_EQ(document.substr(document.size() - 7), "</svg>\n");
}

TEST(SvgWriter, ClosesElementsInReverseOrderAndFinishClosesTheRest) {
  SvgWriter svg(10, 10);
  svg.open("g", {{"class", "outer"}});
  svg.open("g", {{"class", "inner"}});
  svg.empty("circle", {{"r", "1"}});
  svg.close();
  svg.text("text", {}, "hi");
  const std::string document = svg.finish();
  const auto inner_close = document.find("</g>");
  const auto text = document.find("<text>hi</text>");
  const auto outer_close = document.find("</g>", inner_close + 1);
  ASSERT_NE(inner_close, std::string::npos);
  ASSERT_NE(text, std::string::npos);
  ASSERT_NE(outer_close, std::string::npos);
  EXPECT_LT(document.find("<circle r=\"1\"/>"), inner_close);
  EXPECT_LT(inner_close, text);
  EXPECT_LT(text, outer_close);
  EXPECT_LT(outer_close, document.find("</svg>"));
}

TEST(SvgWriter, EscapesAttributeValuesAndText) {
  SvgWriter svg(10, 10);
  svg.text("text", {{"data-name", "a\"b<c"}}, "x < y & \"z\"");
  const std::string document = svg.finish();
  EXPECT_NE(document.find("data-name=\"a&quot;b&lt;c\""), std::string::npos) << document;
  EXPECT_NE(document.find(">x &lt; y &amp; &quot;z&quot;</text>"), std::string::npos) << document;
}

}  // namespace
}  // namespace adtrain::plot
