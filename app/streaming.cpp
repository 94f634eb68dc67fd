#include "streaming.hpp"

#include <fmt/core.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <condition_variable>
#include <exception>
#include <fstream>
#include <mutex>
#include <thread>
#include <vector>

#include "adtrain/ml.hpp"
#include "exit_status.hpp"

namespace adtrain::app {

namespace {

constexpr std::size_t bytes_per_value = sizeof(double);

// The next chunk is parsed on a thread of its own while the current one is
// trained on: a pass then costs about the larger of the two, not their sum.
// At most one parsed chunk waits; the parse of the one after it starts only
// once that one is taken.
class ChunkPrefetcher {
 public:
  explicit ChunkPrefetcher(data::TableStream& stream)
      : stream_(stream), thread_([this] { produce(); }) {}
  ~ChunkPrefetcher() {
    {
      std::lock_guard lock(mutex_);
      cancelled_ = true;
    }
    changed_.notify_all();
    thread_.join();
  }
  ChunkPrefetcher(const ChunkPrefetcher&) = delete;
  ChunkPrefetcher& operator=(const ChunkPrefetcher&) = delete;

  // The next chunk, nullopt at the end; rethrows what reading it threw.
  std::optional<data::StreamChunk> next() {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [this] { return waiting_; });
    if (error_) std::rethrow_exception(error_);
    std::optional<data::StreamChunk> chunk = std::move(slot_);
    slot_.reset();
    waiting_ = finished_;  // the end stays the end
    changed_.notify_all();
    return chunk;
  }

 private:
  void produce() {
    while (true) {
      std::optional<data::StreamChunk> chunk;
      std::exception_ptr error;
      try {
        chunk = stream_.next();
      } catch (...) {
        error = std::current_exception();
      }
      std::unique_lock lock(mutex_);
      changed_.wait(lock, [this] { return !waiting_ || cancelled_; });
      if (cancelled_) return;
      const bool last = !chunk || error;
      slot_ = std::move(chunk);
      error_ = error;
      waiting_ = true;
      finished_ = last;
      changed_.notify_all();
      if (last) return;
    }
  }

  data::TableStream& stream_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::optional<data::StreamChunk> slot_;
  std::exception_ptr error_;
  bool waiting_ = false;  // slot_ (or the end, or an error) is ready to be taken
  bool finished_ = false;
  bool cancelled_ = false;
  std::thread thread_;  // last: started once everything above is constructed
};

// A chunk's classes are spelled as the file first spells them, as are the
// agreed ones: which of those a chunk's class is.
std::size_t class_of(const std::string& spelling, const std::array<std::string, 2>& classes) {
  return spelling == classes[1] ? 1 : 0;
}

}  // namespace

std::uint64_t default_memory_limit() {
  const long pages = ::sysconf(_SC_PHYS_PAGES), page = ::sysconf(_SC_PAGE_SIZE);
  std::uint64_t memory = pages > 0 && page > 0
                             ? static_cast<std::uint64_t>(pages) * static_cast<std::uint64_t>(page)
                             : std::uint64_t{8} << 30;
  // A container's share is what counts, not the host's: the cgroup (v2)
  // of this process, and the address-space limit, when they are lower.
  std::string group;
  std::ifstream cgroups("/proc/self/cgroup");
  for (std::string line; std::getline(cgroups, line);) {
    if (line.rfind("0::", 0) == 0) group = line.substr(3);
  }
  std::ifstream limit("/sys/fs/cgroup" + (group == "/" ? std::string() : group) + "/memory.max");
  std::string value;
  if (limit >> value && !value.empty() && value != "max" &&
      value.find_first_not_of("0123456789") == std::string::npos) {
    memory = std::min<std::uint64_t>(memory, std::stoull(value));
  }
  struct rlimit address_space {};
  if (::getrlimit(RLIMIT_AS, &address_space) == 0 && address_space.rlim_cur != RLIM_INFINITY) {
    memory = std::min<std::uint64_t>(memory, address_space.rlim_cur);
  }
  return memory / 2;
}

std::uint64_t training_row_vectors(const OptimizationSettings& optimization) {
  if (optimization.optimizer == ml::OptimizerKind::newton) return 10;
  return optimization.batch_size > 0 ? 4 : 3;
}

