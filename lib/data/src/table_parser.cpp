// parse_labeled_table: the steps from raw text to a labelled matrix, each
// done by its own part (encoding check, delimiter sniffing, header and column
// choice, row reading, label classes), with every problem turned into a
// DataError that points at the spot.
#include "table_parser.hpp"

#include <algorithm>
#include <stdexcept>
#include <vector>

#include "adtrain/data/table_reader.hpp"
#include "column_selection.hpp"
#include "delimiter_sniffing.hpp"
#include "field_scanner.hpp"
#include "found_text.hpp"
#include "header_detection.hpp"
#include "label_classes.hpp"
#include "positive_class.hpp"
#include "record_counting.hpp"
#include "row_reader.hpp"
#include "table_builder.hpp"
#include "text_encoding.hpp"
#include "text_location.hpp"

namespace adtrain::data {
namespace {

constexpr std::size_t skipped_rows_to_describe = 5;
// How much parsed text may stay in memory before its pages are let go. The
// matrix grows by fewer bytes than the text it comes from (a float64 takes
// 8 bytes, its text usually more), so letting parsed text go keeps the peak
// near the file's size.
constexpr std::size_t consumed_text_step = std::size_t{8} << 20;

class Parser {
 public:
  Parser(std::string_view text, std::string_view source, const ReadOptions& options,
         const TextConsumed& on_consumed, bool encoding_checked)
      : text_(text),
        source_(source),
        options_(options),
        on_consumed_(on_consumed),
        encoding_checked_(encoding_checked) {}

  LabeledTable parse();

 private:
  DataError error_at(TextPoint point, const std::string& message) const {
    const TextLocation location = locate(text_, point.anchor, point.offset);
    return DataError(source_, location.line, location.column, message);
  }
  [[noreturn]] void fail(TextPoint point, const std::string& message) const {
    throw error_at(point, message);
  }
  [[noreturn]] void fail_at(TextLocation location, const std::string& message) const {
    throw DataError(source_, location.line, location.column, message);
  }

  std::vector<Field> read_first_record(FieldScanner& scanner) const;
  bool first_record_is_header(const FieldScanner& scanner, const std::vector<Field>& first) const;
  ColumnPlan plan(const std::vector<Field>& first, LineAnchor anchor, bool has_header,
                  const FieldScanner& scanner) const;
  void read_rows(FieldScanner& scanner, RowReader& reader, LabeledTable& table);
  void finish_labels(const RowReader& reader, const LabelClasses& classes, const std::string& name,
                     LabeledTable& table) const;

