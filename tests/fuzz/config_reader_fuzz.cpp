// libFuzzer target for the --config reader (apply_config_file): any input,
// read as the TOML file of `adtrain --config FILE`, must either apply to the
// command line or fail with a CommandError of status usage (64) whose message
// is one line "FILE:LINE:COLUMN: ..." (or, for a file toml++ cannot read,
// "FILE: ..."). Anything else (another exception, a crash, a leak, a hang, a
// sanitizer report) is a bug.
//
// Each input is applied to a fresh command line parsed from the program name
// alone, as `adtrain --config FILE` would see it; a file that applies is then
// applied once more after a command line that sets options of its own, so
// that "the command line wins" (also over options it excludes) is explored.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <memory>
#include <string>
#include <string_view>

#include "cli.hpp"
#include "config_file.hpp"
#include "exit_status.hpp"
#include "fuzz_file.hpp"

namespace {

using adtrain::app::CommandError;
using adtrain::app::ExitStatus;

void check_error(const CommandError& error, const std::string& path) {
  const std::string_view message = error.what();
  const bool expected = error.status() == ExitStatus::usage &&
                        message.starts_with(path + ":") &&
                        message.find('\n') == std::string_view::npos &&
                        message.find('\r') == std::string_view::npos;
  if (!expected) {
    std::fprintf(stderr, "unexpected CommandError (status %d): %s\n",
                 adtrain::app::code(error.status()), error.what());
    std::abort();
  }
}

// Returns whether the file applied.
template <std::size_t N>
bool apply(const std::string& path, const char* const (&argv)[N]) {
  const std::unique_ptr<adtrain::app::CommandLine> line = adtrain::app::make_command_line();
  line->app.parse(static_cast<int>(N), argv);  // a fixed, valid command line
  try {
    adtrain::app::apply_config_file(path, line->app);
    return true;
  } catch (const CommandError& error) {
    check_error(error, path);
    return false;
  }
}

constexpr const char* program_only[] = {"adtrain"};
constexpr const char* with_options[] = {"adtrain",     "--generate", "50",   "--lr",
                                        "0.5",         "--no-bias",  "--features", "x1",
                                        "--optimizer", "adam"};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const adtrain::fuzz::FuzzFile& file = adtrain::fuzz::FuzzFile::instance("fuzz.toml");
  file.write(data, size);
  if (apply(file.path(), program_only)) apply(file.path(), with_options);
  return 0;
}
