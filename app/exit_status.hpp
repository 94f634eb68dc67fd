// Exit statuses of adtrain (sysexits.h numbering where one fits), and the
// error that carries one up to main().
#pragma once

#include <stdexcept>
#include <string>

namespace adtrain::app {

enum class ExitStatus : int {
  success = 0,
  diverged = 1,      // training stopped: the loss became NaN or infinite
  usage = 64,        // bad command line or configuration file
  bad_data = 65,     // input data (or a report read as a model) is malformed
  no_input = 66,     // an input file is missing or unreadable
  too_large = 69,    // the data would not fit in --memory-limit (use --stream)
  internal = 70,     // out of memory, or a bug
  cant_create = 73,  // an output file cannot be created
};

inline int code(ExitStatus status) {
  return static_cast<int>(status);
}

// An error the user can act on: main() prints "adtrain: error: <what>" and
// exits with `status`.
class CommandError : public std::runtime_error {
 public:
  CommandError(ExitStatus status, const std::string& message)
      : std::runtime_error(message), status_(status) {}
  ExitStatus status() const { return status_; }

 private:
  ExitStatus status_;
};

}  // namespace adtrain::app
