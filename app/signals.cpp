#include "signals.hpp"

#include <unistd.h>

#include "output_file.hpp"

namespace adtrain::app {

namespace {

volatile std::sig_atomic_t training_now = 0;
volatile std::sig_atomic_t stop_flag = 0;
volatile std::sig_atomic_t stop_signal = 0;

// Only async-signal-safe calls: unlink (inside remove_temporary_files_now)
// and _exit.
extern "C" void on_signal(int number) {
  if (training_now && !stop_flag) {
    stop_flag = 1;
    stop_signal = number;
    return;
  }
  remove_temporary_files_now();
  ::_exit(128 + number);
}

}  // namespace

void install_signal_handlers() {
  struct sigaction action {};
  action.sa_handler = on_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0;  // no SA_RESTART: a blocked read returns and the run ends
  for (int number : {SIGINT, SIGTERM}) {
    // A signal ignored by whoever started us (nohup, a background job of a
    // script) stays ignored, as the convention is.
    struct sigaction previous {};
    ::sigaction(number, nullptr, &previous);
    if (previous.sa_handler != SIG_IGN) ::sigaction(number, &action, nullptr);
  }
}

void set_training(bool training) {
  training_now = training ? 1 : 0;
}

const volatile std::sig_atomic_t* stop_requested() {
  return &stop_flag;
}

int stopping_signal() {
  return stop_signal;
}

}  // namespace adtrain::app
