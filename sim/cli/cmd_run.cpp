// banditsim run: run a scenario and write its results file.
#include <iostream>
#include <optional>
#include <stdexcept>

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

Beyond one machine: --shard I/N runs shard I (counting from 0) of N, a fixed
share of the work, and writes OUTPUT.shard-I-of-N instead of OUTPUT; in a SLURM
array job I and N come from SLURM_ARRAY_TASK_ID/_COUNT when --shard is not
given. `banditsim merge` turns the N shard files into the results file a
single run writes, bit for bit. A killed shard resumes with --resume.

Examples:
  banditsim run scenarios/quickstart.toml
  banditsim run scenarios/sweep_example.toml --threads 8 --set run.replications=200 -o pilot.h5
  banditsim run scenarios/sweep_example.toml --resume
  banditsim run scenarios/sweep_example.toml --shard 0/3     (then 1/3, 2/3; then merge))";

/// `text` quoted for a POSIX shell if it needs it.
std::string shell_quoted(const std::string& text) {
  if (!text.empty() && text.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                              "0123456789_-./=:,+@%") == std::string::npos)
    return text;
  std::string quoted = "'";
  for (const char c : text) {
    if (c == '\'')
      quoted += "'\\''";
    else
      quoted += c;
  }
  quoted += '\'';
  return quoted;
}

/// The command that continues this run: the same arguments, without --force,
/// with --resume.
std::string resume_command(const std::string& program, const Args& args) {
  std::string command = shell_quoted(program);
  command += " run";
  bool has_resume = false;
  for (const auto& arg : args) {
    if (arg == "--force") continue;
    has_resume = has_resume || arg == "--resume";
    command += ' ';
    command += shell_quoted(arg);
  }
  if (!has_resume) command += " --resume";
  return command;
}
}  // namespace

int run_command(const Args& args, const std::string& command_line) {
  std::string file, output, progress_text = "auto", shard_text;
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
      "force", po::bool_switch(),
      "overwrite an existing results file or journal (with --resume: start over only if the "
      "journal belongs to another run)")(
      "shard", po::value(&shard_text)->value_name("I/N"),
      "run shard I of N (0 <= I < N) and write OUTPUT.shard-I-of-N; `auto` or unset in a SLURM "
      "array job: from SLURM_ARRAY_TASK_ID and _COUNT")(
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
  run.resume_command = resume_command(command_line.substr(0, command_line.find(' ')), args);
  try {
    std::optional<ShardSpec> shard;
    if (!shard_text.empty() && shard_text != "auto") shard = ShardSpec::parse(shard_text);
    if (!shard) shard = ShardSpec::from_slurm_environment();
    if (!shard && shard_text == "auto")
      throw std::invalid_argument("--shard auto needs SLURM_ARRAY_TASK_ID (a SLURM array job)");
    if (shard) run.shard = *shard;
  } catch (const std::invalid_argument& error) {
    throw UsageError(error.what());
  }

  const Scenario scenario = load_scenario(file, {overrides, output}, builtin_families());
  install_interrupt_handlers();
  if (!quiet)
    std::cerr << "running " << scenario.name << ": " << scenario.cells.size()
              << (scenario.cells.size() == 1 ? " cell" : " cells") << " x "
              << scenario.agent_labels.size() << " agents x " << scenario.replications
              << " replications = " << ProgressReporter::format_count(scenario.total_steps())
              << " steps\n";
  if (!quiet && !run.shard.whole())
    std::cerr << "shard " << run.shard.to_string() << ": writes "
              << shard_path(scenario.output, run.shard).string() << "\n";
  const RunOutcome outcome = run_scenario(scenario, run);
  if (!outcome.note.empty()) std::cerr << "note: " << outcome.note << "\n";
  if (outcome.damaged_records > 0)
    std::cerr << "note: the journal had " << outcome.damaged_records
              << " damaged record(s); they were dropped and their blocks computed again\n";
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
              << "continue with: " << run.resume_command << "\n";
    return kExitFailure;
  }
  if (!run.shard.whole()) {
    if (!quiet)
      std::cerr << "wrote shard " << outcome.output.string() << " ("
                << ProgressReporter::format_count(outcome.steps_computed) << " steps in "
                << ProgressReporter::format_duration(outcome.wall_seconds)
                << "); when every shard is done: banditsim merge -o " << scenario.output << " "
                << scenario.output << ".shard-*-of-" << run.shard.count << "\n";
    return kExitOk;
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
