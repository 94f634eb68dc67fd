#include "support/numeric_csv.hpp"

#include <charconv>
#include <fstream>
#include <iterator>
#include <random>

namespace adtrain::bench {
namespace {

void append_number(std::string& out, double value) {
  char buffer[32];
  const auto result =
      std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed, 10);
  out.append(buffer, result.ptr);
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

std::string make_numeric_csv(std::size_t rows) {
  std::mt19937_64 engine(12345);
  std::normal_distribution<double> feature(0.0, 2.0);
  std::bernoulli_distribution label(0.5);
  std::string text = "x1,x2,x3,y\n";
  text.reserve(rows * 42);
  for (std::size_t row = 0; row < rows; ++row) {
    append_number(text, feature(engine));
    text += ',';
    append_number(text, feature(engine));
    text += ',';
    append_number(text, feature(engine));
    text += label(engine) ? ",1\n" : ",0\n";
  }
  return text;
}

std::filesystem::path write_numeric_csv(const std::filesystem::path& path, std::size_t rows) {
  const std::string text = make_numeric_csv(rows);
  std::error_code error;
  if (std::filesystem::file_size(path, error) == text.size() && read_file(path) == text) {
    return path;
  }
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

}  // namespace adtrain::bench
