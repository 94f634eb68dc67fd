// parse_labeled_table with more for read_labeled_table: a way to let the
// memory of text go once it has been parsed, so that a big file never sits in
// memory whole next to the matrix made from it, and a way to say that the
// encoding was checked already (as the text was read).
#pragma once

#include <functional>
#include <string_view>

#include "adtrain/data/table_reader.hpp"

namespace adtrain::data {

// Called with a pointer into the text: the parser never reads the bytes
// before it again, so their memory may be given back (even as zeros).
using TextConsumed = std::function<void(const char* consumed_end)>;

// `encoding_checked`: the text past any byte-order mark is known to be valid
// UTF-8 without NUL bytes (find_encoding_problem found nothing).
LabeledTable parse_table_text(std::string_view text, std::string_view source,
                              const ReadOptions& options, const TextConsumed& on_consumed,
                              bool encoding_checked);

}  // namespace adtrain::data
