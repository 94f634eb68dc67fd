// Peak resident memory of a read, measured in a fresh process so that nothing
// the benchmark itself allocated counts.
#pragma once

#include <cstddef>
#include <string>

namespace adtrain::bench {

// VmHWM of this process, in bytes.
std::size_t peak_resident_bytes();

struct ReadMemory {
  std::size_t baseline_bytes = 0;  // peak before reading
  std::size_t peak_bytes = 0;      // peak after reading
  std::size_t matrix_bytes = 0;    // the feature matrix's float64 values
  std::size_t labels_bytes = 0;
  std::size_t file_bytes = 0;
};

// The child side: reads `path` with read_labeled_table and prints what it took.
int report_read_memory(const std::string& path);

// The parent side: runs `program` (this executable) with `child_flag path`
// and parses the child's report.
ReadMemory measure_read_memory(const std::string& program, const std::string& child_flag,
                               const std::string& path);

}  // namespace adtrain::bench
