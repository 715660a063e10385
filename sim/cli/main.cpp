// banditsim: the command-line program. See `banditsim --help`.
#include <iostream>
#include <string>

#include "sim/cli/commands.hpp"
#include "sim/core/check.hpp"
#include "sim/output/provenance.hpp"
#include "sim/scenario/scenario.hpp"

namespace {

constexpr const char* kUsage =
    R"(banditsim: Monte-Carlo simulation of bandit and reinforcement-learning algorithms

Usage: banditsim COMMAND [ARGS...]

Commands:
  run FILE          run a scenario file and write its results (HDF5)
  merge SHARD...    merge the shard files of `run --shard I/N` into one results file
  validate FILE     check a scenario file; show its cells and the total work
  list              the agents, environments and metrics there are
  describe NAME     parameters, defaults and paper of an agent, environment or metric
  summary FILE.h5   final metrics with 95% confidence intervals and paired differences
  plot FILE.h5      a figure of a metric: curves over time, or against a swept key
  audit FILE        check empirically that a scenario's private agents are epsilon-DP

Run `banditsim COMMAND --help` for the options of a command.
Scenario format: scenarios/README.md. Quick start: banditsim run scenarios/quickstart.toml

Exit codes: 0 success, 1 runtime failure, 2 bad usage or bad scenario
(audit: 3 when it finds a privacy violation).
)";

}  // namespace

int main(int argc, char** argv) {
  using namespace banditsim;
  std::string command_line;
  for (int i = 0; i < argc; ++i) {
    if (i) command_line += ' ';
    command_line += argv[i];
  }
  if (argc < 2) {
    std::cerr << kUsage;
    return cli::kExitUsage;
  }
  const std::string command = argv[1];
  const cli::Args args(argv + 2, argv + argc);
  try {
    if (command == "--help" || command == "-h" || command == "help") {
      std::cout << kUsage;
      return cli::kExitOk;
    }
    if (command == "--version") {
      std::cout << program_description() << "\n" << library_versions() << "\n";
      return cli::kExitOk;
    }
    if (command == "run") return cli::run_command(args, command_line);
    if (command == "merge") return cli::merge_command(args, command_line);
    if (command == "validate") return cli::validate_command(args);
    if (command == "list") return cli::list_command(args);
    if (command == "describe") return cli::describe_command(args);
    if (command == "summary") return cli::summary_command(args);
    if (command == "plot") return cli::plot_command(args);
    if (command == "audit") return cli::audit_command(args);
    std::cerr << "banditsim: unknown command '" << command
              << "' (commands: run, merge, validate, list, describe, summary, plot, audit)\n"
              << "Try `banditsim --help`.\n";
    return cli::kExitUsage;
  } catch (const cli::UsageError& error) {
    std::cerr << "banditsim " << command << ": " << error.what() << "\n"
              << "Try `banditsim " << (command.rfind('-', 0) == 0 ? "" : command + " ")
              << "--help`.\n";
    return cli::kExitUsage;
  } catch (const ScenarioError& error) {
    const auto& issues = error.issues();
    std::cerr << error.what() << "\n"
              << issues.size() << (issues.size() == 1 ? " problem" : " problems")
              << " found; nothing was run.\n";
    return cli::kExitUsage;
  } catch (const RuntimeFailure& error) {
    std::cerr << "banditsim " << command << ": " << error.what() << "\n";
    return cli::kExitFailure;
  } catch (const std::exception& error) {
    std::cerr << "banditsim " << command << ": " << error.what() << "\n";
    return cli::kExitFailure;
  }
}
