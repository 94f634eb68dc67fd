// --stream: the data read from its file pass after pass in bounded memory,
// never held whole. A first pass finds the classes, counts the rows, finds
// bad rows and takes the standardisation's statistics, before any training;
// every later pass hands the rows to the objective and the optimizers as an
// ml::RowSource. A reading thread parses the next chunk while the current
// one is trained on.
#pragma once

#include <csignal>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "adtrain/data.hpp"
#include "adtrain/ml.hpp"
#include "data_loading.hpp"
#include "settings.hpp"

namespace adtrain::app {

// The default --memory-limit: half of the machine's physical memory, or of
// this process's cgroup memory.max or RLIMIT_AS when that is lower.
std::uint64_t default_memory_limit();

// Bytes a plain (not streamed) run holds for this file at its peak,
// estimated from its size and first records: the text, the table, the design
// blocks and the labels, and `row_vectors` more values per row that
// training keeps (training_row_vectors). nullopt for standard input and
// other non-files.
std::optional<std::uint64_t> estimated_in_memory_bytes(const std::string& path,
                                                       const ReadSettings& read,
                                                       std::uint64_t row_vectors);
// How many values per training row the optimizer holds besides the data:
// the pass's logits, residuals and weights (3); a mini-batch epoch's order
// (+1); Newton's Hessian operator, which keeps each block's recorded graph
// for its products (+7). Measured on 2,000,000 rows (README, "Files larger
// than memory").
std::uint64_t training_row_vectors(const OptimizationSettings& optimization);

// How a streamed run splits its --memory-limit.
struct StreamBudget {
  std::uint64_t memory_limit = 0;
  std::size_t chunk_bytes = 0;          // text read at a time (two chunks are in flight)
  std::size_t shuffle_buffer_rows = 0;  // 0: no shuffling
  bool shuffle_buffer_given = false;    // --shuffle-buffer, not what the limit leaves
  // (logit, label) pairs the final evaluation's ranking holds in memory
  // (16 bytes each; more go to a temporary file, score_spill.hpp): the room
  // the shuffle buffer has during the epochs, free again by the final pass.
  std::size_t score_pairs = 0;
};

// What the passes did, for the report.
struct StreamFigures {
  std::size_t passes = 0;        // first pass included
  std::uint64_t bytes_read = 0;  // over every pass, every file
  std::uint64_t file_bytes = 0;  // of --data
};

class StreamedData {
 public:
  // The first pass over --data (and over --test, when given). Throws
  // CommandError: 65 for bad data (the file's line and column), 66 when it
  // cannot be read, 64 for what a stream cannot do.
  explicit StreamedData(const TrainSettings& settings);
  ~StreamedData();
  StreamedData(const StreamedData&) = delete;
  StreamedData& operator=(const StreamedData&) = delete;

  // Descriptions, names and classes; the datasets hold no rows (0 x features).
  const TrainingData& data() const { return data_; }
  // With --standardize: the training rows' statistics, from the first pass.
  const std::optional<ml::Standardization>& standardization() const { return standardization_; }
  const StreamBudget& budget() const { return budget_; }
  StreamFigures figures() const;

  // The objectives over the passes to come: design rows z-scored by the
  // statistics above (when taken) after a bias column when `bias`.
  ml::LogisticObjective training_objective(const ml::Regularization& regularization) const;
  std::optional<ml::LogisticObjective> validation_objective(
      const ml::Regularization& regularization) const;

  // Standard input: read once, with no first pass; the descriptions and
  // classes are complete only after training (data() follows the pass).
  bool read_once() const;

  // Training passes end early (within a chunk) once this is raised.
  void set_stop_flag(const volatile std::sig_atomic_t* flag);

 private:
  struct Impl;
  void open_standard_input(const TrainSettings& settings, const data::ReadOptions& options);

  std::unique_ptr<Impl> impl_;
  TrainingData data_;
  std::optional<ml::Standardization> standardization_;
  StreamBudget budget_;
};

}  // namespace adtrain::app
