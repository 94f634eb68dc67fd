// SIGINT and SIGTERM. While training, the first one asks the training loop
// to stop after the current epoch, so that the report of a long run is still
// written (status "interrupted"); a second one, or one at any other time,
// removes the temporary file being written and ends the process at once.
// Either way the exit status is 128 + the signal's number (130, 143).
#pragma once

#include <csignal>

namespace adtrain::app {

void install_signal_handlers();

// While set, the first signal only raises stop_requested().
void set_training(bool training);
const volatile std::sig_atomic_t* stop_requested();
// The signal that asked to stop, or 0.
int stopping_signal();

}  // namespace adtrain::app
