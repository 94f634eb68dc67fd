#include "score_spill.hpp"

#include <malloc.h>

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

#include <fmt/format.h>

namespace adtrain::app {

namespace {

// $TMPDIR when set and not empty, as mkstemp's callers conventionally do.
std::string temporary_folder() {
  const char* folder = std::getenv("TMPDIR");
  return folder != nullptr && *folder != '\0' ? folder : "/tmp";
}

}  // namespace

TemporaryRunFile::TemporaryRunFile() : folder_(temporary_folder()) {
}

TemporaryRunFile::~TemporaryRunFile() {
  if (fd_ >= 0) ::close(fd_);
}

void TemporaryRunFile::fail(const char* doing, int error) const {
  throw std::runtime_error(
      fmt::format("cannot {} a temporary file in {}: {}", doing, folder_, std::strerror(error)));
}

void TemporaryRunFile::append(std::span<const ml::ScorePair> run) {
  if (fd_ < 0) {
#ifdef O_TMPFILE
    fd_ = ::open(folder_.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
#endif
    // Not every file system has O_TMPFILE (EOPNOTSUPP, EISDIR on old
    // kernels): a named file, unlinked at once. A missing or read-only
    // folder fails here too, with its own errno.
    if (fd_ < 0) {
      std::string path = folder_ + "/adtrain-scores-XXXXXX";
      fd_ = ::mkostemp(path.data(), O_CLOEXEC);
      if (fd_ < 0) fail("create", errno);
      ::unlink(path.c_str());
    }
  }
  const std::uint64_t start = run_starts_.empty() ? 0 : run_starts_.back() + run_sizes_.back();
  // The pairs' bytes as they are: the file is read back by this process only.
  const char* bytes = reinterpret_cast<const char*>(run.data());
  std::size_t left = run.size_bytes();
  auto at = static_cast<off_t>(start * sizeof(ml::ScorePair));
  while (left > 0) {
    const ssize_t n = ::pwrite(fd_, bytes, left, at);
    if (n < 0 && errno == EINTR) continue;
    // A write that takes nothing is a full disk too.
    if (n <= 0) fail("write", n < 0 ? errno : ENOSPC);
    bytes += n;
    left -= static_cast<std::size_t>(n);
    at += n;
  }
  bytes_written_ += run.size_bytes();
  run_starts_.push_back(start);
  run_sizes_.push_back(run.size());
}

std::size_t TemporaryRunFile::read(std::size_t run, std::size_t offset,
                                   std::span<ml::ScorePair> into) {
  if (offset >= run_sizes_.at(run)) return 0;
  const std::size_t count =
      std::min<std::uint64_t>(into.size(), run_sizes_[run] - static_cast<std::uint64_t>(offset));
  char* bytes = reinterpret_cast<char*>(into.data());
  std::size_t left = count * sizeof(ml::ScorePair);
  auto at = static_cast<off_t>((run_starts_[run] + offset) * sizeof(ml::ScorePair));
  while (left > 0) {
    const ssize_t n = ::pread(fd_, bytes, left, at);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) fail("read", errno);
    if (n == 0) fail("read", EIO);  // shorter than written: someone truncated it
    bytes += n;
    left -= static_cast<std::size_t>(n);
    at += n;
  }
  return count;
}

StreamRanking::StreamRanking(std::size_t capacity)
    : accumulator_(capacity, file_),
      sink_([this](const arma::vec& logits, const arma::vec& labels) {
        if (!started_) {
          // The accumulator is about to take the room the epochs' shuffle
          // buffer had. That buffer's pages, freed, stay with malloc (they
          // are small and lie among other allocations), so without this the
          // process would hold both: 95 MB instead of 65 on 20,000,000 rows
          // under --memory-limit 64M.
          started_ = true;
          ::malloc_trim(0);
        }
        accumulator_.add(logits, labels);
      }) {
}

std::string StreamRanking::finish_into(ml::Evaluation& evaluation) {
  ml::set_ranking(evaluation, accumulator_.finish());
  return accumulator_.failure();
}

}  // namespace adtrain::app