std::optional<std::uint64_t> estimated_in_memory_bytes(const std::string& path,
                                                       const ReadSettings& read,
                                                       std::uint64_t row_vectors) {
  // Only a regular file: opening a FIFO to look would take its writer's
  // first bytes, or end it.
  struct stat status {};
  if (path == "-" || ::stat(path.c_str(), &status) != 0 || !S_ISREG(status.st_mode)) {
    return std::nullopt;
  }
  try {
    const data::ReadOptions options = to_read_options(read);
    const data::TableLayout layout = data::detect_layout(path, options);
    const std::uint64_t records = data::estimate_records(path, layout);
    const std::uint64_t features = options.features.empty()
                                       ? std::max<std::size_t>(layout.columns, 1) - 1
                                       : options.features.size();
    // All of these are held at the peak (measured: 2,000,000 rows of 2
    // features, 81 MB of text, full batch: peak 262 MB, of which 8.5 MB is
    // the program itself): the text, read whole and parsed in place; the
    // table (features, label, record number); the design blocks (bias,
    // features, label); and what training keeps per row.
    return static_cast<std::uint64_t>(status.st_size) +
           records * (features + 2 + features + 2 + row_vectors) * bytes_per_value;
  } catch (const std::exception&) {
    return std::nullopt;  // the reader itself will say what is wrong
  }
}

// What a read of standard input learns as its one pass goes (outside Impl:
// clang cannot construct a nested class with member initializers in an
// optional member of its enclosing class).
struct ReadOnce {
  std::optional<data::StreamChunk> first_chunk;
  std::optional<data::RunningClasses> classes;
  bool consumed = false;
  std::string first_skipped_error;
};

struct StreamedData::Impl {
  // Rows of one file, read anew on every pass.
  class FileRows final : public ml::RowSource {
   public:
    enum class Which { all, training, held_out };
    FileRows(Impl& impl, data::TableStream& stream, data::ReadOptions options, Which which,
             const ml::Standardization* scaling, bool bias)
        : impl_(impl),
          stream_(stream),
          options_(std::move(options)),
          which_(which),
          scaling_(scaling),
          bias_(bias) {}

    bool pass(const Take& take, bool interruptible) const override {
      const bool once = impl_.once.has_value();
      if (once) {
        // Standard input: its one pass, the chunk read to learn its columns first.
        if (impl_.once->consumed) throw std::logic_error("standard input was read already");
        impl_.once->consumed = true;
      } else {
        reading([&] { stream_.rewind(options_); });
      }
      ++impl_.passes;
      std::optional<data::StreamChunk> first =
          once ? std::move(impl_.once->first_chunk) : std::nullopt;
      ChunkPrefetcher chunks(stream_);
      std::uint64_t counted = 0;
      while (true) {
        std::optional<data::StreamChunk> chunk =
            first ? std::move(first) : reading([&] { return chunks.next(); });
        first.reset();
        if (!chunk) {
          if (once) reading([&] { impl_.finish_once(); });
          return true;
        }
        impl_.bytes_read += chunk->bytes_read - counted;
        counted = chunk->bytes_read;
        if (once) reading([&] { impl_.adopt_once(*chunk); });
        if (interruptible && impl_.stop != nullptr && *impl_.stop != 0) return false;
        const data::LabeledTable& table = chunk->rows;
        if (table.features.n_rows == 0) continue;
        arma::uvec rows;
        if (which_ == Which::all) {
          rows = arma::regspace<arma::uvec>(0, table.features.n_rows - 1);
        } else {
          std::vector<arma::uword> kept;
          kept.reserve(table.features.n_rows);
          for (arma::uword i = 0; i < table.features.n_rows; ++i) {
            const bool held = impl_.held_out(chunk->records_before + table.record_numbers[i]);
            if (held == (which_ == Which::held_out)) kept.push_back(i);
          }
          rows = arma::uvec(kept);
        }
        if (rows.is_empty()) continue;
        const arma::mat X = ml::design_matrix(table.features.rows(rows), scaling_, bias_);
        const arma::vec y = table.labels.elem(rows);
        if (!take(X, y)) return false;
      }
    }

   private:
    Impl& impl_;
    data::TableStream& stream_;
    data::ReadOptions options_;
    Which which_;
    const ml::Standardization* scaling_;
    bool bias_;
  };

  bool held_out(std::size_t record) const {
    return validation_split > 0.0 && ml::held_out_by_hash(record, validation_split, seed);
  }

