#include "delimiter_sniffing.hpp"

#include <array>
#include <cstddef>
#include <vector>

#include "number_parsing.hpp"

namespace adtrain::data {
namespace {

constexpr std::size_t records_to_sample = 20;

// Candidates in order of preference when they fit equally well.
constexpr std::array<char, 3> candidates = {'\t', ';', ','};
constexpr std::array<Delimiter, 3> candidate_delimiters = {Delimiter::tab, Delimiter::semicolon,
                                                           Delimiter::comma};

struct RecordSample {
  std::array<std::size_t, 3> counts{};  // of each candidate, outside quotes
  bool has_blank_between_values = false;
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
    if (character == '\n') return offset + 1;
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

std::vector<RecordSample> sample_records(std::string_view text, std::optional<char> comment) {
  std::vector<RecordSample> samples;
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
    offset = sample_record(text, first, sample);
    samples.push_back(sample);
  }
  return samples;
}

}  // namespace

Delimiter sniff_delimiter(std::string_view text, std::optional<char> comment) {
  const std::vector<RecordSample> samples = sample_records(text, comment);
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

}  // namespace adtrain::data
