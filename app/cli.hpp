// The command line: declares every option, parses, and runs the command.
#pragma once

#include <CLI/CLI.hpp>

#include <memory>
#include <string>

#include "settings.hpp"

namespace adtrain::app {

// Every command and option, declared once, with the settings they fill.
struct CommandLine {
  CLI::App app{
      "adtrain: trains logistic regression through a dynamic-graph autodiff library.\n"
      "Without a subcommand it trains; see 'adtrain predict --help', "
      "'adtrain generate --help' and 'adtrain plot --help'.",
      "adtrain"};
  std::string config_file;
  TrainSettings train;
  PredictSettings predict;
  GenerateSettings generate;
  PlotSettings plot;
  CLI::App* predict_command = nullptr;
  CLI::App* generate_command = nullptr;
  CLI::App* plot_command = nullptr;
};

// The options bind to the settings inside, so it stays where it was made.
std::unique_ptr<CommandLine> make_command_line();

// Parses argv, runs the chosen command and returns the process exit status.
// Prints errors as one line "adtrain: error: ..." on stderr.
int run(int argc, char** argv);

}  // namespace adtrain::app