  // Standard input, read once with no first pass: its classes and counts
  // are learnt as the training pass goes, and the descriptions follow.
  std::optional<ReadOnce> once;
  TrainingData* described = nullptr;

  void adopt_once(data::StreamChunk& chunk) {
    once->classes->adopt(chunk);
    const data::LabeledTable& table = chunk.rows;
    training_rows += table.features.n_rows;
    DataDescription& d = described->training_description;
    d.skipped_rows += table.skipped_rows;
    if (once->first_skipped_error.empty() && !table.skipped_row_errors.empty()) {
      once->first_skipped_error = table.skipped_row_errors.front();
    }
    d.rows = training_rows;
    d.classes = described->training.classes = once->classes->classes();
    d.class_counts = once->classes->counts();
    described->training_rows_per_process = {training_rows};
  }
  void finish_once() const {
    if (training_rows == 0) {
      throw data::no_rows_error(data_stream->source(), data_stream->layout(),
                                described->training_description.skipped_rows,
                                once->first_skipped_error);
    }
    once->classes->finish();
  }

  double validation_split = 0.0;
  std::uint64_t seed = 0;
  std::unique_ptr<data::TableStream> data_stream, test_stream;
  std::unique_ptr<FileRows> training, validation;
  std::size_t training_rows = 0, validation_rows = 0;
  arma::uword parameters = 0;
  const volatile std::sig_atomic_t* stop = nullptr;
  std::size_t passes = 0;
  std::uint64_t bytes_read = 0;
  std::uint64_t file_bytes = 0;
};

namespace {

// Bytes a chunk's rows may hold per byte of its text: a record takes at
// least two bytes per field of the file (a value and its delimiter), and
// each row is held parsed (features, label, record number) and as a design
// row with its label.
double expansion(std::size_t columns, std::size_t features, bool bias) {
  const double held =
      static_cast<double>((features + 2) + (features + 1 + (bias ? 1 : 0))) * bytes_per_value;
  return 1.0 + held / static_cast<double>(2 * std::max(columns, features + 1));
}
// The most any file's rows can expand: files of one feature and its label.
constexpr double largest_expansion = 13.0;

// The chunk size for a limit: up to three chunks are in flight (one being
// read, one waiting, one trained on), and together they take at most a
// quarter of the limit.
std::size_t chunk_bytes_for(std::uint64_t limit, double expansion) {
  const double chunk = static_cast<double>(limit) / 4.0 / (3.0 * expansion);
  return static_cast<std::size_t>(
      std::clamp(chunk, static_cast<double>(64 << 10), static_cast<double>(8 << 20)));
}

// How the limit is shared: the reader's chunks (above, each with a read of
// up to 64 KiB past it), the objective's block of rows and a batch; the
// shuffle buffer gets the rest, or what --shuffle-buffer asks if that fits.
// Whether a run shuffles at all is known once the first pass has counted
// the rows (a batch of every row does not).
StreamBudget plan_budget(const TrainSettings& settings, std::size_t chunk_bytes, double expansion,
                         std::size_t features) {
  StreamBudget budget;
  budget.memory_limit = settings.memory_limit.value_or(default_memory_limit());
  budget.chunk_bytes = chunk_bytes;
  const std::uint64_t width = features + 1 + (settings.bias ? 1 : 0);  // design row and label
  const std::uint64_t row_bytes = width * bytes_per_value;
  const auto reader = static_cast<std::uint64_t>(
      3.0 * (static_cast<double>(chunk_bytes) * expansion + static_cast<double>(64 << 10)));
  const std::uint64_t batch = settings.optimization.batch_size;
  const std::uint64_t working = (ml::rows_per_block + batch) * row_bytes;
  const std::uint64_t needed = reader + working;
  const std::uint64_t room = budget.memory_limit > needed ? budget.memory_limit - needed : 0;
  if (room < row_bytes) {
    throw CommandError(ExitStatus::usage,
                       fmt::format("--memory-limit {} is too small for --stream on this data: "
                                   "its reader and working rows need about {} bytes",
                                   budget.memory_limit, needed + row_bytes));
  }
  budget.score_pairs = static_cast<std::size_t>(room / sizeof(ml::ScorePair));
  const bool shuffles = settings.optimization.shuffle && batch != 0 &&
                        !ml::is_second_order(settings.optimization.optimizer);
  if (!shuffles) return budget;
  const std::uint64_t fits = room / row_bytes;
  if (settings.optimization.shuffle_buffer != 0) {
    if (settings.optimization.shuffle_buffer > fits) {
      throw CommandError(
          ExitStatus::usage,
          fmt::format("--shuffle-buffer {} rows does not fit in --memory-limit {}: {} rows of {} "
                      "bytes fit beside the reader",
                      settings.optimization.shuffle_buffer, budget.memory_limit, fits, row_bytes));
    }
    budget.shuffle_buffer_rows = settings.optimization.shuffle_buffer;
    budget.shuffle_buffer_given = true;
  } else {
    budget.shuffle_buffer_rows = static_cast<std::size_t>(fits);
  }
  return budget;
}

// Only a regular file can be read more than once.
void check_rereadable(const std::string& option, const std::string& path) {
  struct stat status {};
  if (::stat(path.c_str(), &status) == 0 && !S_ISREG(status.st_mode)) {
    throw CommandError(
        ExitStatus::usage,
        fmt::format("--stream {} {}: not a regular file, and --stream reads it more than once (a "
                    "first pass, then one per epoch){}",
                    option, path,
                    option == "--data" ? "; pipe it in as --data - to read it once" : ""));
  }
}

}  // namespace

