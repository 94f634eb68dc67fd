// One file read by several processes, each its own share: the byte range of
// a share, aligned to line starts; reading it with its encoding checked; the
// layout of the table decided from the file's head alone; and the error for
// a data set whose shares hold no rows. Parsing a share is the parser's
// (table_parser.cpp), agreeing on the classes label_classes.cpp's.
#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <functional>
#include <limits>
#include <new>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>

#include "adtrain/data.hpp"
#include "field_scanner.hpp"
#include "internal.hpp"

namespace adtrain::data {
namespace {

// Bytes read at a time when looking for a line start: a few lines of a
// typical table, so a bound costs one read.
constexpr std::size_t probe_chunk = 4096;
// Bytes read, and checked, at a time for a share: as InputBuffer reads, so
// that a binary file is refused after its first megabyte.
constexpr std::size_t share_chunk = std::size_t{1} << 20;
// The first read of detect_layout, doubled until the decisions are sure.
constexpr std::size_t first_head = std::size_t{64} << 10;

// size * part / parts without overflow: parts <= 2^32 keeps
// (size % parts) * part below 2^64.
std::uint64_t nominal_bound(std::uint64_t size, std::uint64_t part, std::uint64_t parts) {
  return size / parts * part + size % parts * part / parts;
}

// The first line start at or after `offset`, or the file's size.
std::uint64_t next_line_start(const InputFile& file, std::uint64_t offset) {
  const std::uint64_t size = file.size();
  if (offset == 0 || offset >= size) return std::min(offset, size);
  // A line starts at `offset` when the byte before it is a '\n'.
  std::uint64_t from = offset - 1;
  char chunk[probe_chunk];
  while (from < size) {
    const std::size_t count = file.read_at(from, chunk, probe_chunk);
    if (count == 0) break;
    if (const void* newline = std::memchr(chunk, '\n', count)) {
      return from + static_cast<std::uint64_t>(static_cast<const char*>(newline) - chunk) + 1;
    }
    from += count;
  }
  return size;
}

std::size_t bom_length(std::string_view text) {
  return text.size() - strip_byte_order_mark(text).size();
}

std::size_t count_line_ends(std::string_view text) {
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

}  // namespace

ByteRange record_range(const std::string& path, std::size_t part, std::size_t parts) {
  constexpr std::uint64_t most_parts = std::uint64_t{1} << 32;
  if (parts == 0 || parts > most_parts || part >= parts) {
    throw std::invalid_argument("record_range: part must be less than parts, parts 1 to 2^32");
  }
  const InputFile file(path, InputFile::RegularOnly{});
  const std::uint64_t size = file.size();
  ByteRange range{.begin = 0, .end = size, .file_size = size};
  if (part > 0) range.begin = next_line_start(file, nominal_bound(size, part, parts));
  if (part + 1 < parts) range.end = next_line_start(file, nominal_bound(size, part + 1, parts));
  file.check_unchanged();
  return range;
}

ShareText read_range(const std::string& path, const ByteRange& range) {
  if (range.begin > range.end || range.end > range.file_size ||
      range.end - range.begin > std::numeric_limits<std::size_t>::max()) {
    throw std::invalid_argument("read_range: the range does not fit in its file");
  }
  const InputFile file(path, InputFile::RegularOnly{});
  // A file that grew or shrank since it was split would lose or repeat rows
  // at the bounds.
  if (file.size() != range.file_size) {
    file.fail(std::string("the file changed since it was split among processes (found ")
                  .append(std::to_string(file.size()))
                  .append(" bytes, ")
                  .append(std::to_string(range.file_size))
                  .append(" when it was split)"));
  }
  ShareText share;
  share.range = range;
  const auto length = static_cast<std::size_t>(range.end - range.begin);
  try {
    share.bytes.resize(length);
  } catch (const std::bad_alloc&) {
    file.fail(std::string("cannot read (").append(std::strerror(ENOMEM)).append(")"));
  }
  char* const data = share.bytes.data();
  std::size_t done = 0;
  std::size_t text_start = 0;  // past a byte-order mark at the file's start
  std::size_t checked = 0;     // of the text from text_start
  while (done < length) {
    const std::size_t count =
        file.read_at(range.begin + done, data + done, std::min(share_chunk, length - done));
    if (count == 0) {
      // The file is shorter than when it was opened.
      file.check_unchanged();
      file.fail("the file changed while it was read (found it shorter)");
    }
    const bool first_read = done == 0;
    done += count;
    if (first_read && range.begin == 0) text_start = bom_length(std::string_view(data, done));
    const std::string_view text(data + text_start, done - text_start);
    const EncodingCheck check = check_encoding(text, checked, done == length, range.begin == 0);
    checked = check.checked;
    if (check.problem) {
      // Line numbers are not known yet: parse_share reports it.
      share.bytes.resize(text_start + check.problem->offset);
      share.line_ends = count_line_ends(share.bytes);
      share.encoding_problem =
          EncodingProblem{text_start + check.problem->offset, check.problem->message};
      return share;
    }
  }
  file.check_unchanged();
  share.line_ends = count_line_ends(share.bytes);
  return share;
}

TableLayout layout_of_input(std::string& head, const std::string& source,
                            const ReadOptions& options, PieceReader reader,
                            const std::function<bool(std::size_t wanted)>& read_to) {
  std::size_t checked = 0;  // of the text past a byte-order mark
  std::size_t wanted = first_head;
  while (true) {
    const bool complete = read_to(wanted);
    const std::size_t text_start = bom_length(head);
    std::string_view text = std::string_view(head).substr(text_start);
    // A head cut at a line end cuts no character, no CRLF and no field;
    // without a line end it is empty.
    if (!complete) text = text.substr(0, text.rfind('\n') + 1);
    const EncodingCheck check = check_encoding(text, checked, true);
    checked = check.checked;
    if (check.problem) {
      const TextLocation location = locate(text, LineAnchor{}, check.problem->offset);
      throw DataError(source, location.line, location.column, check.problem->message);
    }
    if (complete || !text.empty()) {
      const HeadLayout decided = layout_of_head(text, source, options, complete);
      if (decided.layout) {
        TableLayout layout = *decided.layout;
        layout.data_offset += text_start;
        return layout;
      }
      if (head.size() >= layout_head_limit) {
        const TextLocation location = locate(text, LineAnchor{}, decided.unfinished);
        throw DataError(source, location.line, location.column,
                        std::string("the first records do not end within the first ")
                            .append(std::to_string(layout_head_limit >> 20))
                            .append(" MiB (found an open quote or a very long line); ")
                            .append(cannot_read_in_pieces(reader, "a file like this")));
      }
    } else if (head.size() >= layout_head_limit) {
      throw DataError(source, 1, 1,
                      std::string("the first line does not end within the first ")
                          .append(std::to_string(layout_head_limit >> 20))
                          .append(" MiB; ")
                          .append(cannot_read_in_pieces(reader, "a file like this")));
    }
    wanted = std::min(wanted * 2, layout_head_limit);
  }
}

TableLayout detect_layout(const std::string& path, const ReadOptions& options) {
  const InputFile file(path, InputFile::RegularOnly{});
  const std::uint64_t size = file.size();
  std::string head;
  const TableLayout layout = layout_of_input(
      head, file.source(), options, PieceReader::processes, [&](std::size_t wanted) {
        const std::size_t before = head.size();
        const auto target = static_cast<std::size_t>(std::min<std::uint64_t>(size, wanted));
        if (target <= before) return head.size() == size;
        head.resize(target);
        const std::size_t count = file.read_at(before, head.data() + before, target - before);
        if (count < target - before) {
          // The file is shorter than when it was opened.
          file.check_unchanged();
          file.fail("the file changed while it was read (found it shorter)");
        }
        return head.size() == size;
      });
  file.check_unchanged();
  return layout;
}

DataError no_rows_error(std::string_view source, const TableLayout& layout,
                        std::size_t skipped_rows, std::string_view first_skipped_error) {
  if (skipped_rows == 0) {
    return DataError(std::string(source), layout.first_record_line, 1,
                     "no data rows (found only the header)");
  }
  // first_skipped_error is "SOURCE:LINE:COLUMN: message", SOURCE written as
  // DataError writes it; the message is already escaped, and escaping is
  // idempotent, so it goes in unchanged.
  const std::string written = DataError(std::string(source), 0, 0, "").what();
  const std::string prefix = written.substr(0, written.size() - std::string_view("0:0: ").size());
  std::size_t line = 0;
  std::size_t column = 0;
  std::string_view rest = first_skipped_error;
  bool parsed = rest.starts_with(prefix);
  if (parsed) {
    rest.remove_prefix(prefix.size());
    const auto [line_end, line_error] =
        std::from_chars(rest.data(), rest.data() + rest.size(), line);
    rest.remove_prefix(static_cast<std::size_t>(line_end - rest.data()));
    parsed = line_error == std::errc() && rest.starts_with(':');
    if (parsed) rest.remove_prefix(1);
  }
  if (parsed) {
    const auto [column_end, column_error] =
        std::from_chars(rest.data(), rest.data() + rest.size(), column);
    rest.remove_prefix(static_cast<std::size_t>(column_end - rest.data()));
    parsed = column_error == std::errc() && rest.starts_with(": ");
    if (parsed) rest.remove_prefix(2);
  }
  if (!parsed) {
    throw std::invalid_argument("no_rows_error: the first skipped error is not one of this file's");
  }
  return DataError(std::string(source), line, column,
                   std::string("no data rows left after skipping ")
                       .append(std::to_string(skipped_rows))
                       .append(skipped_rows == 1 ? " bad row; " : " bad rows; ")
                       .append("the first: ")
                       .append(rest));
}

}  // namespace adtrain::data
