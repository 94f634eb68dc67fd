#include "cli.hpp"

#include <fmt/core.h>
#include <CLI/CLI.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <initializer_list>
#include <limits>
#include <map>
#include <new>
#include <string>

#include "cluster.hpp"
#include "commands.hpp"
#include "config_file.hpp"
#include "console.hpp"
#include "exit_status.hpp"
#include "settings.hpp"
#include "version.hpp"

#ifdef ADTRAIN_HAVE_MPI
#include "adtrain/mpi.hpp"
#endif

namespace adtrain::app {

namespace {

constexpr const char* exit_status_help =
    "Exit statuses:\n"
    "  0   success\n"
    "  1   training diverged (loss or weights became NaN or infinite); the report is still "
    "written\n"
    "  64  bad command line or configuration file\n"
    "  65  bad input data, or a report that is not a usable model\n"
    "  66  an input file is missing or unreadable\n"
    "  69  the data would not fit in --memory-limit held in memory (train it with --stream)\n"
    "  70  internal error (out of memory, or a bug)\n"
    "  73  an output cannot be written (missing or read-only folder or file, full disk)\n"
    "  130 interrupted by SIGINT (143: SIGTERM); while training, the report is still written\n";

// The words an enum option accepts, spelled by the enum's own to_string, so
// that the command line, config files and the report always agree.
template <class Enum>
std::map<std::string, Enum> words(std::initializer_list<Enum> values) {
  std::map<std::string, Enum> map;
  for (Enum value : values) map.emplace(std::string(to_string(value)), value);
  return map;
}

// The option takes one of the words and stores the enum it names; anything
// else is a usage error that lists the words.
template <class Enum>
CLI::Option* add_enum_option(CLI::App& command, const std::string& name, Enum& value,
                             std::initializer_list<Enum> values, const std::string& help) {
  const std::map<std::string, Enum> map = words(values);
  return command
      .add_option_function<std::string>(
          name, [&value, map](const std::string& word) { value = map.at(word); }, help)
      ->check(CLI::IsMember(map))
      ->default_str(std::string(to_string(value)));
}

const std::initializer_list<data::Delimiter> all_delimiters = {
    data::Delimiter::automatic, data::Delimiter::comma, data::Delimiter::semicolon,
    data::Delimiter::tab, data::Delimiter::whitespace};
const std::initializer_list<data::HeaderMode> all_header_modes = {
    data::HeaderMode::automatic, data::HeaderMode::present, data::HeaderMode::absent};

// A finite number within [low, high], either end open when asked. CLI11's
// NonNegativeNumber and Range let NaN through: every comparison with NaN is
// false.
CLI::Validator finite_between(double low, double high, bool open_low = false,
                              bool open_high = false) {
  const std::string range = fmt::format("{}{}, {}{}", open_low ? "(" : "[", low,
                                        std::isinf(high) ? "inf" : fmt::format("{}", high),
                                        open_high || std::isinf(high) ? ")" : "]");
  return CLI::Validator(
      [=](std::string& text) -> std::string {
        double value = 0.0;
        if (!CLI::detail::lexical_cast(text, value)) return "must be a number, got '" + text + "'";
        if (!std::isfinite(value)) return "must be a finite number, got " + text;
        const bool below = open_low ? value <= low : value < low;
        const bool above = open_high ? value >= high : value > high;
        if (below || above) return "must lie in " + range + ", got " + text;
        return {};
      },
      "NUMBER in " + range);
}

// A whole number written in decimal digits, within [low, high]. CLI11 on
// its own reads "010" as octal, takes "0x10", wraps "-1" around and reads
// "" as 0; this rewrites the value to plain decimal before CLI11 sees it.
CLI::Validator decimal_integer(std::uint64_t low, std::uint64_t high) {
  return CLI::Validator(
      [=](std::string& text) -> std::string {
        const auto first = text.find_first_not_of(" \t");
        const auto last = text.find_last_not_of(" \t");
        const std::string digits =
            first == std::string::npos ? std::string() : text.substr(first, last - first + 1);
        const bool decimal =
            !digits.empty() &&
            std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; });
        std::uint64_t value = 0;
        const auto [end, error] =
            decimal ? std::from_chars(digits.data(), digits.data() + digits.size(), value)
                    : std::from_chars_result{nullptr, std::errc::invalid_argument};
        if (!decimal || error == std::errc::invalid_argument ||
            end != digits.data() + digits.size()) {
          return fmt::format("must be a whole number from {} to {} in decimal digits, got '{}'",
                             low, high, text);
        }
        if (error == std::errc::result_out_of_range || value < low || value > high) {
          return fmt::format("must be a whole number from {} to {}, got {}", low, high, digits);
        }
        text = std::to_string(value);
        return {};
      },
      fmt::format("INTEGER in [{}, {}]", low, high));
}

