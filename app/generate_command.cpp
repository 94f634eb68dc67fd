// adtrain generate: the seed's data set as CSV.
#include <fmt/core.h>

#include "adtrain/ml.hpp"
#include "commands.hpp"
#include "console.hpp"
#include "exit_status.hpp"
#include "output_file.hpp"

namespace adtrain::app {

int run_generate(const GenerateSettings& settings) {
  const OutputFile out = OutputFile::resolve("--out", settings.out);
  if (out.is_standard_output()) messages_to_standard_error();
  const ml::Dataset data = ml::generate_seed_data(settings.rows, settings.seed);
  std::string csv = "x1,x2,y\n";
  csv.reserve(csv.size() + data.rows() * 48);
  for (arma::uword i = 0; i < data.rows(); ++i) {
    // {} is the shortest text that reads back as the same double.
    csv += fmt::format("{},{},{}\n", data.features(i, 0), data.features(i, 1),
                       data.labels(i) == 1.0 ? 1 : 0);
  }
  out.write(csv);
  say(fmt::format("wrote {} rows to {}\n", data.rows(), settings.out));
  return code(ExitStatus::success);
}

}  // namespace adtrain::app
