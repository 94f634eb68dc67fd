// Getting the training (and validation) data the settings ask for, with a
// description of where it came from for the report.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "adtrain/data.hpp"
#include "adtrain/ml.hpp"
#include "exit_status.hpp"
#include "settings.hpp"

namespace adtrain::app {

struct DataDescription {
  std::string source;  // file path, "-" (stdin) or "generated"
  std::size_t rows = 0;
  std::vector<std::string> feature_names;
  std::string label_column;
  std::array<std::string, 2> classes{"0", "1"};
  std::array<std::size_t, 2> class_counts{};
  std::optional<std::string> delimiter;  // for files: as detected or given
  std::optional<bool> header;            // for files: whether a header row was read
  std::size_t skipped_rows = 0;
};

struct TrainingData {
  // This process's rows: with several processes, whole blocks of
  // ml::rows_per_block rows, and *_share says which; the descriptions are of
  // the whole data set.
  ml::Dataset training;
  DataDescription training_description;
  ml::RowShare training_share;
  std::optional<ml::Dataset> validation;
  std::optional<DataDescription> validation_description;
  ml::RowShare validation_share;
  // Training rows each process holds (one entry per process).
  std::vector<std::size_t> training_rows_per_process;
};

// --data or --generate, then --validation-split or --test. Throws
// CommandError with the data (65) or input (66) status. With several
// processes (cluster.hpp) each reads only its share of each file, and a
// failure on any of them ends all of them.
TrainingData load_training_data(const TrainSettings& settings);

data::ReadOptions to_read_options(const ReadSettings& settings);

// Runs `read`, turning the reader's errors into CommandErrors with the data
// (65) or input (66) status.
template <class F>
auto reading(F&& read) {
  try {
    return read();
  } catch (const data::DataError& e) {
    throw CommandError(ExitStatus::bad_data, e.what());
  } catch (const data::InputError& e) {
    throw CommandError(ExitStatus::no_input, e.what());
  }
}

// Reads a labelled table; reader errors become CommandErrors.
data::LabeledTable read_table(const std::string& path, const data::ReadOptions& options);

// "adtrain: skipped N bad rows in SOURCE (--skip-bad-rows)" on stderr, with
// the first reasons, when any were skipped: every command says so.
void report_skipped_rows(std::size_t skipped, const std::vector<std::string>& reasons,
                         const std::string& source);

ml::Dataset to_dataset(data::LabeledTable&& table);
// A test file must have the training data's feature columns (65 otherwise).
void check_same_features(const std::vector<std::string>& names, const ml::Dataset& training,
                         const std::string& source);
DataDescription describe(const data::LabeledTable& table, const std::string& source);

}  // namespace adtrain::app
