// Numbers as the tables spell them: what std::from_chars accepts for a double,
// plus a leading '+', with blanks around it ignored. Inline because it runs
// once per cell.
#pragma once

#include <charconv>
#include <cmath>
#include <cstddef>
#include <optional>
#include <string_view>
#include <system_error>

namespace adtrain::data {

// `missing`: one of the spellings of a missing value other than the empty
// field (see is_missing_spelling).
enum class NumberStatus { ok, empty, missing, not_a_number, not_finite, out_of_range };

inline bool is_blank(char character) {
  return character == ' ' || character == '\t';
}

inline std::string_view trim_blanks(std::string_view text) {
  while (!text.empty() && is_blank(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_blank(text.back())) text.remove_suffix(1);
  return text;
}

inline bool equal_ignoring_ascii_case(std::string_view text, std::string_view lower) {
  if (text.size() != lower.size()) return false;
  for (std::size_t index = 0; index < text.size(); ++index) {
    char character = text[index];
    if (character >= 'A' && character <= 'Z') character = static_cast<char>(character - 'A' + 'a');
    if (character != lower[index]) return false;
  }
  return true;
}

// A missing value, as tables spell it: an empty field, or NA, NaN or null in
// any case (na, NAN, Null...), with blanks around ignored and quoted or not.
// A sign makes "-nan" a (non-finite) number instead, "N/A" or "None" are text.
inline bool is_missing_spelling(std::string_view text) {
  text = trim_blanks(text);
  return text.empty() || equal_ignoring_ascii_case(text, "na") ||
         equal_ignoring_ascii_case(text, "nan") || equal_ignoring_ascii_case(text, "null");
}

// On `ok` and `not_finite`, `value` holds the number; otherwise it is unchanged.
inline NumberStatus parse_number(std::string_view text, double& value) {
  text = trim_blanks(text);
  if (text.empty()) return NumberStatus::empty;
  if (is_missing_spelling(text)) return NumberStatus::missing;
  // from_chars refuses a '+', but "+-1" must stay invalid.
  if (text.front() == '+' && text.size() > 1 && text[1] != '-') text.remove_prefix(1);
  const char* const end = text.data() + text.size();
  double parsed = 0.0;
  const auto [stop, error] = std::from_chars(text.data(), end, parsed);
  if (error == std::errc::result_out_of_range && stop == end) return NumberStatus::out_of_range;
  if (error != std::errc() || stop != end) return NumberStatus::not_a_number;
  value = parsed;
  return std::isfinite(parsed) ? NumberStatus::ok : NumberStatus::not_finite;
}

// The value of `text` if it is a finite number.
inline std::optional<double> number_value(std::string_view text) {
  double value = 0.0;
  if (parse_number(text, value) != NumberStatus::ok) return std::nullopt;
  return value;
}

}  // namespace adtrain::data
