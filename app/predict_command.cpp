// adtrain predict: apply a saved model to a data file.
#include <fmt/core.h>

#include <cstdio>

#include "adtrain/ad.hpp"
#include "adtrain/ml/metrics.hpp"
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

}  // namespace

int run_predict(const PredictSettings& settings) {
  // The predictions go to --out, or to standard output ("-" says so too).
  const OutputFile out = OutputFile::resolve("--out", settings.out.empty() ? "-" : settings.out);
  check_outputs_are_distinct({{"--model", settings.model}, {"--data", settings.data}}, {&out});
  if (out.is_standard_output()) messages_to_standard_error();
  const ml::LogisticModel model = read_model(settings.model);

  data::ReadOptions options = to_read_options(settings.read);
  options.features = model.feature_names;
  options.label = model.label_name;
  options.label_optional = true;
  // Labels mean what they meant in training, even in a file holding one class.
  options.known_classes = model.classes;
  const data::LabeledTable table = read_table(settings.data, options);
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
  std::string csv = "row,probability,predicted\n";
  for (arma::uword i = 0; i < logits.n_elem; ++i) {
    // The row's data record number in the file, skipped rows counted, so
    // that predictions join back to the input even with --skip-bad-rows.
    const std::size_t row = i < table.record_numbers.size() ? table.record_numbers[i] : i + 1;
    csv += fmt::format("{},{},{}\n", row, probabilities(i),
                       csv_field(model.classes[predicted(i) == 1.0 ? 1 : 0]));
  }

  out.write(csv);
  if (!out.is_standard_output()) {
    say(fmt::format("wrote {} predictions to {}\n", logits.n_elem, settings.out));
  }
  if (!table.labels.is_empty()) {
    const ml::BinaryMetrics m = ml::evaluate_predictions(table.labels, predicted);
    say(fmt::format("accuracy {:.4f} ({} of {} correct)\n", m.accuracy, m.correct, m.total));
  }
  return code(ExitStatus::success);
}

}  // namespace adtrain::app
