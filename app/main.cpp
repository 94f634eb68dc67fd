#include <csignal>

#include "cli.hpp"
#include "cluster.hpp"
#include "signals.hpp"

int main(int argc, char** argv) {
  // A reader that goes away (adtrain ... | head) must not kill a run before
  // it writes its report: writes to the closed pipe fail with EPIPE instead,
  // and console.hpp carries on without them.
  std::signal(SIGPIPE, SIG_IGN);
  adtrain::app::install_signal_handlers();
  return adtrain::app::run_on_cluster(argc, argv, adtrain::app::run);
}