// A path option given as "" would otherwise be taken for "not given".
const CLI::Validator path_given(
    [](std::string& text) -> std::string {
      return text.empty() ? "must name a file, got an empty path" : std::string();
    },
    "PATH");

// A size in bytes: a number with an optional binary multiple, K, M, G or T
// (KiB...; "KB", "MiB" and lower case are read alike), e.g. 512M, 1.5G.
CLI::Validator byte_size() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        std::size_t digits = 0;
        while (digits < text.size() &&
               (std::isdigit(static_cast<unsigned char>(text[digits])) || text[digits] == '.')) {
          ++digits;
        }
        double number = 0.0;
        const auto [end, error] = std::from_chars(text.data(), text.data() + digits, number);
        std::string unit = text.substr(digits);
        std::transform(unit.begin(), unit.end(), unit.begin(),
                       [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
        static const std::map<std::string, double> units = {
            {"", 1.0},       {"B", 1.0},     {"K", 0x1p10},   {"KB", 0x1p10}, {"KIB", 0x1p10},
            {"M", 0x1p20},   {"MB", 0x1p20}, {"MIB", 0x1p20}, {"G", 0x1p30},  {"GB", 0x1p30},
            {"GIB", 0x1p30}, {"T", 0x1p40},  {"TB", 0x1p40},  {"TIB", 0x1p40}};
        const auto multiple = units.find(unit);
        if (digits == 0 || error != std::errc() || end != text.data() + digits ||
            multiple == units.end() || !(number * multiple->second >= 1.0) ||
            number * multiple->second > 0x1p62) {
          return "must be a size such as 512M, 2G or 1048576 (bytes), got '" + text + "'";
        }
        text = std::to_string(static_cast<std::uint64_t>(number * multiple->second));
        return {};
      },
      "SIZE");
}

CLI::Validator finite_at_least(double low, bool inclusive = true) {
  return finite_between(low, std::numeric_limits<double>::infinity(), !inclusive);
}

// Column names given as A,B or as --features A --features B: a comma
// separates names unless escaped as \, (and \\ is a backslash), so that a
// column named "a, first" can be chosen as --features 'a\, first'.
std::vector<std::string> split_names(const std::string& option,
                                     const std::vector<std::string>& values) {
  std::vector<std::string> names;
  for (const std::string& value : values) {
    std::string name;
    for (std::size_t i = 0; i < value.size(); ++i) {
      if (value[i] == '\\' && i + 1 < value.size()) {
        name += value[++i];
      } else if (value[i] == ',') {
        names.push_back(std::move(name));
        name.clear();
      } else {
        name += value[i];
      }
    }
    names.push_back(std::move(name));
  }
  for (const std::string& name : names) {
    if (name.empty()) {
      throw CLI::ValidationError(option + ": an empty column name (two commas in a row?)");
    }
  }
  return names;
}

CLI::Option* add_names_option(CLI::App& command, const std::string& name,
                              std::vector<std::string>& names, const std::string& help) {
  return command.add_option_function<std::vector<std::string>>(
      name,
      [&names, name](const std::vector<std::string>& values) { names = split_names(name, values); },
      help + "; repeat the option or separate names with commas (\\, for a comma in a name)");
}

// The largest count of rows, epochs or iterations an option takes.
constexpr std::uint64_t max_count = 100'000'000;

// How to read a file: the same for every command that reads one.
void add_format_options(CLI::App& command, ReadSettings& read) {
  add_enum_option(command, "--delimiter", read.delimiter, all_delimiters,
                  "Field separator: auto, ',', ';', tab or space");
  add_enum_option(command, "--header", read.header, all_header_modes,
                  "Is the first row a header: auto, yes or no");
  command.add_flag("--skip-bad-rows", read.skip_bad_rows,
                   "Drop malformed rows (counted and reported) instead of failing");
  command
      .add_option("--comment", read.comment,
                  "Skip lines that start with this character (default: none; every line is data)")
      ->check(CLI::Validator(
          [](std::string& text) -> std::string {
            // Printable ASCII, and not the quote, which starts quoted fields.
            if (text.size() != 1 || text[0] < '!' || text[0] > '~' || text[0] == '"') {
              return "must be one printable character other than '\"', got '" + text + "'";
            }
            return {};
          },
          "CHAR"));
}