  std::string_view text_;
  std::string source_;
  const ReadOptions& options_;
  const TextConsumed& on_consumed_;
  bool encoding_checked_;
  // Located when found: the text may be gone when it is reported.
  std::optional<TextLocation> first_skipped_;
  std::string first_skipped_message_;
};

std::vector<std::string_view> contents(const FieldScanner& scanner,
                                       const std::vector<Field>& fields) {
  std::vector<std::string_view> views;
  for (const Field& field : fields) views.push_back(scanner.content(field));
  return views;
}

std::vector<Field> Parser::read_first_record(FieldScanner& scanner) const {
  std::vector<Field> fields;
  Field field;
  while (true) {
    const FieldOutcome outcome = scanner.next_field(field);
    const TextPoint here{scanner.record_anchor(), field.start};
    if (outcome == FieldOutcome::unterminated_quote) {
      fail(here, "unterminated quoted field (found no closing quote)");
    }
    if (outcome == FieldOutcome::text_after_quote) {
      fail({scanner.record_anchor(), scanner.position()},
           std::string("unexpected text after a closing quote (found ")
               .append(quote_character_at(text_, scanner.position()))
               .append(")"));
    }
    fields.push_back(field);
    if (outcome == FieldOutcome::record_end) return fields;
  }
}

bool Parser::first_record_is_header(const FieldScanner& scanner,
                                    const std::vector<Field>& first) const {
  if (options_.header != HeaderMode::automatic) return options_.header == HeaderMode::present;
  FieldScanner lookahead = scanner;
  std::vector<Field> second;
  if (lookahead.next_record()) {
    Field field;
    FieldOutcome outcome = FieldOutcome::more_fields;
    while (outcome == FieldOutcome::more_fields) {
      outcome = lookahead.next_field(field);
      second.push_back(field);
    }
  }
  return looks_like_header(contents(scanner, first), contents(lookahead, second));
}

ColumnPlan Parser::plan(const std::vector<Field>& first, LineAnchor anchor, bool has_header,
                        const FieldScanner& scanner) const {
  std::vector<std::string> header;
  if (has_header) {
    std::string scratch;
    for (const Field& field : first) header.emplace_back(scanner.value(field, scratch));
  }
  try {
    return plan_columns(header, first.size(), options_);
  } catch (const ColumnSelectionError& error) {
    const std::size_t offset = error.column() && *error.column() < first.size()
                                   ? first[*error.column()].start
                                   : anchor.offset;
    fail({anchor, offset}, error.what());
  }
}

void Parser::read_rows(FieldScanner& scanner, RowReader& reader, LabeledTable& table) {
  std::size_t reported = scanner.position();
  std::size_t record_number = 0;
  while (scanner.next_record()) {
    ++record_number;
    const LineAnchor anchor = scanner.record_anchor();
    // Nothing before the record's first line is read again.
    if (on_consumed_ && anchor.offset - reported >= consumed_text_step) [[unlikely]] {
      reported = anchor.offset;
      on_consumed_(text_.data() + reported);
    }
    std::optional<RowProblem> problem = reader.read(scanner);
    if (!problem) [[likely]] {
      table.record_numbers.push_back(record_number);
      continue;
    }
    const TextPoint where{anchor, problem->offset};
    if (problem->fatal || !options_.skip_bad_rows) {
      // A third class seen earlier is the first thing wrong with the file.
      if (reader.first_other_label()) return;
      fail(where, problem->message);
    }
    if (!problem->record_finished) scanner.skip_rest_of_record();
    if (!first_skipped_) {
      first_skipped_ = locate(text_, where.anchor, where.offset);
      first_skipped_message_ = problem->message;
    }
    if (table.skipped_rows < skipped_rows_to_describe) {
      table.skipped_row_errors.push_back(error_at(where, problem->message).what());
    }
    ++table.skipped_rows;
  }
}

void Parser::finish_labels(const RowReader& reader, const LabelClasses& classes,
                           const std::string& name, LabeledTable& table) const {
  const std::string quoted_name = quote_name(name);
  if (reader.first_other_label() && !options_.known_classes) {
    fail_at(*reader.first_other_label(), std::string("more than two classes in label column ")
                                             .append(quoted_name)
                                             .append(" (found ")
                                             .append(classes.list_values())
                                             .append(")"));
  }
  std::size_t positive = 1;
  if (options_.known_classes) {
    table.classes = *options_.known_classes;
  } else {
    const TextLocation first_label = reader.first_label().value_or(TextLocation{});
    if (classes.class_count() < 2) {
      fail_at(first_label, std::string("only one class in label column ")
                               .append(quoted_name)
                               .append(" (found ")
                               .append(quote_found(classes.spelling(0)))
                               .append(" in all ")
                               .append(std::to_string(table.labels.n_elem))
                               .append(table.labels.n_elem == 1 ? " row)" : " rows)"));
    }
    const std::array<std::string, 2> spellings = {classes.spelling(0), classes.spelling(1)};
    const auto chosen = choose_positive(spellings, options_.positive);
    if (!chosen) {
      fail_at(first_label, std::string("positive class ")
                               .append(quote_found(options_.positive.value_or("")))
                               .append(" is not a value of label column ")
                               .append(quoted_name)
                               .append(" (found ")
                               .append(classes.list_values())
                               .append(")"));
    }
    positive = *chosen;
    table.classes = {spellings[1 - positive], spellings[positive]};
  }
  // Rows were labelled by order of first appearance; class 1 must be the positive one.
  if (positive == 0) table.labels = 1.0 - table.labels;
  const auto ones = static_cast<std::size_t>(arma::accu(table.labels));
  table.class_counts = {table.labels.n_elem - ones, ones};
}

LabeledTable Parser::parse() {
  if (options_.comment) {
    const char comment = *options_.comment;
    if (comment < '!' || comment > '~' || comment == '"') {
      throw std::invalid_argument(
          "the comment character must be printable ASCII other than a quote or a blank");
    }
  }
  text_ = strip_byte_order_mark(text_);
  if (!encoding_checked_) {
    if (const auto problem = find_encoding_problem(text_)) {
      fail({LineAnchor{}, problem->offset}, problem->message);
    }
  }
  if (text_.empty()) fail({}, "no data (found an empty file)");

  LabeledTable table;
  table.delimiter = options_.delimiter == Delimiter::automatic
                        ? sniff_delimiter(text_, options_.comment)
                        : options_.delimiter;
  FieldScanner scanner(text_, table.delimiter, options_.comment);
  if (!scanner.next_record()) {
    fail({}, options_.comment ? "no data (found only blank lines and comments)"
                              : "no data (found only blank lines)");
  }
  const LineAnchor first_anchor = scanner.record_anchor();
  const std::vector<Field> first = read_first_record(scanner);
  table.has_header = first_record_is_header(scanner, first);
  const ColumnPlan columns = plan(first, first_anchor, table.has_header, scanner);
  if (!table.has_header) scanner = FieldScanner(text_, table.delimiter, options_.comment);

  const std::size_t expected_rows =
      count_records(text_, scanner.position(), table.delimiter, options_.comment);
  TableBuilder builder(columns.feature_names.size(), columns.label_column.has_value(),
                       expected_rows);
  LabelClasses classes(options_.known_classes);
  RowReader reader(columns, builder, columns.label_column ? &classes : nullptr,
                   options_.known_classes.has_value());
  table.record_numbers.reserve(expected_rows);
  read_rows(scanner, reader, table);

  if (builder.rows() == 0 && !reader.first_other_label()) {
    if (first_skipped_) {
      fail_at(*first_skipped_, std::string("no data rows left after skipping ")
                                   .append(std::to_string(table.skipped_rows))
                                   .append(table.skipped_rows == 1 ? " bad row; " : " bad rows; ")
                                   .append("the first: ")
                                   .append(first_skipped_message_));
    }
    fail({first_anchor, first_anchor.offset}, "no data rows (found only the header)");
  }
  builder.finish(table.features, table.labels);
  table.feature_names = columns.feature_names;
  if (columns.label_column) {
    table.label_index = columns.label_column;
    table.label_name = columns.names[*columns.label_column];
    finish_labels(reader, classes, table.label_name, table);
  }
  return table;
}

}  // namespace

LabeledTable parse_table_text(std::string_view text, std::string_view source,
                              const ReadOptions& options, const TextConsumed& on_consumed,
                              bool encoding_checked) {
  return Parser(text, source, options, on_consumed, encoding_checked).parse();
}

LabeledTable parse_labeled_table(std::string_view text, std::string_view source,
                                 const ReadOptions& options) {
  return parse_table_text(text, source, options, {}, false);
}

}  // namespace adtrain::data
