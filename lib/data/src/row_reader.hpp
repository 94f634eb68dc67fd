// Reads one data record into the table: numbers for the feature columns, a
// class for the label column, and a precise account of what is wrong when
// the record cannot be used.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "column_selection.hpp"
#include "field_scanner.hpp"
#include "label_classes.hpp"
#include "table_builder.hpp"
#include "text_location.hpp"

namespace adtrain::data {

// A spot in the text, kept cheap: line and column are worked out from it
// only when an error is reported.
struct TextPoint {
  LineAnchor anchor;
  std::size_t offset = 0;
};

struct RowProblem {
  std::size_t offset = 0;        // where in the record
  std::string message;           // "what is wrong (what was found)"
  bool fatal = false;            // the rest of the text cannot be read: no row can be skipped
  bool record_finished = false;  // the scanner already stands after the record
};

class RowReader {
 public:
  // `classes` may be null when the table has no label column.
  RowReader(const ColumnPlan& plan, TableBuilder& builder, LabelClasses* classes,
            bool classes_known);

  // Reads the record the scanner stands at; commits it to the builder when it
  // has no problem.
  std::optional<RowProblem> read(FieldScanner& scanner);

  // The first label cell read, and the first holding a value beyond the two
  // classes (a third class; an error reported once the whole column is known).
  // Located when they are read, as the text may be gone by the time they are
  // reported.
  const std::optional<TextLocation>& first_label() const { return first_label_; }
  const std::optional<TextLocation>& first_other_label() const { return first_other_label_; }

 private:
  // Files a good row's label under its class.
  std::optional<RowProblem> add_label(std::string_view value, const FieldScanner& scanner,
                                      std::size_t offset);
  RowProblem number_problem(NumberStatus status, const FieldScanner& scanner, const Field& field,
                            std::size_t column, bool last_field) const;
  RowProblem text_after_quote_problem(const FieldScanner& scanner) const;
  RowProblem field_count_problem(FieldScanner& scanner, const Field& field, std::size_t fields_read,
                                 bool last_field) const;

  const ColumnPlan& plan_;
  TableBuilder& builder_;
  LabelClasses* classes_;
  bool classes_known_;
  std::vector<std::string> quoted_names_;  // per column, ready for messages
  std::string unescaped_;                  // reused, so labels with "" cost no allocation
  std::optional<TextLocation> first_label_;
  std::optional<TextLocation> first_other_label_;
};

}  // namespace adtrain::data