StreamedData::StreamedData(const TrainSettings& settings) : impl_(std::make_unique<Impl>()) {
  Impl& impl = *impl_;
  impl.validation_split = settings.validation_split;
  impl.seed = settings.seed;
  const data::ReadOptions options = to_read_options(settings.read);
  if (settings.data == "-") {
    open_standard_input(settings, options);
    return;
  }

  // The budget needs the file's columns; its chunk size is what the reader
  // is opened with.
  check_rereadable("--data", settings.data);
  if (!settings.test.empty()) check_rereadable("--test", settings.test);
  std::size_t columns = 0, features = 0;
  reading([&] {
    const data::TableLayout layout = data::detect_layout(settings.data, options);
    columns = layout.columns;
    features =
        options.features.empty() ? std::max<std::size_t>(columns, 1) - 1 : options.features.size();
  });
  struct stat status {};
  const std::uint64_t file_size =
      ::stat(settings.data.c_str(), &status) == 0 ? static_cast<std::uint64_t>(status.st_size) : 0;
  const double growth = expansion(columns, features, settings.bias);
  budget_ = plan_budget(
      settings, chunk_bytes_for(settings.memory_limit.value_or(default_memory_limit()), growth),
      growth, features);
  reading([&] {
    impl.data_stream =
        std::make_unique<data::TableStream>(settings.data, options, budget_.chunk_bytes);
  });
  impl.file_bytes = file_size;
  data::TableStream& stream = *impl.data_stream;

  // The first pass: classes, counts, bad rows, statistics.
  std::vector<data::ShareClasses> chunk_classes;
  // Per chunk: [held out][class by the chunk's own classes] counts.
  std::vector<std::array<std::array<std::size_t, 2>, 2>> chunk_counts;
  std::optional<ml::ColumnMoments> moments;
  data::LabeledTable names;  // the first chunk's names and label
  std::size_t skipped = 0;
  std::string first_skipped_error;
  bool named = false;
  ++impl.passes;
  reading([&] {
    while (std::optional<data::StreamChunk> chunk = stream.next()) {
      impl.bytes_read = chunk->bytes_read;
      data::LabeledTable& table = chunk->rows;
      if (!named) {
        names.feature_names = table.feature_names;
        names.label_name = table.label_name;
        moments.emplace(table.features.n_cols);
        named = true;
      }
      skipped += table.skipped_rows;
      for (const std::string& e : table.skipped_row_errors) {
        if (first_skipped_error.empty()) first_skipped_error = e;
      }
      std::array<std::array<std::size_t, 2>, 2> counts{};
      for (arma::uword i = 0; i < table.features.n_rows; ++i) {
        const bool held = impl.held_out(chunk->records_before + table.record_numbers[i]);
        ++counts[held ? 1 : 0][table.labels(i) == 1.0 ? 1 : 0];
        if (!held && settings.standardize) {
          const arma::rowvec row = table.features.row(i);
          moments->add_row(row.memptr());
        }
      }
      impl.training_rows += counts[0][0] + counts[0][1];
      impl.validation_rows += counts[1][0] + counts[1][1];
      chunk_classes.push_back(data::classes_of_share(table));
      chunk_counts.push_back(counts);
    }
    const data::TableLayout& layout = stream.layout();
    if (impl.training_rows + impl.validation_rows == 0) {
      throw data::no_rows_error(settings.data, layout, skipped, first_skipped_error);
    }
    names.classes = data::agree_classes(chunk_classes, settings.data, options, names.label_name);
  });
  const std::size_t total = impl.training_rows + impl.validation_rows;
  if (settings.validation_split > 0.0 && (impl.training_rows == 0 || impl.validation_rows == 0)) {
    throw CommandError(
        ExitStatus::usage,
        fmt::format("--validation-split {}: the seeded hash held out {} of the {} rows, which "
                    "leaves {} no rows; give another fraction or --seed",
                    settings.validation_split, impl.validation_rows, total,
                    impl.training_rows == 0 ? "training" : "validation"));
  }
  // Every chunk's counts in the agreed classes.
  std::array<std::array<std::size_t, 2>, 2> counts{};
  for (std::size_t c = 0; c < chunk_counts.size(); ++c) {
    for (std::size_t k = 0; k < 2; ++k) {
      const std::string& spelling = chunk_classes[c].spellings[k];
      if (spelling.empty()) continue;
      const std::size_t global = class_of(spelling, names.classes);
      for (std::size_t held = 0; held < 2; ++held) counts[held][global] += chunk_counts[c][held][k];
    }
  }

  // A batch of every row does not shuffle; a buffer of more rows than
  // there are holds them all.
  if (settings.optimization.batch_size >= impl.training_rows) budget_.shuffle_buffer_rows = 0;
  budget_.shuffle_buffer_rows = std::min(budget_.shuffle_buffer_rows, impl.training_rows);
  if (settings.standardize) standardization_ = moments->result();
  const ml::Standardization* scaling = standardization_ ? &*standardization_ : nullptr;
  impl.parameters = names.feature_names.size() + (settings.bias ? 1 : 0);

  const data::TableLayout& layout = stream.layout();
  auto describe_rows = [&](std::string source, std::size_t rows,
                           const std::array<std::size_t, 2>& class_counts) {
    DataDescription d;
    d.source = std::move(source);
    d.rows = rows;
    d.feature_names = names.feature_names;
    d.label_column = names.label_name;
    d.classes = names.classes;
    d.class_counts = class_counts;
    return d;
  };
  data_.training.features.zeros(0, names.feature_names.size());
  data_.training.feature_names = names.feature_names;
  data_.training.label_name = names.label_name;
  data_.training.classes = names.classes;
  data_.training_description = describe_rows(settings.data, impl.training_rows, counts[0]);
  data_.training_description.delimiter = std::string(data::to_string(layout.delimiter));
  data_.training_description.header = layout.has_header;
  data_.training_description.skipped_rows = skipped;
  data_.training_rows_per_process = {impl.training_rows};

  data::ReadOptions known = options;
  known.known_classes = names.classes;
  using Which = Impl::FileRows::Which;
  impl.training = std::make_unique<Impl::FileRows>(
      impl, stream, known, settings.validation_split > 0.0 ? Which::training : Which::all, scaling,
      settings.bias);
  if (settings.validation_split > 0.0) {
    impl.validation = std::make_unique<Impl::FileRows>(impl, stream, known, Which::held_out,
                                                       scaling, settings.bias);
    data_.validation_description =
        describe_rows(settings.data + " (validation split)", impl.validation_rows, counts[1]);
  } else if (!settings.test.empty()) {
    // The test file's first pass: its rows and classes, in the training
    // data's classes and reading rules, before any training.
    std::size_t test_rows = 0, test_skipped = 0;
    std::array<std::size_t, 2> test_counts{};
    std::vector<std::string> test_names;
    reading([&] {
      impl.test_stream =
          std::make_unique<data::TableStream>(settings.test, known, budget_.chunk_bytes);
      ++impl.passes;
      std::string first_error;
      std::uint64_t counted = 0;
      while (std::optional<data::StreamChunk> chunk = impl.test_stream->next()) {
        impl.bytes_read += chunk->bytes_read - counted;
        counted = chunk->bytes_read;
        const data::LabeledTable& table = chunk->rows;
        if (test_names.empty()) test_names = table.feature_names;
        test_rows += table.features.n_rows;
        test_skipped += table.skipped_rows;
        if (first_error.empty() && !table.skipped_row_errors.empty()) {
          first_error = table.skipped_row_errors.front();
        }
        for (std::size_t k = 0; k < 2; ++k) test_counts[k] += table.class_counts[k];
      }
      if (test_rows == 0) {
        throw data::no_rows_error(settings.test, impl.test_stream->layout(), test_skipped,
                                  first_error);
      }
    });
    check_same_features(test_names, data_.training, settings.test);
    impl.validation_rows = test_rows;
    const data::TableLayout& test_layout = impl.test_stream->layout();
    data_.validation_description = describe_rows(settings.test, test_rows, test_counts);
    data_.validation_description->delimiter = std::string(data::to_string(test_layout.delimiter));
    data_.validation_description->header = test_layout.has_header;
    data_.validation_description->skipped_rows = test_skipped;
    impl.validation = std::make_unique<Impl::FileRows>(impl, *impl.test_stream, known, Which::all,
                                                       scaling, settings.bias);
  }
  if (data_.validation_description) {
    data_.validation.emplace();
    data_.validation->features.zeros(0, names.feature_names.size());
    data_.validation->feature_names = names.feature_names;
    data_.validation->label_name = names.label_name;
    data_.validation->classes = names.classes;
  }
}

