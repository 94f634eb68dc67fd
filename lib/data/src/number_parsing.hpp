// Numbers as the tables spell them: what std::from_chars accepts for a double,
// plus a leading '+', with blanks around it ignored. Inline because it runs
// once per cell.
#pragma once

#include <charconv>
#include <cmath>
#include <optional>
#include <string_view>
#include <system_error>

namespace adtrain::data {

enum class NumberStatus { ok, empty, not_a_number, not_finite, out_of_range };

inline bool is_blank(char character) {
  return character == ' ' || character == '\t';
}

inline std::string_view trim_blanks(std::string_view text) {
  while (!text.empty() && is_blank(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_blank(text.back())) text.remove_suffix(1);
  return text;
}

// On `ok` and `not_finite`, `value` holds the number; otherwise it is unchanged.
inline NumberStatus parse_number(std::string_view text, double& value) {
  text = trim_blanks(text);
  if (text.empty()) return NumberStatus::empty;
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
