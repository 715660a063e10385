/// @file tests/support/run_helpers.hpp
/// Helpers for tests that run whole scenarios: scratch paths, running commands,
/// comparing results files with h5diff.
#pragma once

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <string>

namespace banditsim::testing {

/// A fresh, empty scratch directory under the build tree.
inline std::filesystem::path scratch_dir(const std::string& name) {
  const auto dir = std::filesystem::path(BANDITSIM_TEST_TMP) / name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

struct CommandResult {
  int exit_code = -1;
  std::string output;  ///< stdout and stderr, interleaved.
};

/// Runs a shell command, capturing stdout+stderr.
inline CommandResult run_command(const std::string& command) {
  CommandResult result;
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  if (!pipe) return result;
  std::array<char, 4096> buffer;
  std::size_t got;
  while ((got = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0)
    result.output.append(buffer.data(), got);
  const int status = ::pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

/// h5diff over every dataset and its attributes; root attributes (provenance
/// that legitimately differs between runs: times, threads, host) are excluded.
inline CommandResult h5diff_datasets(const std::filesystem::path& a,
                                     const std::filesystem::path& b) {
  return run_command("h5diff --exclude-attribute / '" + a.string() + "' '" + b.string() + "'");
}

}  // namespace banditsim::testing
