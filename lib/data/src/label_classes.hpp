// The distinct values of the label column, kept as they are spelled in the
// file. Two spellings are one class when they are equal, or when both are
// numbers of equal value ("1", "1.0" and "+1").
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace adtrain::data {

bool same_label(std::string_view first, std::string_view second);

class LabelClasses {
 public:
  static constexpr int not_a_class = -1;

  // With `known` (class 0 and class 1 of a trained model), values must be one
  // of those two; otherwise the first two distinct values become the classes.
  explicit LabelClasses(const std::optional<std::array<std::string, 2>>& known);

  // 0 or 1: the class of `value`, in order of first appearance (or as in
  // `known`); not_a_class for any further distinct value, which is remembered.
  int classify(std::string_view value) {
    for (std::size_t index = 0; index < class_count_; ++index) {
      if (value == classes_[index].spelling) return static_cast<int>(index);
    }
    return classify_new_spelling(value);
  }

  std::size_t class_count() const { return class_count_; }
  const std::string& spelling(std::size_t index) const { return classes_[index].spelling; }
  bool has_others() const { return !others_.empty(); }
  // The distinct values seen, first few only: "0", "1", "2", ...
  std::string list_values() const;

 private:
  struct Value {
    std::string spelling;
    std::optional<double> number;
  };
  static Value make_value(std::string_view spelling);
  int classify_new_spelling(std::string_view value);

  std::array<Value, 2> classes_;
  std::size_t class_count_ = 0;
  bool known_ = false;
  std::vector<Value> others_;  // distinct values beyond the classes, first few
  bool more_others_ = false;
};

}  // namespace adtrain::data
