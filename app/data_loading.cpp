#include "data_loading.hpp"

#include <fmt/core.h>

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

}  // namespace

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
  try {
    return data::read_labeled_table(path, options);
  } catch (const data::DataError& e) {
    throw CommandError(ExitStatus::bad_data, e.what());
  } catch (const data::InputError& e) {
    throw CommandError(ExitStatus::no_input, e.what());
  }
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
    if (table.feature_names != result.training.feature_names) {
      std::string expected, found;
      for (const auto& name : result.training.feature_names)
        expected += (expected.empty() ? "" : ",") + name;
      for (const auto& name : table.feature_names) found += (found.empty() ? "" : ",") + name;
      throw CommandError(ExitStatus::bad_data,
                         settings.test +
                             ": feature columns differ from the training data (expected " +
                             expected + ", found " + found + ")");
    }
    result.validation_description = describe(table, settings.test);
    result.validation = to_dataset(std::move(table));
  }
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
