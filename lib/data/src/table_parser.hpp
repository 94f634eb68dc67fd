// parse_labeled_table with one more hook for read_labeled_table: a way to let
// the pages of a memory-mapped file go once they have been parsed, so that a
// big file never sits in memory whole next to the matrix made from it.
#pragma once

#include <functional>
#include <string_view>

#include "adtrain/data/table_reader.hpp"

namespace adtrain::data {

// Called with a pointer into the text: the bytes before it may be dropped
// from memory (they must stay readable, as a file mapping's are: reading them
// again only costs a page fault).
using TextConsumed = std::function<void(const char* consumed_end)>;

LabeledTable parse_table_text(std::string_view text, std::string_view source,
                              const ReadOptions& options, const TextConsumed& on_consumed);

}  // namespace adtrain::data