// Which columns are what: training chooses them; predict and plot take the
// model's, so they do not offer these.
void add_column_options(CLI::App& command, ReadSettings& read) {
  command.add_option("--label", read.label,
                     "Label column, by name or 0-based index (default: last)");
  add_names_option(command, "--features", read.features,
                   "Feature columns by name (default: all others)");
  command.add_option("--positive", read.positive,
                     "Label value of the positive class (default: 1, +1, true, yes, else the "
                     "value that sorts last)");
}

void add_training_options(CLI::App& app, TrainSettings& s) {
  app.add_option("--data", s.data, "Training data: CSV or whitespace table ('-' for stdin)")
      ->check(path_given);
  auto* generate =
      app.add_option("--generate", s.generate,
                     "Generate the seed's data set with N rows (the default, N = 100, when "
                     "there is no --data)")
          ->transform(decimal_integer(1, max_count))
          ->capture_default_str();
  app.get_option("--data")->excludes(generate);
  app.add_option("--seed", s.seed, "Seed for data, initialisation, shuffling and splits")
      ->transform(decimal_integer(0, std::numeric_limits<std::uint64_t>::max()))
      ->capture_default_str();
  app.add_flag("--bias,!--no-bias", s.bias, "Prepend a bias column of ones as feature 0")
      ->capture_default_str();
  app.add_flag("--standardize", s.standardize,
               "z-score every feature with the training data's mean and deviation");
  app.add_flag("--stream", s.stream,
               "Read --data pass after pass in bounded memory instead of holding it: for files "
               "larger than memory (one pass per epoch, after a first pass that checks the file)");
  app.add_option("--memory-limit", s.memory_limit,
                 "Bytes the data may take, e.g. 512M or 2G: with --stream, the reader and the "
                 "shuffle buffer; without, a larger file is refused (default: half of physical "
                 "memory)")
      ->transform(byte_size());

  OptimizationSettings& o = s.optimization;
  add_enum_option(app, "--optimizer", o.optimizer,
                  {ml::OptimizerKind::sgd, ml::OptimizerKind::momentum, ml::OptimizerKind::adam,
                   ml::OptimizerKind::newton, ml::OptimizerKind::lbfgs},
                  "sgd, momentum or adam (first order, need --lr); newton (trust-region "
                  "Newton-CG) or lbfgs (full batch, no learning rate)");
  app.add_option("--epochs", o.epochs, "Passes over the training data (first-order optimizers)")
      ->transform(decimal_integer(1, max_count))
      ->capture_default_str();
  app.add_option("--lr", o.learning_rate, "Learning rate (first-order optimizers)")
      ->check(finite_at_least(0.0, false))
      ->capture_default_str();
  app.add_option("--batch-size", o.batch_size,
                 "Rows per step: 0 = full batch, 1 = per-sample steps like the seed "
                 "(first-order optimizers)")
      ->transform(decimal_integer(0, std::numeric_limits<std::uint32_t>::max()))
      ->capture_default_str();
  app.add_flag("--shuffle,!--no-shuffle", o.shuffle,
               "Reshuffle the rows every epoch (only with --batch-size > 0)")
      ->capture_default_str();
  app.add_option("--shuffle-buffer", o.shuffle_buffer,
                 "Rows the shuffle draws from (a buffer like tf.data's): 0 = every row; with "
                 "--stream, 0 = as many as --memory-limit leaves")
      ->transform(decimal_integer(0, max_count))
      ->capture_default_str();
  app.add_option("--momentum", o.momentum, "Momentum coefficient for --optimizer momentum")
      ->check(finite_between(0.0, 1.0))
      ->capture_default_str();
  // 1 would divide by 1 - 1^t = 0 in the bias correction.
  app.add_option("--adam-beta1", o.adam.beta1, "Adam's first-moment decay, in [0, 1)")
      ->check(finite_between(0.0, 1.0, false, true))
      ->capture_default_str();
  app.add_option("--adam-beta2", o.adam.beta2, "Adam's second-moment decay, in [0, 1)")
      ->check(finite_between(0.0, 1.0, false, true))
      ->capture_default_str();
  app.add_option("--adam-epsilon", o.adam.epsilon,
                 "Adam's epsilon, added to the root of the second moment")
      ->check(finite_at_least(0.0, false))
      ->capture_default_str();
  app.add_option("--max-iterations", o.max_iterations, "Iteration limit of newton and lbfgs")
      ->transform(decimal_integer(1, max_count))
      ->capture_default_str();
  app.add_option("--lbfgs-memory", o.lbfgs_memory, "Correction pairs lbfgs keeps")
      ->transform(decimal_integer(1, 1000))
      ->capture_default_str();
  app.add_option(
         "--tol", o.tolerance,
         fmt::format("newton, lbfgs: stop when |grad| <= tol * |initial grad| (default {}); "
                     "first order: stop when the epoch loss improves by less (default 0 = "
                     "never)",
                     default_gradient_tolerance))
      ->check(finite_at_least(0.0));
  add_enum_option(app, "--init", s.init,
                  {Initialization::zeros, Initialization::ones, Initialization::random},
                  "Initial weights: zeros, ones or random (uniform on [-0.5, 0.5))");
  app.add_option("--l2", o.l2, "Adds l2/2 * |w|^2 (bias excluded) to the mean loss")
      ->check(finite_at_least(0.0))
      ->capture_default_str();
  app.add_flag("--penalize-bias", o.penalize_bias,
               "The L2 term covers the bias too, as LIBLINEAR's -B 1 does: then --l2 1/(C*rows) "
               "minimises the objective of liblinear-train -s 0 -c C -B 1");
  app.add_option("--threads", s.threads,
                 "Threads for large tensors (64K+ elements): 0 = one per core; any count "
                 "gives the same results")
      ->transform(decimal_integer(0, 1024))
      ->capture_default_str();

  auto* split = app.add_option("--validation-split", s.validation_split,
                               "Hold out this fraction of the data (seeded) for validation")
                    ->check(finite_between(0.0, 1.0, true, true));
  app.add_option("--test", s.test, "Validation data from a file with the same columns")
      ->check(path_given)
      ->excludes(split);
  add_format_options(app, s.read);
  add_column_options(app, s.read);

  app.add_option("--log-every", s.log_every, "Print every K-th epoch (and the last)")
      ->transform(decimal_integer(1, max_count))
      ->capture_default_str();
  app.add_flag("--quiet", s.quiet, "Print nothing but errors");
  app.add_option("--report", s.report, "Write the JSON training report (the model) to this file")
      ->check(path_given);
  auto* plot = app.add_option("--plot", s.plot,
                              "Draw the data, the decision boundary and the training curves into "
                              "this SVG file")
                   ->check(path_given);
  add_names_option(app, "--plot-features", s.plot_features,
                   "The two features of the picture's scatter panel, A,B (default: the first two)")
      ->needs(plot);
}

