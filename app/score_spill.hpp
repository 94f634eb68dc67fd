// The ranking metrics of a streamed run: its final pass's (logit, label)
// pairs sorted within the memory the stream's budget leaves, and beyond it
// in sorted runs kept in an anonymous temporary file, merged at the end
// (ml::RankingAccumulator). 16 bytes of disk a row, only once the pairs
// outgrow memory.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "adtrain/ml.hpp"

namespace adtrain::app {

// Runs kept in a file in $TMPDIR (or /tmp) that has no name: created with
// O_TMPFILE, or named and unlinked at once where the file system cannot do
// that, so that nothing is left behind, even after a crash. Created on the
// first run. Failures throw std::runtime_error naming the folder and the
// errno text (a full disk: "No space left on device").
class TemporaryRunFile final : public ml::RunStore {
 public:
  TemporaryRunFile();
  ~TemporaryRunFile() override;
  TemporaryRunFile(const TemporaryRunFile&) = delete;
  TemporaryRunFile& operator=(const TemporaryRunFile&) = delete;

  void append(std::span<const ml::ScorePair> run) override;
  std::size_t read(std::size_t run, std::size_t offset, std::span<ml::ScorePair> into) override;

  std::uint64_t bytes_written() const { return bytes_written_; }

 private:
  [[noreturn]] void fail(const char* doing, int error) const;

  std::string folder_;
  int fd_ = -1;
  std::uint64_t bytes_written_ = 0;
  std::vector<std::uint64_t> run_starts_;  // in pairs
  std::vector<std::uint64_t> run_sizes_;
};

// One evaluation's ranking over a pass: a sink for the pass, then the two
// metrics. Not movable (the sink refers to it).
class StreamRanking {
 public:
  // `capacity`: pairs held in memory (StreamBudget::score_pairs).
  explicit StreamRanking(std::size_t capacity);
  StreamRanking(const StreamRanking&) = delete;
  StreamRanking& operator=(const StreamRanking&) = delete;

  const ml::BlockScores* sink() const { return &sink_; }
  // Puts roc_auc and average_precision in `evaluation` (NaN when the
  // temporary file failed); returns why it failed, or empty.
  std::string finish_into(ml::Evaluation& evaluation);

 private:
  TemporaryRunFile file_;
  ml::RankingAccumulator accumulator_;
  ml::BlockScores sink_;
  bool started_ = false;  // the sink has had its first block
};

}  // namespace adtrain::app
