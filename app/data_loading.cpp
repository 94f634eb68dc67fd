#include "data_loading.hpp"

#include <fmt/core.h>

#include "cluster.hpp"
#include "console.hpp"
#include "exit_status.hpp"

namespace adtrain::app {

namespace {

DataDescription describe_dataset(const ml::Dataset& data, std::string source) {
  DataDescription d;
  d.source = std::move(source);
  d.rows = data.rows();
  d.feature_names = data.feature_names;
  d.label_column = data.label_name;
  d.classes = data.classes;
  d.class_counts = data.class_counts();
  return d;
}

// The rows [first, last) of `data`.
ml::Dataset rows_of(const ml::Dataset& data, std::size_t first, std::size_t last) {
  std::vector<arma::uword> rows(last - first);
  for (std::size_t i = 0; i < rows.size(); ++i) rows[i] = first + i;
  return ml::select_rows(data, rows);
}

// The description of a data set split among processes, from this one's
// share: rows and class counts summed over all of them.
DataDescription describe_shared(const ml::Dataset& share, std::string source, const Cluster& c) {
  DataDescription d = describe_dataset(share, std::move(source));
  d.rows = 0;
  for (std::size_t rows : c.all_gather_sizes(share.rows())) d.rows += rows;
  d.class_counts[1] = 0;
  for (std::size_t positives : c.all_gather_sizes(share.class_counts()[1])) {
    d.class_counts[1] += positives;
  }
  d.class_counts[0] = d.rows - d.class_counts[1];
  return d;
}

// This process's share of a file read by every process, each reading only
// its own byte range (lib/data's "one file read by several processes", step
// by step, with the collectives between the steps). A failure on any process
// ends all of them with the first failure in the file.
struct SharedTable {
  data::LabeledTable table;
  std::size_t first_row = 0;   // of this share's rows among the file's kept rows
  std::size_t total_rows = 0;  // kept rows in the whole file
  DataDescription description;
};

SharedTable read_shared_table(const std::string& path, const data::ReadOptions& options,
                              const Cluster& c) {
  data::TableLayout layout;
  data::ShareText text;
  c.all_or_none([&] {
    reading([&] {
      layout = data::detect_layout(path, options);
      text = data::read_range(path, data::record_range(path, c.rank(), c.processes()));
      return 0;
    });
  });
  const std::size_t lines_before = c.exclusive_prefix_sum(text.line_ends);

  // An encoding problem anywhere comes first, as when one process reads the
  // whole file: only the lowest process that has one reports.
  std::optional<std::size_t> first_encoding_problem;
  const std::vector<std::size_t> problems = c.all_gather_sizes(text.encoding_problem ? 1 : 0);
  for (std::size_t r = 0; r < problems.size() && !first_encoding_problem; ++r) {
    if (problems[r] != 0) first_encoding_problem = r;
  }
  SharedTable result;
  c.all_or_none([&] {
    if (first_encoding_problem && *first_encoding_problem != c.rank()) return;
    result.table =
        reading([&] { return data::parse_share(text, path, options, layout, lines_before); });
  });
  text = {};  // the bytes are parsed: give the memory back
  data::LabeledTable& table = result.table;

  const std::vector<std::size_t> rows = c.all_gather_sizes(table.features.n_rows);
  const std::vector<std::size_t> skipped = c.all_gather_sizes(table.skipped_rows);
  const std::vector<std::string> first_skipped = c.all_gather_strings(
      table.skipped_row_errors.empty() ? "" : table.skipped_row_errors.front());
  std::size_t total_skipped = 0;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    if (r < c.rank()) result.first_row += rows[r];
    result.total_rows += rows[r];
    total_skipped += skipped[r];
  }
  // The classes of every share, in process order.
  const data::ShareClasses mine = data::classes_of_share(table);
  std::vector<data::ShareClasses> shares(c.processes());
  for (std::size_t k = 0; k < 2; ++k) {
    const auto spellings = c.all_gather_strings(mine.spellings[k]);
    const auto counts = c.all_gather_sizes(mine.counts[k]);
    const auto seen = c.all_gather_sizes(mine.first_seen[k] ? 1 : 0);
    const auto lines = c.all_gather_sizes(mine.first_seen[k] ? mine.first_seen[k]->line : 0);
    const auto columns = c.all_gather_sizes(mine.first_seen[k] ? mine.first_seen[k]->column : 0);
    for (std::size_t r = 0; r < c.processes(); ++r) {
      shares[r].spellings[k] = spellings[r];
      shares[r].counts[k] = counts[r];
      if (seen[r] != 0) shares[r].first_seen[k] = data::TextLocation{lines[r], columns[r]};
    }
  }
  // The same numbers everywhere: these fail alike on every process.
  c.all_or_none([&] {
    reading([&] {
      if (result.total_rows == 0) {
        std::string first_error;
        for (const std::string& e : first_skipped) {
          if (first_error.empty()) first_error = e;
        }
        throw data::no_rows_error(path, layout, total_skipped, first_error);
      }
      if (!options.label_optional) {
        data::adopt_classes(table, data::agree_classes(shares, path, options, table.label_name));
      }
      return 0;
    });
  });
  result.description = describe(table, path);
  result.description.rows = result.total_rows;
  result.description.skipped_rows = total_skipped;
  result.description.class_counts = {0, 0};
  for (std::size_t k = 0; k < 2; ++k) {
    for (std::size_t n : c.all_gather_sizes(table.class_counts[k]))
      result.description.class_counts[k] += n;
  }
  return result;
}

// With several processes: each holds whole blocks of rows, as evenly as the
// blocks allow (what the objective's exact sums need), after reading or
// generating whatever share it was given.
TrainingData load_shared(const TrainSettings& settings, const Cluster& c) {
  TrainingData result;
  ml::Dataset local;
  std::size_t first_row = 0, total_rows = 0;
  if (settings.data.empty()) {
    // Every process generates the whole set (it is cheap and the same
    // everywhere) and keeps its own rows.
    const ml::Dataset all = ml::generate_seed_data(settings.generate, settings.seed);
    total_rows = all.rows();
    const std::vector<std::size_t> shares = block_aligned_shares(total_rows, c.processes());
    first_row = shares[c.rank()];
    local = rows_of(all, first_row, shares[c.rank() + 1]);
    result.training_description = describe_dataset(all, "generated");
  } else {
    SharedTable shared = read_shared_table(settings.data, to_read_options(settings.read), c);
    first_row = shared.first_row;
    total_rows = shared.total_rows;
    result.training_description = std::move(shared.description);
    local = to_dataset(std::move(shared.table));
  }

  auto place = [&](ml::Dataset rows, std::size_t first, std::size_t total, ml::RowShare& share) {
    const std::vector<std::size_t> targets = block_aligned_shares(total, c.processes());
    share = {.first_row = targets[c.rank()], .total_rows = total};
    return c.rebalance_rows(std::move(rows), first, targets);
  };
  if (settings.validation_split > 0.0) {
    ml::ValidationShare split;
    c.all_or_none([&] {
      try {
        split = ml::split_validation_share(local, first_row, total_rows, settings.validation_split,
                                           settings.seed);
      } catch (const std::invalid_argument& e) {
        throw CommandError(ExitStatus::usage, std::string("--validation-split: ") + e.what());
      }
    });
    const DataDescription whole = result.training_description;
    result.training = place(std::move(split.training), split.training_first_row,
                            split.training_rows, result.training_share);
    result.validation = place(std::move(split.validation), split.validation_first_row,
                              split.validation_rows, result.validation_share);
    result.training_description = describe_shared(result.training, whole.source, c);
    result.training_description.delimiter = whole.delimiter;
    result.training_description.header = whole.header;
    result.training_description.skipped_rows = whole.skipped_rows;
    result.validation_description =
        describe_shared(*result.validation, whole.source + " (validation split)", c);
  } else {
    result.training = place(std::move(local), first_row, total_rows, result.training_share);
    if (!settings.test.empty()) {
      // The training file's reading rules and classes, as with one process.
      data::ReadOptions options = to_read_options(settings.read);
      options.known_classes = result.training.classes;
      SharedTable test = read_shared_table(settings.test, options, c);
      c.all_or_none(
          [&] { check_same_features(test.table.feature_names, result.training, settings.test); });
      result.validation_description = std::move(test.description);
      result.validation = place(to_dataset(std::move(test.table)), test.first_row, test.total_rows,
                                result.validation_share);
    }
  }
  result.training_rows_per_process = c.all_gather_sizes(result.training.rows());
  return result;
}

}  // namespace