CLI::App* add_plot_command(CLI::App& app, PlotSettings& plot) {
  CLI::App* command = app.add_subcommand(
      "plot", "Draw the picture of a training run from its report (and, with --data, the points)");
  command->add_option("--report", plot.report, "Training report (written by --report)")
      ->required()
      ->check(path_given);
  auto* data =
      command
          ->add_option("--data", plot.data,
                       "Data file with the model's columns, for the scatter panel ('-' for stdin)")
          ->check(path_given);
  command->add_option("--out", plot.out, "SVG file to write")->required()->check(path_given);
  add_names_option(*command, "--plot-features", plot.plot_features,
                   "The two features of the scatter panel, A,B (default: the first two)")
      ->needs(data);
  add_format_options(*command, plot.read);
  command->footer(exit_status_help);
  return command;
}

// CLI11's message for a parse error, as one line.
std::string one_line(std::string message) {
  for (char& c : message) {
    if (c == '\n') c = ' ';
  }
  while (!message.empty() && message.back() == ' ') message.pop_back();
  return message;
}

int report_error(ExitStatus status, const std::string& message) {
  complain(fmt::format("adtrain: error: {}\n", message));
  return code(status);
}

// A failure no other process expects (out of memory, a bug): with several
// processes the others may be waiting for this one in a collective, so the
// whole job ends now rather than hang.
int report_unexpected(ExitStatus status, const std::string& message) {
  if (cluster().processes() == 1) return report_error(status, message);
  cluster().tell(fmt::format("adtrain: error: process {}: {}\n", cluster().rank(), message));
  cluster().abort_all(status);
  return code(status);  // not reached
}

