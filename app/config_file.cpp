#include "config_file.hpp"

#include <fmt/core.h>
#include <sys/stat.h>

#include <toml++/toml.h>
#include <algorithm>
#include <filesystem>
#include <set>
#include <vector>

#include "exit_status.hpp"

namespace adtrain::app {

namespace {

// Options whose values name files: relative ones are taken from the config
// file's folder, so a config works from wherever it is run.
const std::set<std::string> path_options = {"data", "test", "report", "plot", "model", "out"};

class ConfigReader {
 public:
  explicit ConfigReader(std::string path) : path_(std::move(path)) {
    folder_ = std::filesystem::path(path_).parent_path();
  }

  [[noreturn]] void fail(const toml::source_region& where, const std::string& message) const {
    throw CommandError(ExitStatus::usage, fmt::format("{}:{}:{}: {}", path_, where.begin.line,
                                                      where.begin.column, message));
  }

  void apply(const toml::table& table, CLI::App& command, bool top_level) {
    for (const auto& [key, node] : table) {
      const std::string name(key.str());
      if (node.is_table()) {
        CLI::App* sub = top_level ? find_subcommand(command, name) : nullptr;
        if (!sub) fail(key.source(), "unknown table [" + name + "]");
        apply(*node.as_table(), *sub, false);
        continue;
      }
      apply_option(command, name, key.source(), node);
    }
  }

 private:
  static CLI::App* find_subcommand(CLI::App& app, const std::string& name) {
    for (CLI::App* sub : app.get_subcommands({})) {
      if (sub->get_name() == name) return sub;
    }
    return nullptr;
  }

  void apply_option(CLI::App& command, const std::string& name, const toml::source_region& where,
                    const toml::node& node) {
    CLI::Option* option = name.empty() || name == "config" || name == "help" || name == "version"
                              ? nullptr
                              : command.get_option_no_throw("--" + name);
    if (!option) fail(where, "unknown option '" + name + "'");
    const auto& names = option->get_lnames();
    const auto& negated = option->get_fnames();
    if (std::find(names.begin(), names.end(), name) == names.end() ||
        std::find(negated.begin(), negated.end(), name) != negated.end()) {
      // A negated flag's name (no-bias): the file says bias = false.
      fail(where, "'" + name + "' is not an option name here; write " + names.front() + " = false");
    }
    if (option->count() > 0) {
      if (from_file_.count(option)) fail(where, "'" + name + "' is given twice");
      return;  // the command line wins
    }
    for (const CLI::Option* other : command.get_options()) {
      const auto excluded = other->get_excludes();
      const bool conflict =
          other->count() > 0 &&
          (excluded.count(option) || option->get_excludes().count(const_cast<CLI::Option*>(other)));
      if (!conflict) continue;
      if (from_file_.count(other)) {
        fail(where, "'" + name + "' and '" + other->get_lnames().front() + "' exclude each other");
      }
      return;  // excluded by an option on the command line, which wins
    }

    std::vector<std::string> values = values_of(option, name, where, node);
    if (path_options.count(name)) {
      for (std::string& value : values) {
        if (!value.empty() && value != "-" && std::filesystem::path(value).is_relative()) {
          value = (folder_ / value).string();
        }
      }
    }
    try {
      for (const std::string& value : values) option->add_result(value);
      option->run_callback();
    } catch (const CLI::Error& e) {
      fail(where, std::string(e.what()));
    }
    from_file_.insert(option);
  }

  std::vector<std::string> values_of(const CLI::Option* option, const std::string& name,
                                     const toml::source_region& where,
                                     const toml::node& node) const {
    const std::string type = option->get_type_name();
    auto expected = [&](const char* what) {
      fail(where, fmt::format("'{}' must be {}, not {}", name, what, describe(node)));
    };
    if (option->get_expected_max() == 0) {  // a flag
      if (!node.is_boolean()) expected("true or false");
      return {node.as_boolean()->get() ? "true" : "false"};
    }
    if (option->get_items_expected_max() > 1) {  // a list of names
      std::vector<std::string> values;
      if (node.is_string()) return {std::string(node.as_string()->get())};
      if (!node.is_array()) expected("a list of strings");
      for (const toml::node& item : *node.as_array()) {
        if (!item.is_string()) expected("a list of strings");
        values.push_back(escape_commas(item.as_string()->get()));
      }
      return values;
    }
    if (type.rfind("FLOAT", 0) == 0) {
      if (node.is_integer()) return {std::to_string(node.as_integer()->get())};
      if (!node.is_floating_point()) expected("a number");
      return {fmt::format("{}", node.as_floating_point()->get())};
    }
    if (type.rfind("UINT", 0) == 0 || type.rfind("INT", 0) == 0) {
      if (!node.is_integer()) expected("a whole number");
      return {std::to_string(node.as_integer()->get())};
    }
    if (!node.is_string()) expected("a string");
    return {node.as_string()->get()};
  }

  // A TOML list holds whole names: the command line's comma splitting must
  // not cut one that contains a comma.
  static std::string escape_commas(const std::string& name) {
    std::string escaped;
    for (char c : name) {
      if (c == ',' || c == '\\') escaped += '\\';
      escaped += c;
    }
    return escaped;
  }

  static std::string describe(const toml::node& node) {
    switch (node.type()) {
      case toml::node_type::string:
        return "the string \"" + std::string(node.as_string()->get()) + "\"";
      case toml::node_type::integer:
        return "the integer " + std::to_string(node.as_integer()->get());
      case toml::node_type::floating_point:
        return fmt::format("the number {}", node.as_floating_point()->get());
      case toml::node_type::boolean:
        return node.as_boolean()->get() ? "true" : "false";
      case toml::node_type::array:
        return "a list";
      case toml::node_type::table:
        return "a table";
      default:
        return "a date or time";
    }
  }

  std::string path_;
  std::filesystem::path folder_;
  std::set<const CLI::Option*> from_file_;
};

}  // namespace

namespace {

// toml++ quotes the bytes it saw, which may hold a line break: an error
// stays one line.
std::string one_line(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (static_cast<unsigned char>(c) < 0x20) {
      out += fmt::format("\\x{:02x}", static_cast<unsigned char>(c));
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

void apply_config_file(const std::string& path, CLI::App& app) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) {
    throw CommandError(ExitStatus::no_input, path + ": no such file");
  }
  if (S_ISDIR(info.st_mode)) {
    throw CommandError(ExitStatus::no_input, path + ": is a folder, not a file");
  }
  toml::table document;
  try {
    document = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    const auto& where = e.source().begin;
    if (where.line == 0) {  // toml++ could not open it
      throw CommandError(ExitStatus::no_input, path + ": " + std::string(e.description()));
    }
    throw CommandError(ExitStatus::usage, fmt::format("{}:{}:{}: {}", path, where.line,
                                                      where.column, one_line(e.description())));
  }
  ConfigReader(path).apply(document, app, true);
}

}  // namespace adtrain::app
