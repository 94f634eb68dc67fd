// A large, reproducible numeric CSV for the reading benchmarks, made at run
// time so that no big file lives in the repository.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>

namespace adtrain::bench {

// "x1,x2,x3,y" and `rows` rows of three numbers with ten decimals and a 0/1
// label: about 42 bytes a row.
std::string make_numeric_csv(std::size_t rows);

// Writes make_numeric_csv(rows) to `path` unless a file of that size and
// content is already there; returns the path.
std::filesystem::path write_numeric_csv(const std::filesystem::path& path, std::size_t rows);

}  // namespace adtrain::bench
