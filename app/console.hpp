// What adtrain prints while and after training.
#pragma once

#include <chrono>
#include <cstdio>
#include <string>
#include <string_view>

#include "adtrain/ml.hpp"

namespace adtrain::app {

// Writing to standard output and standard error without ever throwing or
// dying. A closed pipe (main ignores SIGPIPE), a full disk or a closed
// descriptor makes a write fail; that is remembered, never fatal, because
// the messages are a courtesy and the files written are the product.
void say(std::string_view text);       // messages: standard output, or standard error (below)
void complain(std::string_view text);  // standard error
void emit(std::string_view text);      // data written to standard output ("-" outputs)
// From now on say() writes to standard error: standard output carries data
// (a report, a picture or predictions written to "-").
void messages_to_standard_error();
// Whether anything written with say() was lost, flushing first. errno-like
// detail for the message: the error of the first failed write.
bool standard_output_failed();
// Flushes what say() has written when the last flush is over 100 ms old:
// standard output to a file or a pipe is written in blocks, so a tail -f or
// grep of a training log would otherwise see its epoch lines only when a
// block fills; a fast run still writes its thousands of lines in blocks.
void flush_messages_every_tenth_second();
std::string standard_output_error();

// "epoch  300/300  loss 0.227022  acc 0.9500  w [-5.755308, 5.845485, 6.359367]";
// for newton and lbfgs, "iter" lines that also show |grad f| (and newton's
// conjugate-gradient steps), against the iteration limit.
std::string format_epoch_line(const ml::EpochRecord& record, std::size_t total_epochs,
                              bool iterations = false);

// Total, correct, accuracy, precision, recall, F1 and the confusion matrix.
std::string format_summary(const std::string& title, const ml::BinaryMetrics& metrics);

// A live one-line status on stderr, only when both stdout and stderr are
// terminals and training has run for more than a second; redrawn at most
// ten times a second and erased before anything else is printed.
class Progress {
 public:
  explicit Progress(std::size_t total_epochs, bool iterations = false);
  ~Progress();
  void update(const ml::EpochRecord& record);
  // Erases the status line (call before printing to the terminal).
  void clear();

 private:
  std::size_t total_epochs_;
  const char* unit_;
  bool enabled_;
  bool shown_ = false;
  std::chrono::steady_clock::time_point started_;
  std::chrono::steady_clock::time_point last_drawn_;
};

}  // namespace adtrain::app