// The version, and whether this build can train on several processes (with
// which MPI library: the one loaded now, which may be newer than the one
// built against). Asked only for --version, and asking does not start MPI.
std::string version_line() {
#ifdef ADTRAIN_HAVE_MPI
  const std::string mpi = adtrain::mpi::library_version();
#else
  const std::string mpi = "not built in";
#endif
  return fmt::format("{} {} (MPI: {})", tool_name, version, mpi);
}

}  // namespace

std::unique_ptr<CommandLine> make_command_line() {
  auto line = std::make_unique<CommandLine>();
  CLI::App& app = line->app;
  app.set_version_flag("--version", std::function<std::string()>(version_line));
  app.footer(exit_status_help);
  app.add_option("--config", line->config_file,
                 "Read options from a TOML file (relative paths in it are relative to its folder); "
                 "command-line flags override it")
      ->check(path_given);
  app.require_subcommand(0, 1);

  add_training_options(app, line->train);

  PredictSettings& predict = line->predict;
  CLI::App* predict_command =
      app.add_subcommand("predict", "Apply a saved model (a training report) to a data file");
  predict_command->add_option("--model", predict.model, "Training report to use as the model")
      ->required()
      ->check(path_given);
  predict_command->add_option("--data", predict.data, "Data file ('-' for stdin)")
      ->required()
      ->check(path_given);
  predict_command
      ->add_option("--out", predict.out, "Write predictions to this CSV (default: stdout)")
      ->check(path_given);
  predict_command->add_option("--id", predict.id,
                              "Copy this input column (by name) as the output's first column");
  add_names_option(*predict_command, "--keep", predict.keep,
                   "Copy these input columns (by name) into the output, after the predictions");
  predict_command
      ->add_option("--threshold", predict.threshold,
                   "Probability from which a row is of the positive class (default: the model's)")
      ->check(finite_between(0.0, 1.0, true, true));
  add_format_options(*predict_command, predict.read);
  predict_command->footer(exit_status_help);

  GenerateSettings& generate = line->generate;
  CLI::App* generate_command =
      app.add_subcommand("generate",
                         "Write the seed's data set (x1, x2 uniform on [0, 1), "
                         "y = [x1 + x2 >= 1]) as CSV");
  generate_command->add_option("--rows", generate.rows, "Number of rows")
      ->required()
      ->transform(decimal_integer(1, max_count));
  generate_command->add_option("--seed", generate.seed, "Random seed")
      ->transform(decimal_integer(0, std::numeric_limits<std::uint64_t>::max()))
      ->capture_default_str();
  generate_command->add_option("--out", generate.out, "CSV file to write")
      ->required()
      ->check(path_given);
  generate_command->footer(exit_status_help);

  line->predict_command = predict_command;
  line->generate_command = generate_command;
  line->plot_command = add_plot_command(app, line->plot);
  return line;
}

int run(int argc, char** argv) {
  const std::unique_ptr<CommandLine> line = make_command_line();
  CLI::App& app = line->app;

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::FileError& e) {
    return report_error(ExitStatus::no_input, one_line(e.what()));
  } catch (const CLI::ParseError& e) {
    return report_error(ExitStatus::usage, one_line(e.what()) + " (see adtrain --help)");
  }

  try {
    if (!line->config_file.empty()) {
      apply_config_file(line->config_file, app);
      line->train.config_file = line->config_file;
    }
    if (cluster().processes() > 1 && !line->app.get_subcommands().empty()) {
      throw CommandError(ExitStatus::usage,
                         fmt::format("adtrain {} runs on one process: start it without mpirun "
                                     "(only training is shared among processes)",
                                     line->app.get_subcommands().front()->get_name()));
    }
    if (*line->predict_command) return run_predict(line->predict);
    if (*line->generate_command) return run_generate(line->generate);
    if (*line->plot_command) return run_plot(line->plot);
    return run_train(line->train);
  } catch (const QuietExit& e) {
    return code(e.status());  // another process reported the failure
  } catch (const CommandError& e) {
    return report_error(e.status(), e.what());
  } catch (const std::bad_alloc&) {
    return report_unexpected(ExitStatus::internal, "out of memory");
  } catch (const std::exception& e) {
    return report_unexpected(ExitStatus::internal, std::string("internal error: ") + e.what());
  }
}

}  // namespace adtrain::app
