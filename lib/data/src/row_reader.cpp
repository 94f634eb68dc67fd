#include "row_reader.hpp"

#include "found_text.hpp"
#include "number_parsing.hpp"

namespace adtrain::data {
namespace {

std::string column_problem(std::string_view what, const std::string& quoted_name,
                           std::string_view found) {
  return std::string(what)
      .append(" in column ")
      .append(quoted_name)
      .append(" (found ")
      .append(found)
      .append(")");
}

}  // namespace

RowReader::RowReader(const ColumnPlan& plan, TableBuilder& builder, LabelClasses* classes,
                     bool classes_known)
    : plan_(plan), builder_(builder), classes_(classes), classes_known_(classes_known) {
  for (const std::string& name : plan.names) quoted_names_.push_back(quote_name(name));
}

std::optional<RowProblem> RowReader::read(FieldScanner& scanner) {
  builder_.begin_row();
  const std::size_t column_count = plan_.roles.size();
  Field field;
  std::string_view label;
  std::size_t label_start = 0;
  for (std::size_t column = 0; column < column_count; ++column) {
    const ColumnRole role = plan_.roles[column];
    FieldOutcome outcome = FieldOutcome::more_fields;
    double value = 0.0;
    if (role == ColumnRole::feature && scanner.next_plain_number(field, value, outcome))
        [[likely]] {
      builder_.set_feature(plan_.feature_slot[column], value);
    } else {
      outcome = scanner.next_field(field);
      if (outcome == FieldOutcome::unterminated_quote) [[unlikely]] {
        return RowProblem{field.start, "unterminated quoted field (found no closing quote)", true,
                          true};
      }
      if (outcome == FieldOutcome::text_after_quote) [[unlikely]] {
        return text_after_quote_problem(scanner);
      }
      const bool last_field = outcome == FieldOutcome::record_end;
      if (role == ColumnRole::feature) {
        // Quoted numbers end up here, and everything that is not a number.
        const NumberStatus status = parse_number(scanner.content(field), value);
        if (status != NumberStatus::ok)
          return number_problem(status, scanner, field, column, last_field);
        builder_.set_feature(plan_.feature_slot[column], value);
      } else if (role == ColumnRole::label) {
        label = scanner.value(field, unescaped_);
        label_start = field.start;
        if (is_missing_spelling(label)) [[unlikely]] {
          return RowProblem{field.start,
                            std::string("missing value in label column ")
                                .append(quoted_names_[column])
                                .append(" (found ")
                                .append(trim_blanks(label).empty() ? std::string("an empty field")
                                                                   : quote_found(label))
                                .append(")"),
                            false, last_field};
        }
      }
    }
    const bool last_field = outcome == FieldOutcome::record_end;
    const bool fields_left_over = !last_field && column + 1 == column_count;
    if ((last_field && column + 1 < column_count) || fields_left_over) [[unlikely]] {
      return field_count_problem(scanner, field, column + 1, last_field);
    }
  }
  // Only a row that is good in every field may bring in a new class.
  if (classes_ != nullptr) {
    if (auto problem = add_label(label, scanner, label_start)) {
      return problem;
    }
  }
  builder_.commit_row();
  return std::nullopt;
}

std::optional<RowProblem> RowReader::add_label(std::string_view value, const FieldScanner& scanner,
                                               std::size_t offset) {
  const auto here = [&] { return locate(scanner.text(), scanner.record_anchor(), offset); };
  if (!first_label_) [[unlikely]]
    first_label_ = here();
  const int label_class = classes_->classify(value);
  if (label_class != LabelClasses::not_a_class) {
    builder_.set_label(static_cast<double>(label_class));
    return std::nullopt;
  }
  if (classes_known_) {
    return RowProblem{offset,
                      std::string("label is neither ")
                          .append(quote_found(classes_->spelling(0)))
                          .append(" nor ")
                          .append(quote_found(classes_->spelling(1)))
                          .append(" in column ")
                          .append(quoted_names_[*plan_.label_column])
                          .append(" (found ")
                          .append(quote_found(value))
                          .append(")"),
                      false, true};
  }
  if (!first_other_label_) first_other_label_ = here();
  builder_.set_label(0.0);
  return std::nullopt;
}

RowProblem RowReader::number_problem(NumberStatus status, const FieldScanner& scanner,
                                     const Field& field, std::size_t column,
                                     bool last_field) const {
  const std::string& name = quoted_names_[column];
  const std::string found = quote_found(scanner.content(field));
  std::string message;
  switch (status) {
    case NumberStatus::empty:
      message = column_problem("missing value", name, "an empty field");
      break;
    case NumberStatus::missing:
      message = column_problem("missing value", name, found);
      break;
    case NumberStatus::not_finite:
      message = column_problem("non-finite value", name, found);
      break;
    case NumberStatus::out_of_range:
      message = column_problem("number out of float64 range", name, found);
      break;
    case NumberStatus::not_a_number:
    case NumberStatus::ok:
      message = column_problem("non-numeric value", name, found);
      break;
  }
  return RowProblem{field.start, message, false, last_field};
}

RowProblem RowReader::text_after_quote_problem(const FieldScanner& scanner) const {
  const std::size_t offset = scanner.position();
  return RowProblem{offset,
                    std::string("unexpected text after a closing quote (found ")
                        .append(quote_character_at(scanner.text(), offset))
                        .append(")"),
                    false, false};
}

RowProblem RowReader::field_count_problem(FieldScanner& scanner, const Field& field,
                                          std::size_t fields_read, bool last_field) const {
  const std::size_t expected = plan_.roles.size();
  if (last_field) {
    return RowProblem{field.stop,
                      std::string("too few fields: expected ")
                          .append(std::to_string(expected))
                          .append(" (found ")
                          .append(std::to_string(fields_read))
                          .append(")"),
                      false, true};
  }
  const std::size_t offset = scanner.position();
  const std::size_t found = fields_read + scanner.count_rest_of_record();
  return RowProblem{offset,
                    std::string("too many fields: expected ")
                        .append(std::to_string(expected))
                        .append(" (found ")
                        .append(std::to_string(found))
                        .append(")"),
                    false, true};
}

}  // namespace adtrain::data
