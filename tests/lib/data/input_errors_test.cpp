// Inputs that cannot be read at all: InputError, "SOURCE: reason".
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "table_test_support.hpp"

namespace adtrain::data {
namespace {

using testing::data_file;

std::string input_error(const std::string& path) {
  try {
    read_labeled_table(path, {});
  } catch (const InputError& error) {
    return error.what();
  }
  return "no InputError";
}

std::filesystem::path scratch_file(const std::string& name, const std::string& content) {
  const auto path = std::filesystem::temp_directory_path() /
                    (std::string("adtrain_data_test_") + std::to_string(::getpid()) + "_" + name);
  std::ofstream(path, std::ios::binary) << content;
  return path;
}

TEST(InputErrors, MissingFile) {
  const std::string path = data_file("bad/does_not_exist.csv");
  EXPECT_EQ(input_error(path), path + ": no such file");
}

TEST(InputErrors, Directory) {
  const std::string path = data_file("bad/directory.csv");
  EXPECT_EQ(input_error(path), path + ": is a directory");
}

TEST(InputErrors, PathThroughAFile) {
  const std::string path = data_file("good/comma.csv/inner.csv");
  EXPECT_EQ(input_error(path), path + ": no such file (part of the path is not a directory)");
}

// Root reads any file, so the check runs in a child process that gives up
// root first.
TEST(InputErrors, NoReadPermission) {
  const auto path = scratch_file("unreadable.csv", "a,y\n1,0\n2,1\n");
  std::filesystem::permissions(path, std::filesystem::perms::none);
  const std::string expected = path.string() + ": permission denied";
  EXPECT_EXIT(
      {
        constexpr uid_t nobody = 65534;
        if (::geteuid() == 0 && (::setgid(nobody) != 0 || ::setuid(nobody) != 0)) std::_Exit(2);
        std::_Exit(input_error(path.string()) == expected ? 0 : 1);
      },
      ::testing::ExitedWithCode(0), "");
  std::filesystem::remove(path);
}

TEST(InputErrors, TheFileIsNeverModified) {
  const auto path = scratch_file("untouched.csv", "a,y\n1,0\n2,x\n3,z\n");
  const auto before = std::filesystem::last_write_time(path);
  EXPECT_THROW(read_labeled_table(path.string(), {}), DataError);
  EXPECT_EQ(std::filesystem::last_write_time(path), before);
  std::ifstream in(path, std::ios::binary);
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(in), {}), "a,y\n1,0\n2,x\n3,z\n");
  std::filesystem::remove(path);
}

TEST(StandardInput, DashReadsARedirectedFile) {
  const auto path = scratch_file("stdin.csv", "a,y\n1,0\n2,1\n");
  std::FILE* file = std::fopen(path.c_str(), "rb");
  ASSERT_NE(file, nullptr);
  {
    const testing::RedirectedStdin redirect(::fileno(file));
    const LabeledTable table = read_labeled_table("-", {});
    EXPECT_EQ(table.features.n_rows, 2U);
  }
  std::fclose(file);
  std::filesystem::remove(path);
}

TEST(StandardInput, DashReadsAPipeAndNamesItInErrors) {
  int pipe_ends[2];
  ASSERT_EQ(::pipe(pipe_ends), 0);
  const std::string text = "a,y\n1,0\n2,bad,1\n";
  ASSERT_EQ(::write(pipe_ends[1], text.data(), text.size()), static_cast<ssize_t>(text.size()));
  ::close(pipe_ends[1]);
  {
    const testing::RedirectedStdin redirect(pipe_ends[0]);
    EXPECT_EQ(testing::read_error("-"), "<stdin>:3:7: too many fields: expected 2 (found 3)");
  }
  ::close(pipe_ends[0]);
}

}  // namespace
}  // namespace adtrain::data
