#include "support/svg_inspection.hpp"

#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <stdexcept>

namespace adtrain::testing {

namespace {

std::string unescape(std::string text) {
  const std::pair<std::string, std::string> entities[] = {
      {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&apos;", "'"}, {"&amp;", "&"}};
  std::string out;
  for (std::size_t at = 0; at < text.size();) {
    bool replaced = false;
    for (const auto& [entity, character] : entities) {
      if (text.compare(at, entity.size(), entity) == 0) {
        out += character;
        at += entity.size();
        replaced = true;
        break;
      }
    }
    if (!replaced) out += text[at++];
  }
  return out;
}

std::string quoted(const std::string& path) {
  std::string out(1, '\'');
  for (char c : path) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  out += '\'';
  return out;
}

unsigned big_endian(const std::string& bytes, std::size_t at) {
  unsigned value = 0;
  for (std::size_t i = 0; i < 4; ++i)
    value = (value << 8) | static_cast<unsigned char>(bytes[at + i]);
  return value;
}

}  // namespace

std::size_t count_of(const std::string& text, const std::string& needle) {
  std::size_t found = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1))
    ++found;
  return found;
}

std::vector<std::string> elements_with_class(const std::string& svg, const std::string& css_class) {
  std::vector<std::string> tags;
  const std::string needle = " class=\"" + css_class + "\"";
  for (auto at = svg.find(needle); at != std::string::npos; at = svg.find(needle, at + 1)) {
    const auto open = svg.rfind('<', at);
    const auto close = svg.find('>', at);
    if (open == std::string::npos || close == std::string::npos) continue;
    tags.push_back(svg.substr(open, close - open + 1));
  }
  return tags;
}

std::optional<std::string> attribute(const std::string& start_tag, const std::string& name) {
  const std::string needle = " " + name + "=\"";
  const auto at = start_tag.find(needle);
  if (at == std::string::npos) return std::nullopt;
  const auto begin = at + needle.size();
  const auto end = start_tag.find('"', begin);
  if (end == std::string::npos) return std::nullopt;
  return unescape(start_tag.substr(begin, end - begin));
}

double number_attribute(const std::string& start_tag, const std::string& name) {
  const std::optional<std::string> value = attribute(start_tag, name);
  if (!value) throw std::runtime_error("no attribute " + name + " in " + start_tag);
  return std::stod(*value);
}

std::string caption_text(const std::string& svg) {
  std::string text;
  for (auto group = svg.find("<g class=\"caption\""); group != std::string::npos;
       group = svg.find("<g class=\"caption\"", group + 1)) {
    const auto end = svg.find("</g>", group);
    for (auto line = svg.find("<text", group); line != std::string::npos && line < end;
         line = svg.find("<text", line + 1)) {
      const auto begin = svg.find('>', line) + 1;
      const auto close = svg.find("</text>", begin);
      if (!text.empty()) text += ' ';
      text += unescape(svg.substr(begin, close - begin));
    }
  }
  return text;
}

int run_tool(const std::string& command_line) {
  const int status = std::system(command_line.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

bool is_well_formed_xml(const std::string& path) {
  return run_tool("xmllint --noout " + quoted(path)) == 0;
}

std::optional<std::pair<unsigned, unsigned>> render_png(const std::string& svg_path,
                                                        const std::string& png_path) {
  if (run_tool("rsvg-convert -o " + quoted(png_path) + " " + quoted(svg_path)) != 0)
    return std::nullopt;
  std::ifstream in(png_path, std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  // The signature, then the IHDR chunk: length, "IHDR", width, height.
  if (bytes.size() < 24 || bytes.compare(0, 8, "\x89PNG\r\n\x1a\n") != 0 ||
      bytes.compare(12, 4, "IHDR") != 0) {
    return std::nullopt;
  }
  return std::pair{big_endian(bytes, 16), big_endian(bytes, 20)};
}

}  // namespace adtrain::testing
