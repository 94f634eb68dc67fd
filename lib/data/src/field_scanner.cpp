// The field scanner's cold parts (quoted fields, skipping a record), the
// record count made before parsing, and the guess at the delimiter.
#include "field_scanner.hpp"

#include <array>
#include <cstddef>
#include <cstring>
#include <vector>

namespace adtrain::data {

// ---- Fields and records ------------------------------------------------------------------------

namespace {

char delimiter_character(Delimiter delimiter) {
  switch (delimiter) {
    case Delimiter::comma:
      return ',';
    case Delimiter::semicolon:
      return ';';
    case Delimiter::tab:
      return '\t';
    case Delimiter::whitespace:
    case Delimiter::automatic:
      break;
  }
  return '\0';
}

}  // namespace

FieldScanner::FieldScanner(std::string_view text, Delimiter delimiter, std::optional<char> comment)
    : text_(text),
      delimiter_(delimiter_character(delimiter)),
      has_comment_(comment.has_value()),
      comment_(comment.value_or('\0')) {
}

std::string_view FieldScanner::unescape(std::string_view content, std::string& scratch) {
  scratch.clear();
  for (std::size_t index = 0; index < content.size(); ++index) {
    scratch += content[index];
    if (content[index] == '"') ++index;  // skips the second quote of a pair
  }
  return scratch;
}

void FieldScanner::count_lines(std::size_t from, std::size_t to) {
  const char* const text = text_.data();
  while (from < to) {
    const void* newline = std::memchr(text + from, '\n', to - from);
    if (newline == nullptr) return;
    from = static_cast<std::size_t>(static_cast<const char*>(newline) - text) + 1;
    ++line_.line;
    line_.offset = from;
  }
}

// Quoted fields are rare next to plain numbers, so this part need not be inline.
FieldOutcome FieldScanner::scan_quoted(std::size_t offset, Field& field) {
  field.quoted = true;
  field.has_doubled_quotes = false;
  field.begin = offset + 1;
  const std::size_t size = text_.size();
  std::size_t from = field.begin;
  while (true) {
    const void* found = std::memchr(text_.data() + from, '"', size - from);
    if (found == nullptr) {
      count_lines(from, size);
      field.end = size;
      field.stop = size;
      position_ = size;
      ran_into_open_quote_ = true;
      return FieldOutcome::unterminated_quote;
    }
    const auto quote = static_cast<std::size_t>(static_cast<const char*>(found) - text_.data());
    count_lines(from, quote);
    if (quote + 1 < size && text_[quote + 1] == '"') {
      field.has_doubled_quotes = true;
      from = quote + 2;
      continue;
    }
    field.end = quote;
    return finish_field(quote + 1, field);
  }
}

std::size_t FieldScanner::count_rest_of_record() {
  std::size_t fields = 0;
  Field field;
  FieldOutcome outcome = next_field(field);
  while (true) {
    if (outcome == FieldOutcome::more_fields || outcome == FieldOutcome::text_after_quote) {
      // Text after a closing quote continues the same field, as most readers take it.
      if (outcome == FieldOutcome::text_after_quote) {
        outcome = scan_unquoted(position_, field);
        continue;
      }
      ++fields;
      outcome = next_field(field);
      continue;
    }
    return fields + 1;
  }
}

// ---- Counting records --------------------------------------------------------------------------

namespace {

bool is_line_end(std::string_view text, std::size_t offset) {
  if (offset >= text.size() || text[offset] == '\n') return true;
  return text[offset] == '\r' && (offset + 1 == text.size() || text[offset + 1] == '\n');
}

// Without quotes a record is exactly one line, and memchr finds lines far
// faster than the field scanner walks them.
std::size_t count_lines_with_content(std::string_view text, std::size_t offset,
                                     std::optional<char> comment) {
  std::size_t records = 0;
  const char* const data = text.data();
  while (offset < text.size()) {
    std::size_t first = offset;
    while (first < text.size() && is_blank(text[first])) ++first;
    if (!is_line_end(text, first) && !(comment && text[first] == *comment)) ++records;
    const void* newline = std::memchr(data + offset, '\n', text.size() - offset);
    if (newline == nullptr) break;
    offset = static_cast<std::size_t>(static_cast<const char*>(newline) - data) + 1;
  }
  return records;
}

}  // namespace

std::size_t count_records(std::string_view text, std::size_t offset, Delimiter delimiter,
                          std::optional<char> comment) {
  const std::string_view rest = text.substr(offset);
  if (std::memchr(rest.data(), '"', rest.size()) == nullptr) {
    return count_lines_with_content(rest, 0, comment);
  }
  FieldScanner scanner(rest, delimiter, comment);
  std::size_t records = 0;
  while (scanner.next_record()) {
    ++records;
    scanner.skip_rest_of_record();
  }
  return records;
}

// ---- Guessing the delimiter --------------------------------------------------------------------

namespace {

constexpr std::size_t records_to_sample = 20;

// Candidates in order of preference when they fit equally well.
constexpr std::array<char, 3> candidates = {'\t', ';', ','};
constexpr std::array<Delimiter, 3> candidate_delimiters = {Delimiter::tab, Delimiter::semicolon,
                                                           Delimiter::comma};

struct RecordSample {
  std::array<std::size_t, 3> counts{};  // of each candidate, outside quotes
  bool has_blank_between_values = false;
  bool ended = false;  // at a '\n' outside quotes, not at the end of the text
};

// Reads one record from `offset` (after its leading blanks) and returns where
// the next line starts.
std::size_t sample_record(std::string_view text, std::size_t offset, RecordSample& sample) {
  bool in_quotes = false;
  bool seen_value = false;
  bool blank_pending = false;
  for (; offset < text.size(); ++offset) {
    const char character = text[offset];
    if (character == '"') in_quotes = !in_quotes;
    if (in_quotes) continue;
    if (character == '\n') {
      sample.ended = true;
      return offset + 1;
    }
    for (std::size_t index = 0; index < candidates.size(); ++index) {
      if (character == candidates[index]) ++sample.counts[index];
    }
    if (is_blank(character)) {
      blank_pending = seen_value;
    } else if (character != '\r') {
      if (blank_pending) sample.has_blank_between_values = true;
      seen_value = true;
    }
  }
  return offset;
}

struct Sampling {
  std::vector<RecordSample> samples;
  std::size_t last_start = 0;  // of the last sample
};

Sampling sample_records(std::string_view text, std::optional<char> comment) {
  Sampling sampling;
  std::vector<RecordSample>& samples = sampling.samples;
  std::size_t offset = 0;
  while (offset < text.size() && samples.size() < records_to_sample) {
    std::size_t first = offset;
    while (first < text.size() && is_blank(text[first])) ++first;
    const bool blank_line =
        first == text.size() || text[first] == '\n' || text.substr(first).starts_with("\r\n");
    if (blank_line || (comment && text[first] == *comment)) {
      const std::size_t newline = text.find('\n', first);
      offset = newline == std::string_view::npos ? text.size() : newline + 1;
      continue;
    }
    RecordSample sample;
    sampling.last_start = first;
    offset = sample_record(text, first, sample);
    samples.push_back(sample);
  }
  return sampling;
}

Delimiter choose_delimiter(const std::vector<RecordSample>& samples) {
  if (samples.empty()) return Delimiter::comma;
  const RecordSample& first = samples.front();
  std::size_t best_score = 0;
  Delimiter best = Delimiter::automatic;
  for (std::size_t index = 0; index < candidates.size(); ++index) {
    if (first.counts[index] == 0) continue;
    std::size_t score = 0;
    for (const RecordSample& sample : samples) {
      if (sample.counts[index] == first.counts[index]) ++score;
    }
    if (score > best_score) {
      best_score = score;
      best = candidate_delimiters[index];
    }
  }
  if (best != Delimiter::automatic) return best;
  return first.has_blank_between_values ? Delimiter::whitespace : Delimiter::comma;
}

}  // namespace

Delimiter sniff_delimiter(std::string_view text, std::optional<char> comment) {
  return choose_delimiter(sample_records(text, comment).samples);
}

std::optional<Delimiter> sniff_delimiter_of_head(std::string_view head, std::optional<char> comment,
                                                 std::size_t& unfinished) {
  const Sampling sampling = sample_records(head, comment);
  const std::vector<RecordSample>& samples = sampling.samples;
  // A sample cut off by the head's end (an open quote) may count more, and
  // records past the head would be sampled too when there are fewer than
  // the sniffer takes.
  if (!samples.empty() && !samples.back().ended) {
    unfinished = sampling.last_start;
    return std::nullopt;
  }
  if (samples.size() < records_to_sample) {
    unfinished = head.size();
    return std::nullopt;
  }
  return choose_delimiter(samples);
}

}  // namespace adtrain::data
