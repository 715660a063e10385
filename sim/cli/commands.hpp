/// @file sim/cli/commands.hpp
/// The subcommands of the banditsim program. Each takes the arguments after its
/// name and returns the exit code: 0 ok, 1 runtime failure, 2 bad usage or a
/// bad scenario (and `audit`: 3 for a privacy violation found).
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace banditsim::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;

/// Bad command-line usage: printed with a pointer to --help, exit code 2.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

using Args = std::vector<std::string>;

int run_command(const Args& args, const std::string& command_line);
int merge_command(const Args& args, const std::string& command_line);
int validate_command(const Args& args);
int list_command(const Args& args);
int describe_command(const Args& args);
int summary_command(const Args& args);
int plot_command(const Args& args);
int audit_command(const Args& args);

}  // namespace banditsim::cli