void StreamedData::open_standard_input(const TrainSettings& settings,
                                       const data::ReadOptions& options) {
  Impl& impl = *impl_;
  // The columns are not known before the first read: the chunk is sized for
  // the rows that expand most.
  const std::size_t chunk_bytes =
      chunk_bytes_for(settings.memory_limit.value_or(default_memory_limit()), largest_expansion);
  impl.once.emplace();
  reading([&] {
    impl.data_stream = std::make_unique<data::TableStream>(settings.data, options, chunk_bytes);
    // The first chunk tells the columns before training.
    impl.once->first_chunk = impl.data_stream->next();
  });
  const data::TableStream& stream = *impl.data_stream;
  const data::TableLayout& layout = stream.layout();
  std::vector<std::string> feature_names;
  std::string label_name;
  if (impl.once->first_chunk) {
    feature_names = impl.once->first_chunk->rows.feature_names;
    label_name = impl.once->first_chunk->rows.label_name;
  } else {
    reading([&] { throw data::no_rows_error(stream.source(), layout, 0, ""); });
  }
  // The shuffle buffer takes what the limit leaves: the rows are not counted.
  budget_ = plan_budget(settings, chunk_bytes, largest_expansion, feature_names.size());
  impl.file_bytes = 0;
  try {
    impl.once->classes.emplace(stream.source(), options, label_name);
  } catch (const std::invalid_argument&) {
    throw CommandError(ExitStatus::usage,
                       "--stream --data - needs --positive: standard input is read once, with no "
                       "first pass to find the label's classes");
  }
  data_.training.features.zeros(0, feature_names.size());
  data_.training.feature_names = feature_names;
  data_.training.label_name = label_name;
  data_.training.classes = impl.once->classes->classes();
  DataDescription& d = data_.training_description;
  d.source = settings.data;
  d.feature_names = feature_names;
  d.label_column = label_name;
  d.classes = data_.training.classes;
  d.delimiter = std::string(data::to_string(layout.delimiter));
  d.header = layout.has_header;
  data_.training_rows_per_process = {0};
  impl.described = &data_;
  impl.parameters = feature_names.size() + (settings.bias ? 1 : 0);
  impl.training = std::make_unique<Impl::FileRows>(
      impl, *impl.data_stream, options, Impl::FileRows::Which::all, nullptr, settings.bias);
}

bool StreamedData::read_once() const {
  return impl_->once.has_value();
}

StreamedData::~StreamedData() = default;

StreamFigures StreamedData::figures() const {
  return {impl_->passes, impl_->bytes_read, impl_->file_bytes};
}

ml::LogisticObjective StreamedData::training_objective(
    const ml::Regularization& regularization) const {
  return ml::LogisticObjective(
      *impl_->training, read_once() ? ml::LogisticObjective::unknown_rows : impl_->training_rows,
      impl_->parameters, regularization);
}

std::optional<ml::LogisticObjective> StreamedData::validation_objective(
    const ml::Regularization& regularization) const {
  if (!impl_->validation) return std::nullopt;
  return std::optional<ml::LogisticObjective>(
      std::in_place, *impl_->validation, impl_->validation_rows, impl_->parameters, regularization);
}

void StreamedData::set_stop_flag(const volatile std::sig_atomic_t* flag) {
  impl_->stop = flag;
}

}  // namespace adtrain::app
