#include <csignal>

#include "cli.hpp"

int main(int argc, char** argv) {
  // A reader that goes away (adtrain ... | head) must not kill a run before
  // it writes its report: writes to the closed pipe fail with EPIPE instead,
  // and console.hpp carries on without them.
  std::signal(SIGPIPE, SIG_IGN);
  return adtrain::app::run(argc, argv);
}
