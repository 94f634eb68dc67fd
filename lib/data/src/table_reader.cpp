#include "adtrain/data/table_reader.hpp"

#include "input_buffer.hpp"

namespace adtrain::data {

LabeledTable read_labeled_table(const std::string& path, const ReadOptions& options) {
  const InputBuffer input(path);
  return parse_labeled_table(input.text(), input.source(), options);
}

}  // namespace adtrain::data
