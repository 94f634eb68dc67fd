// How fast tables are read and how much memory it takes, on a generated
// 1,000,000-row numeric CSV (x1,x2,x3,y; about 42 MB):
//   cmake --build build --target bench && ./build/bench/adtrain_csv_bench
// Throughput is in bytes_per_second, per second of CPU time (the work of one
// core, which a busy machine does not distort as it does wall time; page
// faults count, as system time). The PeakMemory counters compare the
// reading process's peak (above its start) with the budget of 1.5x
// the float64 feature matrix plus the file size.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "adtrain/data.hpp"
#include "support/numeric_csv.hpp"
#include "support/peak_memory.hpp"

namespace {

constexpr std::size_t csv_rows = 1'000'000;
constexpr const char* memory_child_flag = "--report-read-memory";

std::string program_path;

const std::filesystem::path& csv_path() {
  static const std::filesystem::path path = adtrain::bench::write_numeric_csv(
      std::filesystem::path(ADTRAIN_BENCH_DATA_DIR) / "numeric_1m.csv", csv_rows);
  return path;
}

const std::string& csv_text() {
  static const std::string text = [] {
    std::ifstream in(csv_path(), std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }();
  return text;
}

constexpr double megabyte = 1024.0 * 1024.0;

void ParseInMemory(benchmark::State& state) {
  const std::string& text = csv_text();
  for (auto _ : state) {
    auto table = adtrain::data::parse_labeled_table(text, "bench", {});
    benchmark::DoNotOptimize(table.features.memptr());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
  state.counters["rows"] = static_cast<double>(csv_rows);
}
BENCHMARK(ParseInMemory)->Unit(benchmark::kMillisecond);

void ReadFile(benchmark::State& state) {
  const std::string path = csv_path().string();
  for (auto _ : state) {
    auto table = adtrain::data::read_labeled_table(path, {});
    benchmark::DoNotOptimize(table.features.memptr());
  }
  state.SetBytesProcessed(
      static_cast<std::int64_t>(state.iterations() * std::filesystem::file_size(path)));
}
BENCHMARK(ReadFile)->Unit(benchmark::kMillisecond);

void PeakMemory(benchmark::State& state) {
  adtrain::bench::ReadMemory memory;
  for (auto _ : state) {
    memory =
        adtrain::bench::measure_read_memory(program_path, memory_child_flag, csv_path().string());
  }
  const double used = static_cast<double>(memory.peak_bytes - memory.baseline_bytes);
  const double budget =
      1.5 * static_cast<double>(memory.matrix_bytes) + static_cast<double>(memory.file_bytes);
  state.counters["peak_MB"] = used / megabyte;
  state.counters["matrix_MB"] = static_cast<double>(memory.matrix_bytes) / megabyte;
  state.counters["labels_MB"] = static_cast<double>(memory.labels_bytes) / megabyte;
  state.counters["file_MB"] = static_cast<double>(memory.file_bytes) / megabyte;
  state.counters["peak_over_budget"] = used / budget;
}
BENCHMARK(PeakMemory)->Unit(benchmark::kMillisecond)->Iterations(1);

}  // namespace

int main(int argc, char** argv) {
  if (argc == 3 && std::string(argv[1]) == memory_child_flag) {
    return adtrain::bench::report_read_memory(argv[2]);
  }
  program_path = std::filesystem::canonical("/proc/self/exe").string();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
