// banditsim run: run a scenario and write its results file.
#include <iostream>

#include "sim/cli/options.hpp"
#include "sim/engine/experiment.hpp"
#include "sim/engine/interrupt.hpp"
#include "sim/families/families.hpp"
#include "sim/output/results_reader.hpp"
#include "sim/output/summary.hpp"

namespace banditsim::cli {

namespace {
constexpr const char* kHelp = R"(Usage: banditsim run FILE [options]

Runs every cell of the scenario FILE (cells = the combinations of its [[sweep]]
blocks) for run.replications independent replications, in parallel on all
cores, and writes one HDF5 results file: run.output, or results/NAME.h5.
Then prints the summary table (see `banditsim summary --help`).

The run is journaled to OUTPUT.partial as blocks of replications finish. If it
is killed or interrupted (Ctrl-C, SIGTERM, SLURM's time limit), run the same
command with --resume: it continues where it stopped and gives exactly the
results an uninterrupted run gives. The results file only appears complete
(it is written as OUTPUT.tmp, then renamed). Results are bit-identical for
any --threads.

Examples:
  banditsim run scenarios/quickstart.toml
  banditsim run sweep.toml --threads 8 --set run.replications=200 -o pilot.h5
  banditsim run sweep.toml --resume)";
}  // namespace

int run_command(const Args& args, const std::string& command_line) {
  std::string file, output, progress_text = "auto";
  std::vector<std::string> overrides;
  int threads = 0;
  po::options_description options("Options");
  options.add_options()("help,h", "show this help")("file", po::value(&file),
                                                    "scenario file (TOML)")(
      "output,o", po::value(&output)->value_name("OUT"),
      "results file to write (overrides run.output)")(
      "threads", po::value(&threads)->value_name("N"), "computing threads (default: all cores)")(
      "set", po::value(&overrides)->composing()->value_name("KEY=VALUE"),
      "override a scenario value, repeatable: --set agents.eps.epsilon=0.2 "
      "--set run.replications=100 (VALUE in TOML syntax)")(
      "resume", po::bool_switch(), "continue an interrupted run from its journal")(
      "force", po::bool_switch(), "overwrite an existing results file or journal")(
      "progress", po::value(&progress_text)->value_name("WHEN"),
      "auto (bar on a terminal, a line every 30 s otherwise), always, never")(
      "quiet,q", po::bool_switch(), "print nothing but errors");
  po::positional_options_description positional;
  positional.add("file", 1);
  po::variables_map values;
  if (!parse_options(args, options, positional, values, kHelp)) return kExitOk;
  if (file.empty()) throw UsageError("missing the scenario FILE");
  if (threads < 0) throw UsageError("--threads must be positive");
  const bool quiet = values["quiet"].as<bool>();
  RunOptions run;
  try {
    run.progress = quiet ? ProgressMode::kNever : parse_progress_mode(progress_text);
  } catch (const std::invalid_argument& error) {
    throw UsageError(error.what());
  }
  run.threads = threads;
  run.resume = values["resume"].as<bool>();
  run.force = values["force"].as<bool>();
  run.command_line = command_line;

  const Scenario scenario = load_scenario(file, {overrides, output}, builtin_families());
  install_interrupt_handlers();
  if (!quiet)
    std::cerr << "running " << scenario.name << ": " << scenario.cells.size()
              << (scenario.cells.size() == 1 ? " cell" : " cells") << " x "
              << scenario.agent_labels.size() << " agents x " << scenario.replications
              << " replications = " << ProgressReporter::format_count(scenario.total_steps())
              << " steps\n";
  const RunOutcome outcome = run_scenario(scenario, run);
  if (outcome.already_complete) {
    if (!quiet)
      std::cerr << outcome.output.string()
                << " is already complete for this scenario: nothing to resume\n";
    return kExitOk;
  }
  if (!outcome.completed) {
    std::cerr << "interrupted: " << outcome.blocks_resumed + outcome.blocks_computed << " of "
              << outcome.blocks_total << " blocks are saved in "
              << journal_path(outcome.output).string() << "\n"
              << "continue with: banditsim run " << file << " --resume"
              << (output.empty() ? "" : " -o " + output) << "\n";
    return kExitFailure;
  }
  if (!quiet) {
    std::cerr << "wrote " << outcome.output.string() << " ("
              << ProgressReporter::format_count(outcome.steps_computed) << " steps in "
              << ProgressReporter::format_duration(outcome.wall_seconds);
    if (outcome.wall_seconds > 0)
      std::cerr << ", "
                << ProgressReporter::format_count(outcome.steps_computed / outcome.wall_seconds)
                << " steps/s";
    if (outcome.blocks_resumed > 0)
      std::cerr << "; " << outcome.blocks_resumed << " of " << outcome.blocks_total
                << " blocks resumed from the journal";
    std::cerr << ")\n\n";
    print_summary(read_results(outcome.output), std::cout);
  }
  return kExitOk;
}

}  // namespace banditsim::cli