void check_same_features(const std::vector<std::string>& names, const ml::Dataset& training,
                         const std::string& source) {
  if (names == training.feature_names) return;
  std::string expected, found;
  for (const auto& name : training.feature_names) expected += (expected.empty() ? "" : ",") + name;
  for (const auto& name : names) found += (found.empty() ? "" : ",") + name;
  throw CommandError(ExitStatus::bad_data, source +
                                               ": feature columns differ from the training data "
                                               "(expected " +
                                               expected + ", found " + found + ")");
}

data::ReadOptions to_read_options(const ReadSettings& settings) {
  data::ReadOptions options;
  options.delimiter = settings.delimiter;
  options.header = settings.header;
  if (!settings.label.empty()) options.label = settings.label;
  options.features = settings.features;
  if (!settings.positive.empty()) options.positive = settings.positive;
  options.skip_bad_rows = settings.skip_bad_rows;
  if (!settings.comment.empty()) options.comment = settings.comment.front();
  return options;
}

data::LabeledTable read_table(const std::string& path, const data::ReadOptions& options) {
  return reading([&] { return data::read_labeled_table(path, options); });
}

ml::Dataset to_dataset(data::LabeledTable&& table) {
  ml::Dataset data;
  data.features = std::move(table.features);
  data.labels = std::move(table.labels);
  data.feature_names = std::move(table.feature_names);
  data.label_name = std::move(table.label_name);
  data.classes = std::move(table.classes);
  return data;
}

