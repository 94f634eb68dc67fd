#include "console.hpp"

#include <fmt/core.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>

namespace adtrain::app {

namespace {

constexpr std::size_t max_weights_shown = 10;

int first_stdout_error = 0;  // errno of the first failed write, 0: none

void write_all(std::FILE* stream, std::string_view text, int* error) {
  if (text.empty()) return;
  errno = 0;
  if (std::fwrite(text.data(), 1, text.size(), stream) != text.size() || std::ferror(stream)) {
    if (error && *error == 0) *error = errno == 0 ? EIO : errno;
    std::clearerr(stream);
  }
}

std::string format_weights(const arma::vec& w) {
  std::string out = "[";
  const std::size_t shown = std::min<std::size_t>(w.n_elem, max_weights_shown);
  for (std::size_t i = 0; i < shown; ++i) out += fmt::format("{}{:.6f}", i ? ", " : "", w(i));
  if (w.n_elem > shown) out += fmt::format(", ... ({} more)", w.n_elem - shown);
  return out + "]";
}

}  // namespace

bool messages_on_stderr = false;

void say(std::string_view text) {
  if (messages_on_stderr) {
    complain(text);
  } else {
    write_all(stdout, text, &first_stdout_error);
  }
}

void emit(std::string_view text) {
  write_all(stdout, text, &first_stdout_error);
}

void messages_to_standard_error() {
  messages_on_stderr = true;
}

void complain(std::string_view text) {
  // Our own output first, so the two streams interleave as they were written.
  if (std::fflush(stdout) != 0 && first_stdout_error == 0) first_stdout_error = errno;
  write_all(stderr, text, nullptr);
}

bool standard_output_failed() {
  errno = 0;
  if (std::fflush(stdout) != 0 && first_stdout_error == 0) first_stdout_error = errno ? errno : EIO;
  std::clearerr(stdout);
  return first_stdout_error != 0;
}

void flush_messages_every_tenth_second() {
  static auto last_flush = std::chrono::steady_clock::time_point{};
  const auto now = std::chrono::steady_clock::now();
  if (now - last_flush < std::chrono::milliseconds(100)) return;
  last_flush = now;
  // Messages on stderr (unbuffered) need nothing.
  if (messages_on_stderr) return;
  errno = 0;
  if (std::fflush(stdout) != 0 && first_stdout_error == 0) first_stdout_error = errno ? errno : EIO;
  std::clearerr(stdout);
}

std::string standard_output_error() {
  return first_stdout_error == 0 ? std::string() : std::strerror(first_stdout_error);
}

std::string format_epoch_line(const ml::EpochRecord& r, std::size_t total_epochs, bool iterations) {
  const int width = static_cast<int>(std::to_string(total_epochs).size());
  std::string line =
      fmt::format("{} {:>{}}/{}  loss {:.6f}  acc {:.4f}", iterations ? "iter " : "epoch", r.epoch,
                  width + 1, total_epochs, r.loss, r.accuracy);
  if (iterations) line += fmt::format("  |g| {:.3e}", r.grad_norm);
  if (r.cg_iterations) line += fmt::format("  cg {}", *r.cg_iterations);
  if (r.validation_loss) line += fmt::format("  val_loss {:.6f}", *r.validation_loss);
  if (r.validation_accuracy) line += fmt::format("  val_acc {:.4f}", *r.validation_accuracy);
  return line + "  w " + format_weights(r.weights);
}

std::string format_summary(const std::string& title, const ml::BinaryMetrics& m) {
  std::string out = fmt::format("{}\n", title);
  out += fmt::format("  total {}  correct {}  accuracy {:.4f}\n", m.total, m.correct, m.accuracy);
  out += fmt::format("  precision {:.4f}  recall {:.4f}  f1 {:.4f}\n", m.precision, m.recall, m.f1);
  const std::size_t cell = std::max<std::size_t>(11, std::to_string(m.total).size());
  out += fmt::format("  confusion   {:>{}}  {:>{}}\n", "predicted 0", cell, "predicted 1", cell);
  out += fmt::format("  actual 0    {:>{}}  {:>{}}\n", m.true_negatives, cell, m.false_positives,
                     cell);
  out += fmt::format("  actual 1    {:>{}}  {:>{}}\n", m.false_negatives, cell, m.true_positives,
                     cell);
  return out;
}

Progress::Progress(std::size_t total_epochs, bool iterations)
    : total_epochs_(total_epochs),
      unit_(iterations ? "iteration" : "epoch"),
      enabled_(::isatty(STDOUT_FILENO) == 1 && ::isatty(STDERR_FILENO) == 1),
      started_(std::chrono::steady_clock::now()),
      last_drawn_(started_) {
}

Progress::~Progress() {
  clear();
}

void Progress::update(const ml::EpochRecord& record) {
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  if (now - started_ < std::chrono::seconds(1)) return;
  if (shown_ && now - last_drawn_ < std::chrono::milliseconds(100)) return;
  last_drawn_ = now;
  const double elapsed = std::chrono::duration<double>(now - started_).count();
  const double per_epoch = elapsed / static_cast<double>(record.epoch);
  const double remaining = per_epoch * static_cast<double>(total_epochs_ - record.epoch);
  complain(fmt::format(
      "\r\033[Ktraining: {} {}/{}  loss {:.6f}  acc {:.4f}  {:.0f}s elapsed, ~{:.0f}s left", unit_,
      record.epoch, total_epochs_, record.loss, record.accuracy, elapsed, remaining));
  shown_ = true;
}

void Progress::clear() {
  if (!shown_) return;
  complain("\r\033[K");
  shown_ = false;
}

}  // namespace adtrain::app
