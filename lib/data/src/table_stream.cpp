// A table read pass after pass in chunks of whole lines, each parsed as a
// share of the file is (file_share.cpp, the parser's parse_share) but with
// the label classes carried from chunk to chunk: cutting the input into
// chunks with their encoding checked as they arrive, the whole-file
// reader's order of errors, passes that refuse a file changed under them,
// classes found in a single pass, and an estimate of a file's records. The
// text in memory is about one chunk and what one read brought past it.
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

#include "adtrain/data.hpp"
#include "field_scanner.hpp"
#include "internal.hpp"

namespace adtrain::data {
namespace {

// The least asked of each read, whatever the chunk: a few system calls per
// MiB, and the first read holds a byte-order mark whole.
constexpr std::size_t least_read = std::size_t{64} << 10;
// The part of a file estimate_records samples.
constexpr std::size_t estimate_sample = std::size_t{1} << 20;

}  // namespace

// ---- The stream --------------------------------------------------------------------------------

struct TableStream::State {
  State(std::string path, ReadOptions options, std::size_t chunk_bytes);

  std::optional<StreamChunk> next();
  void rewind(std::optional<ReadOptions> options);

  // What the next piece of the pass is: a chunk of whole lines [start_,
  // end), the text before an encoding problem (on the problem's line), a
  // line too long to hold, or the end of the input.
  enum class CutKind : std::uint8_t { chunk, encoding_problem, too_long, end };
  struct Cut {
    CutKind kind = CutKind::end;
    std::uint64_t end = 0;
  };

  void start_pass();
  Cut cut();
  void fill(std::size_t at_most);
  void check_encoding_through(std::uint64_t end, bool complete);
  bool ends_input(std::uint64_t offset) const { return ended_ && offset == data_end(); }
  std::uint64_t data_end() const { return buffer_offset_ + buffer_.size(); }
  // Where the bytes that can be handed out end: at an encoding problem, if
  // one was found.
  std::uint64_t usable_end() const { return problem_ ? problem_->offset : data_end(); }
  std::string_view bytes(std::uint64_t begin, std::uint64_t end) const {
    return std::string_view(buffer_).substr(static_cast<std::size_t>(begin - buffer_offset_),
                                            static_cast<std::size_t>(end - begin));
  }
  // Hands out [start_, end): the next piece starts after it.
  void advance(std::uint64_t end);
  [[noreturn]] void fail_at_encoding_problem() const;
  void look_on_for_encoding_problem();
  LabeledTable parse(std::uint64_t begin, std::uint64_t end, std::size_t lines_before);
  [[noreturn]] void fail_at_third_class(const std::string& label_name);
  void check_same_file() const;

  std::string path_;
  ReadOptions options_;
  std::size_t chunk_bytes_;
  InputFile file_;
  // A regular file named by its path, read at offsets and again in the next
  // pass; anything else (standard input, even from a file) once, in order.
  bool seekable_;
  TableLayout layout_;

