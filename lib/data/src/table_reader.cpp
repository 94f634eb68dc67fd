#include "adtrain/data/table_reader.hpp"

#include "input_buffer.hpp"
#include "table_parser.hpp"

namespace adtrain::data {

LabeledTable read_labeled_table(const std::string& path, const ReadOptions& options) {
  InputBuffer input(path);
  return parse_table_text(
      input.text(), input.source(), options,
      [&input](const char* consumed_end) { input.release_before(consumed_end); }, true);
}

}  // namespace adtrain::data
