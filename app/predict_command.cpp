// adtrain predict: apply a saved model to a data file.
#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "adtrain/ad.hpp"
#include "adtrain/ml.hpp"
#include "commands.hpp"
#include "console.hpp"
#include "data_loading.hpp"
#include "exit_status.hpp"
#include "model_file.hpp"
#include "output_file.hpp"

namespace adtrain::app {

namespace {

// RFC 4180: quote a field that holds a separator, quote or line break.
std::string csv_field(const std::string& value) {
  if (value.find_first_of(",\"\r\n") == std::string::npos) return value;
  std::string quoted = "\"";
  for (char c : value) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

std::string join(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& name : names) out += (out.empty() ? "" : ",") + name;
  return out;
}

// A score metric for people: undefined ones (one class present) say so.
std::string metric_text(double value) {
  return std::isnan(value) ? std::string("undefined") : fmt::format("{:.6g}", value);
}

// The --id column first, then the --keep ones, each read once.
std::vector<std::string> copied_columns(const PredictSettings& settings) {
  std::vector<std::string> columns;
  if (!settings.id.empty()) columns.push_back(settings.id);
  for (const std::string& name : settings.keep) {
    if (std::find(columns.begin(), columns.end(), name) == columns.end()) columns.push_back(name);
  }
  return columns;
}

}  // namespace

int run_predict(const PredictSettings& settings) {
  // The predictions go to --out, or to standard output ("-" says so too).
  const OutputFile out = OutputFile::resolve("--out", settings.out.empty() ? "-" : settings.out);
  check_outputs_are_distinct({{"--model", settings.model}, {"--data", settings.data}}, {&out});
  if (out.is_standard_output()) messages_to_standard_error();
  ml::LogisticModel model = read_model(settings.model);
  if (settings.threshold) model.threshold = *settings.threshold;

  data::ReadOptions options = to_read_options(settings.read);
  options.features = model.feature_names;
  options.label = model.label_name;
  options.label_optional = true;
  // Labels mean what they meant in training, even in a file holding one class.
  options.known_classes = model.classes;
  options.text_columns = copied_columns(settings);
  const data::LabeledTable table = [&] {
    try {
      return read_table(settings.data, options);
    } catch (const data::UnknownColumnError& e) {
      // The command line names a column the file lacks: the user's words,
      // not the data, are wrong.
      const bool id = e.column() == settings.id;
      throw CommandError(ExitStatus::usage, fmt::format("{}: {}: {}", id ? "--id" : "--keep",
                                                        settings.data, e.what()));
    }
  }();
  // Where each copied column's text is in table.texts.
  const auto text_of = [&](const std::string& name) -> const std::vector<std::string>& {
    const auto slot = std::find(options.text_columns.begin(), options.text_columns.end(), name);
    return table.texts[static_cast<std::size_t>(slot - options.text_columns.begin())];
  };
  const std::vector<std::string>* id_texts = settings.id.empty() ? nullptr : &text_of(settings.id);
  std::vector<const std::vector<std::string>*> kept_texts;
  for (const std::string& name : settings.keep) kept_texts.push_back(&text_of(name));
  report_skipped_rows(table.skipped_rows, table.skipped_row_errors, settings.data);
  if (table.feature_names != model.feature_names) {
    throw CommandError(
        ExitStatus::bad_data,
        fmt::format("{}: columns {} do not match the model's features {}", settings.data,
                    join(table.feature_names), join(model.feature_names)));
  }

  const arma::vec logits = model.logits(table.features);
  const arma::vec predicted = model.classify(logits);
  const arma::vec probabilities = [&] {
    ad::NoGradGuard no_grad;
    return arma::vec(ad::sigmoid(ad::constant(logits)).value());
  }();
  std::string csv = id_texts ? csv_field(settings.id) + "," : std::string();
  csv += "row,probability,predicted";
  // Appended piece by piece: "," + csv_field(...) trips GCC 12's -Wrestrict.
  for (const std::string& name : settings.keep) csv.append(",").append(csv_field(name));
  csv += "\n";
  for (arma::uword i = 0; i < logits.n_elem; ++i) {
    // The row's data record number in the file, skipped rows counted, so
    // that predictions join back to the input even with --skip-bad-rows.
    const std::size_t row = i < table.record_numbers.size() ? table.record_numbers[i] : i + 1;
    if (id_texts) csv += csv_field((*id_texts)[i]) + ",";
    csv += fmt::format("{},{},{}", row, probabilities(i),
                       csv_field(model.classes[predicted(i) == 1.0 ? 1 : 0]));
    for (const std::vector<std::string>* texts : kept_texts) {
      csv.append(",").append(csv_field((*texts)[i]));
    }
    csv += "\n";
  }

  out.write(csv);
  if (!out.is_standard_output()) {
    say(fmt::format("wrote {} predictions to {}\n", logits.n_elem, settings.out));
  }
  if (!table.labels.is_empty()) {
    const ml::BinaryMetrics m = ml::evaluate_predictions(table.labels, predicted);
    say(fmt::format("accuracy {:.4f} ({} of {} correct)\n", m.accuracy, m.correct, m.total));
    // A logit that is NaN (features beyond what the model's arithmetic can
    // hold) ranks nowhere: the metrics are then undefined, not an error.
    const ml::ScoreMetrics scores =
        logits.has_nan() ? ml::ScoreMetrics{} : ml::score_metrics(logits, table.labels);
    say(fmt::format("log-loss {}, ROC AUC {}, average precision {}, Brier score {}\n",
                    metric_text(scores.log_loss), metric_text(scores.roc_auc),
                    metric_text(scores.average_precision), metric_text(scores.brier)));
  }
  return code(ExitStatus::success);
}

}  // namespace adtrain::app