DataDescription describe(const data::LabeledTable& table, const std::string& source) {
  DataDescription d;
  d.source = source;
  d.rows = table.features.n_rows;
  d.feature_names = table.feature_names;
  d.label_column = table.label_name;
  d.classes = table.classes;
  d.class_counts = table.class_counts;
  d.delimiter = std::string(data::to_string(table.delimiter));
  d.header = table.has_header;
  d.skipped_rows = table.skipped_rows;
  return d;
}

TrainingData load_training_data(const TrainSettings& settings) {
  if (cluster().processes() > 1) return load_shared(settings, cluster());
  TrainingData result;
  if (settings.data.empty()) {
    result.training = ml::generate_seed_data(settings.generate, settings.seed);
    result.training_description = describe_dataset(result.training, "generated");
  } else {
    const data::ReadOptions options = to_read_options(settings.read);
    data::LabeledTable table = read_table(settings.data, options);
    result.training_description = describe(table, settings.data);
    result.training = to_dataset(std::move(table));
  }

  if (settings.validation_split > 0.0) {
    try {
      auto [training, validation] =
          ml::split_validation(result.training, settings.validation_split, settings.seed);
      result.training = std::move(training);
      result.validation = std::move(validation);
    } catch (const std::invalid_argument& e) {
      throw CommandError(ExitStatus::usage, std::string("--validation-split: ") + e.what());
    }
    DataDescription whole = result.training_description;
    result.training_description = describe_dataset(result.training, whole.source);
    result.training_description.delimiter = whole.delimiter;
    result.training_description.header = whole.header;
    result.training_description.skipped_rows = whole.skipped_rows;
    result.validation_description =
        describe_dataset(*result.validation, whole.source + " (validation split)");
  } else if (!settings.test.empty()) {
    // The same reading rules as the training file, and its classes, so that
    // labels mean the same thing (a test file may hold only one class).
    data::ReadOptions options = to_read_options(settings.read);
    options.known_classes = result.training.classes;
    data::LabeledTable table = read_table(settings.test, options);
    check_same_features(table.feature_names, result.training, settings.test);
    result.validation_description = describe(table, settings.test);
    result.validation = to_dataset(std::move(table));
  }
  result.training_rows_per_process = {result.training.rows()};
  return result;
}

void report_skipped_rows(std::size_t skipped, const std::vector<std::string>& reasons,
                         const std::string& source) {
  if (skipped == 0) return;
  complain(fmt::format("adtrain: skipped {} bad row{} in {} (--skip-bad-rows)\n", skipped,
                       skipped == 1 ? "" : "s", source));
  for (const std::string& reason : reasons) complain("adtrain:   " + reason + "\n");
}

}  // namespace adtrain::app
