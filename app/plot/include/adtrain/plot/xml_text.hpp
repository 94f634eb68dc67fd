// Making arbitrary text safe inside an XML document.
#pragma once

#include <string>
#include <string_view>

namespace adtrain::plot {

// Escapes the five XML special characters, so that text from user files
// (feature names, class spellings, file names) can never open a tag or end
// an attribute. Anything XML 1.0 does not allow in a document (C0 control
// characters other than tab, line feed and carriage return; bytes that are
// not UTF-8) becomes U+FFFD, so the result always parses.
std::string escape_xml(std::string_view text);

}  // namespace adtrain::plot