  // The input's bytes from file offset buffer_offset_ on, of which those
  // from start_ on are not handed out yet.
  std::string buffer_;
  std::uint64_t buffer_offset_ = 0;
  std::uint64_t start_ = 0;
  bool ended_ = false;  // the input has no bytes past data_end()
  // The encoding is valid up to file offset checked_; text starts past a
  // byte-order mark, once the first bytes tell whether there is one.
  std::uint64_t checked_ = 0;
  std::optional<std::uint64_t> text_start_;
  std::optional<EncodingProblem> problem_;  // its offset in the file
  std::size_t lines_before_ = 0;            // line ends before start_
  std::size_t records_before_ = 0;
  std::optional<CarriedClasses> classes_;  // of the chunks so far
  bool pass_over_ = false;
  bool failed_ = false;
};

TableStream::State::State(std::string path, ReadOptions options, std::size_t chunk_bytes)
    : path_(std::move(path)),
      options_(std::move(options)),
      chunk_bytes_(chunk_bytes),
      file_(path_),
      seekable_(file_.regular() && path_ != "-") {
  if (chunk_bytes_ == 0) throw std::invalid_argument("TableStream: chunk_bytes must be at least 1");
  start_pass();
  try {
    // The head stays in the buffer: standard input cannot be read again.
    layout_ = layout_of_input(buffer_, file_.source(), options_, PieceReader::stream,
                              [this](std::size_t wanted) {
                                while (data_end() < wanted && !ended_) {
                                  fill(static_cast<std::size_t>(wanted - data_end()));
                                }
                                return ended_;
                              });
  } catch (const DataError&) {
    look_on_for_encoding_problem();
    throw;
  }
}

void TableStream::State::start_pass() {
  buffer_.clear();
  buffer_offset_ = 0;
  start_ = 0;
  ended_ = seekable_ && file_.size() == 0;
  checked_ = 0;
  text_start_.reset();
  problem_.reset();
  lines_before_ = 0;
  records_before_ = 0;
  classes_.emplace(options_.known_classes);
  pass_over_ = false;
  failed_ = false;
}

// Reads up to `at_most` more bytes (one read), first letting go of those
// handed out, and checks their encoding.
void TableStream::State::fill(std::size_t at_most) {
  if (start_ > buffer_offset_) {
    buffer_.erase(0, static_cast<std::size_t>(start_ - buffer_offset_));
    buffer_offset_ = start_;
    // After a long line or a large head, give its memory back.
    if (buffer_.capacity() > 2 * std::max({chunk_bytes_, least_read, buffer_.size()})) {
      buffer_.shrink_to_fit();
    }
  }
  // A huge chunk is read in several reads, each of a size that can be had.
  const std::size_t want = std::clamp(at_most, least_read, layout_head_limit);
  const std::size_t before = buffer_.size();
  if (seekable_) {
    // No more than the file held when opened: a file that grew is caught by
    // check_unchanged, not read.
    const auto count =
        static_cast<std::size_t>(std::min<std::uint64_t>(want, file_.size() - data_end()));
    buffer_.resize(before + count);
    const std::size_t got = file_.read_at(buffer_offset_ + before, buffer_.data() + before, count);
    buffer_.resize(before + got);
    if (got < count) {
      file_.check_unchanged();
      file_.fail("the file changed while it was read (found it shorter)");
    }
    file_.check_unchanged();
    ended_ = data_end() == file_.size();
  } else {
    buffer_.resize(before + want);
    const std::size_t got = file_.read_next(buffer_.data() + before, want);
    buffer_.resize(before + got);
    ended_ = got == 0;
  }
  check_encoding_through(data_end(), ended_);
}

// Checks [checked_, end), where the text ends if `complete`; otherwise a
// character that may be cut off at `end` waits for more bytes.
void TableStream::State::check_encoding_through(std::uint64_t end, bool complete) {
  if (problem_) return;
  if (!text_start_) {
    // A byte-order mark is not text; wait until it can be told apart.
    const std::string_view first = bytes(0, data_end());
    if (first.size() < utf8_byte_order_mark.size() && !complete &&
        utf8_byte_order_mark.starts_with(first)) {
      return;
    }
    text_start_ = first.size() - strip_byte_order_mark(first).size();
    checked_ = *text_start_;
  }
  if (checked_ >= end) return;
  const EncodingCheck check =
      check_encoding(bytes(checked_, end), 0, complete, checked_ == *text_start_);
  if (check.problem) {
    problem_ = EncodingProblem{checked_ + check.problem->offset, check.problem->message};
  }
  checked_ += check.checked;
}

TableStream::State::Cut TableStream::State::cut() {
  const auto can_read = [this] { return !ended_ && !problem_; };
  while (usable_end() - start_ < chunk_bytes_ && can_read()) {
    fill(chunk_bytes_ - static_cast<std::size_t>(usable_end() - start_));
  }
  // The whole lines that fit in a chunk.
  const std::uint64_t window_end =
      usable_end() - start_ <= chunk_bytes_ ? usable_end() : start_ + chunk_bytes_;
  const std::string_view window = bytes(start_, window_end);
  std::uint64_t end = 0;
  if (const std::size_t newline = window.rfind('\n'); newline != std::string_view::npos) {
    end = start_ + newline + 1;
  } else {
    // Or the one line that does not, up to the limit.
    std::uint64_t searched = window_end;
    while (end == 0) {
      const std::string_view more = bytes(searched, usable_end());
      if (const std::size_t newline = more.find('\n'); newline != std::string_view::npos) {
        end = searched + newline + 1;
      } else if (problem_) {
        return {CutKind::encoding_problem, problem_->offset};
      } else if (usable_end() - start_ > layout_head_limit) {
        break;
      } else if (ended_) {
        if (start_ == data_end()) return {CutKind::end, start_};
        end = data_end();  // the last line, without a line end
      } else {
        searched = usable_end();
        fill(std::max(chunk_bytes_, least_read));
      }
    }
    if (end == 0 || end - start_ > layout_head_limit) return {CutKind::too_long, start_};
  }
  // Whether the chunk ends the input decides what an open quote at its end
  // is (an unterminated field, or one that spans lines), so a pipe is asked.
  if (end == data_end() && can_read()) fill(least_read);
  // The chunk ends at a line end or the input's end, where no character is
  // cut off.
  check_encoding_through(end, true);
  if (problem_ && problem_->offset < end) return cut();
  return {CutKind::chunk, end};
}

void TableStream::State::advance(std::uint64_t end) {
  const std::string_view handed_out = bytes(start_, end);
  lines_before_ += static_cast<std::size_t>(std::count(handed_out.begin(), handed_out.end(), '\n'));
  start_ = end;
}

void TableStream::State::fail_at_encoding_problem() const {
  EncodingProblem problem = *problem_;
  problem.offset = static_cast<std::size_t>(problem_->offset - start_);
  throw piece_encoding_error(bytes(start_, problem_->offset), start_, problem, file_.source(),
                             lines_before_);
}

// The whole-file reader checks the encoding of all of its input before it
// parses any: so that a problem in the data is reported only when the
// whole file would report it, the rest of the input is read for an encoding
// problem first, and that is thrown if there is one. Gives up at a line
// too long to hold, as it could not say where the problem is in it.
void TableStream::State::look_on_for_encoding_problem() {
  while (true) {
    const Cut next = cut();
    if (next.kind == CutKind::encoding_problem) fail_at_encoding_problem();
    if (next.kind != CutKind::chunk) return;
    advance(next.end);
  }
}

LabeledTable TableStream::State::parse(std::uint64_t begin, std::uint64_t end,
                                       std::size_t lines_before) {
  // Only the last chunk reaches the input's end: an open quote there is an
  // unterminated field, anywhere else one that spans lines.
  const ByteRange range{
      .begin = begin,
      .end = end,
      .file_size = ends_input(end) ? end : std::numeric_limits<std::uint64_t>::max()};
  return parse_piece(bytes(begin, end), range, std::nullopt, file_.source(), options_, layout_,
                     lines_before, PieceReader::stream, &*classes_);
}

// As the whole-file reader, reads on for the values the label column holds,
// to the end or to a row it would stop at, before naming them.
void TableStream::State::fail_at_third_class(const std::string& label_name) {
  while (!classes_->stopped) {
    const Cut piece = cut();
    if (piece.kind == CutKind::encoding_problem) fail_at_encoding_problem();
    if (piece.kind != CutKind::chunk) break;  // the end, or a line too long to read on
    const std::uint64_t begin = start_;
    const std::size_t lines_before = lines_before_;
    advance(piece.end);
    parse(begin, piece.end, lines_before);
  }
  if (classes_->stopped) look_on_for_encoding_problem();
  fail_more_than_two_classes(classes_->values, *classes_->first_other, label_name, file_.source());
}

std::optional<StreamChunk> TableStream::State::next() {
  if (failed_) {
    throw std::logic_error("TableStream::next: the pass ended by an error; rewind() first");
  }
  if (pass_over_) return std::nullopt;
  try {
    const Cut piece = cut();
    switch (piece.kind) {
      case CutKind::end:
        if (seekable_) file_.check_unchanged();
        pass_over_ = true;
        return std::nullopt;
      case CutKind::encoding_problem:
        fail_at_encoding_problem();
      case CutKind::too_long:
        throw DataError(
            file_.source(), lines_before_ + 1, 1,
            std::string("line longer than ")
                .append(std::to_string(layout_head_limit >> 20))
                .append(" MiB (found no line end within that); ")
                .append(cannot_read_in_pieces(PieceReader::stream, "a file like this")));
      case CutKind::chunk:
        break;
    }
    const std::uint64_t begin = start_;
    const std::size_t lines_before = lines_before_;
    StreamChunk chunk;
    try {
      chunk.rows = parse(begin, piece.end, lines_before);
    } catch (const DataError&) {
      advance(piece.end);
      look_on_for_encoding_problem();
      throw;
    }
    advance(piece.end);
    if (classes_->first_other) fail_at_third_class(chunk.rows.label_name);
    chunk.records_before = records_before_;
    chunk.bytes_read = piece.end;
    records_before_ += chunk.rows.features.n_rows + chunk.rows.skipped_rows;
    return chunk;
  } catch (...) {
    failed_ = true;
    throw;
  }
}

void TableStream::State::check_same_file() const {
  const auto changed = [this](const std::string& found) {
    file_.fail(
        std::string("the file changed since it was first read (found ").append(found).append(")"));
  };
  struct stat now {};
  if (::stat(path_.c_str(), &now) != 0) {
    if (errno == ENOENT || errno == ENOTDIR) changed("no file there any more");
    file_.fail(std::string("cannot read (").append(std::strerror(errno)).append(")"));
  }
  const struct stat& then = file_.status();
  if (now.st_dev != then.st_dev || now.st_ino != then.st_ino) changed("another file at its path");
  if (now.st_size != then.st_size) {
    changed(std::to_string(now.st_size)
                .append(" bytes, ")
                .append(std::to_string(then.st_size))
                .append(" when first read"));
  }
  if (!same_modification_time(now, then)) changed("a new modification time");
}

void TableStream::State::rewind(std::optional<ReadOptions> options) {
  if (!seekable_) {
    throw std::logic_error("TableStream::rewind: " + file_.source() +
                           " is no regular file and cannot be read again");
  }
  check_same_file();
  if (options) options_ = std::move(*options);
  start_pass();
}

TableStream::TableStream(std::string path, ReadOptions options, std::size_t chunk_bytes)
    : state_(std::make_unique<State>(std::move(path), std::move(options), chunk_bytes)) {
}

TableStream::~TableStream() = default;
TableStream::TableStream(TableStream&&) noexcept = default;
TableStream& TableStream::operator=(TableStream&&) noexcept = default;

const TableLayout& TableStream::layout() const {
  return state_->layout_;
}

const std::string& TableStream::source() const {
  return state_->file_.source();
}

bool TableStream::rewindable() const {
  return state_->seekable_;
}

std::uint64_t TableStream::file_size() const {
  return state_->seekable_ ? state_->file_.size() : 0;
}

std::optional<StreamChunk> TableStream::next() {
  return state_->next();
}

void TableStream::rewind() {
  state_->rewind(std::nullopt);
}

void TableStream::rewind(ReadOptions options) {
  state_->rewind(std::move(options));
}

// ---- Classes in a single pass ------------------------------------------------------------------

RunningClasses::RunningClasses(std::string source, const ReadOptions& options,
                               std::string label_name)
    : source_(std::move(source)),
      positive_(options.positive),
      known_(options.known_classes.has_value()),
      label_name_(std::move(label_name)) {
  if (known_) {
    classes_ = *options.known_classes;
    return;
  }
  // Without a first pass, the positive class cannot be chosen by looking at
  // both classes: it must be named.
  if (!positive_ || positive_->empty()) {
    throw std::invalid_argument("RunningClasses: a single pass needs the positive class");
  }
  classes_[1] = *positive_;
}

void RunningClasses::adopt(StreamChunk& chunk) {
  LabeledTable& rows = chunk.rows;
  if (rows.label_name.empty()) return;
  if (!known_) {
    // The spellings seen so far and the chunk's, folded as agree_classes
    // folds shares, so that a third class is found, and named, as there.
    LabelClasses values(std::nullopt);
    for (const std::string& spelling : seen_) values.classify(spelling);
    std::optional<TextLocation> first_other;
    std::vector<std::string> new_classes;
    for (std::size_t index = 0; index < rows.classes.size(); ++index) {
      const std::string& spelling = rows.classes[index];
      if (spelling.empty()) continue;
      const TextLocation where = rows.class_first_seen[index].value_or(TextLocation{});
      if (!first_label_) first_label_ = where;
      const std::size_t known = values.class_count();
      if (values.classify(spelling) == LabelClasses::not_a_class) {
        if (!first_other) first_other = where;
      } else if (values.class_count() > known) {
        new_classes.push_back(spelling);
      }
    }
    if (first_other) fail_more_than_two_classes(values, *first_other, label_name_, source_);
    for (const std::string& spelling : new_classes) {
      seen_.push_back(spelling);
      // choose_positive decides as for the whole file, with only this class.
      if (!positive_seen_ && choose_positive({spelling, ""}, positive_) == std::size_t{0}) {
        classes_[1] = spelling;
        positive_seen_ = true;
      } else if (classes_[0].empty()) {
        classes_[0] = spelling;
      } else {
        // Two classes, neither of them the positive one.
        positive_class(values,
                       LabelSightings{first_label_.value_or(TextLocation{}), std::nullopt, 0},
                       label_name_, source_, ReadOptions{.positive = positive_});
        throw std::logic_error("RunningClasses: the positive class is one of two others");
      }
    }
    adopt_classes(rows, classes_);
  }
  for (std::size_t index = 0; index < counts_.size(); ++index) {
    counts_[index] += rows.class_counts[index];
  }
}

void RunningClasses::finish() const {
  if (known_ || seen_.size() != 1) return;
  LabelClasses values(std::nullopt);
  values.classify(seen_.front());
  positive_class(values, LabelSightings{*first_label_, std::nullopt, counts_[0] + counts_[1]},
                 label_name_, source_, ReadOptions{.positive = positive_});
}

// ---- Estimating a file's records ---------------------------------------------------------------

std::uint64_t estimate_records(const std::string& path, const TableLayout& layout) {
  const InputFile file(path, InputFile::RegularOnly{"cannot estimate its records"});
  const std::uint64_t size = file.size();
  if (layout.data_offset >= size) return 0;
  const std::uint64_t data = size - layout.data_offset;
  std::string sample(static_cast<std::size_t>(std::min<std::uint64_t>(data, estimate_sample)),
                     '\0');
  const std::size_t got = file.read_at(layout.data_offset, sample.data(), sample.size());
  if (got < sample.size()) {
    file.check_unchanged();
    file.fail("the file changed while it was read (found it shorter)");
  }
  file.check_unchanged();
  const bool whole = sample.size() == data;
  // Whole lines only, but for a sample of part of one line.
  const std::size_t last_line_end = sample.rfind('\n');
  if (!whole && last_line_end != std::string::npos) sample.resize(last_line_end + 1);
  const std::size_t records = count_records(sample, 0, layout.delimiter, std::nullopt);
  if (whole) return records;
  if (last_line_end == std::string::npos) {
    // One record longer than the sample: at most one per sample's length.
    return std::max<std::uint64_t>(1, data / sample.size());
  }
  const double per_byte = static_cast<double>(records) / static_cast<double>(sample.size());
  return static_cast<std::uint64_t>(per_byte * static_cast<double>(data) + 0.5);
}

}  // namespace adtrain::data
