// The command line: declares every option, parses, and runs the command.
#pragma once

namespace adtrain::app {

// Parses argv, runs the chosen command and returns the process exit status.
// Prints errors as one line "adtrain: error: ..." on stderr.
int run(int argc, char** argv);

}  // namespace adtrain::app
