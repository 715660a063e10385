// banditsim run: run a scenario and write its results file.
#include <iostream>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/cli/options.hpp"
#include "sim/engine/experiment.hpp"
#include "sim/engine/interrupt.hpp"
#include "sim/families/families.hpp"
#include "sim/output/results_reader.hpp"
#include "sim/output/summary.hpp"

#include "sim/cli/mpi_session.hpp"
#ifdef BANDITSIM_WITH_MPI
#include "sim/engine/mpi_executor.hpp"
#endif

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
Under MPI (if built with it), `mpirun -np N banditsim run FILE` shares the
work among N ranks (--threads each); rank 0 writes the file, the same one.
See scenarios/cluster/README.md.

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
/// A parsed `banditsim run` command line.
struct RunRequest {
  std::string file, output;
  std::vector<std::string> overrides;
  RunOptions run;
  bool quiet = false;
};

/// Parses the arguments; nullopt after printing --help.
std::optional<RunRequest> parse_run(const Args& args, const std::string& command_line) {
  RunRequest request;
  std::string progress_text = "auto", shard_text;
  int threads = 0;
  po::options_description options("Options");
  options.add_options()("help,h", "show this help")("file", po::value(&request.file),
                                                    "scenario file (TOML)")(
      "output,o", po::value(&request.output)->value_name("OUT"),
      "results file to write (overrides run.output)")(
      "threads", po::value(&threads)->value_name("N"),
      "computing threads (default: all cores; under mpirun: per rank)")(
      "set", po::value(&request.overrides)->composing()->value_name("KEY=VALUE"),
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
  if (!parse_options(args, options, positional, values, kHelp)) return std::nullopt;
  if (request.file.empty()) throw UsageError("missing the scenario FILE");
  if (threads < 0) throw UsageError("--threads must be positive");
  request.quiet = values["quiet"].as<bool>();
  RunOptions& run = request.run;
  try {
    run.progress = request.quiet ? ProgressMode::kNever : parse_progress_mode(progress_text);
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
  return request;
}

Scenario load(const RunRequest& request) {
  return load_scenario(request.file, {request.overrides, request.output}, builtin_families());
}

void print_start(const RunRequest& request, const Scenario& scenario) {
  if (request.quiet) return;
  std::cerr << "running " << scenario.name << ": " << scenario.cells.size()
            << (scenario.cells.size() == 1 ? " cell" : " cells") << " x "
            << scenario.agent_labels.size() << " agents x " << scenario.replications
            << " replications = " << ProgressReporter::format_count(scenario.total_steps())
            << " steps\n";
  if (!request.run.shard.whole())
    std::cerr << "shard " << request.run.shard.to_string() << ": writes "
              << shard_path(scenario.output, request.run.shard).string() << "\n";
}

/// What the user reads after the run; the exit code.
int report(const RunRequest& request, const Scenario& scenario, const RunOutcome& outcome) {
  const bool quiet = request.quiet;
  const RunOptions& run = request.run;
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

#ifdef BANDITSIM_WITH_MPI
/// "mpi: 3 ranks x 2 threads" (or each rank's), and a warning for ranks that
/// got one core of several: Open MPI's default binding (specs/hpc-hdf5.md §1.3).
void print_ranks(const std::vector<RankInfo>& ranks) {
  bool same = true;
  for (const RankInfo& rank : ranks) same = same && rank.threads == ranks[0].threads;
  std::cerr << "mpi: " << ranks.size() << " ranks";
  if (same) {
    std::cerr << " x " << ranks[0].threads << (ranks[0].threads == 1 ? " thread" : " threads");
  } else {
    std::cerr << ", threads per rank:";
    for (std::size_t r = 0; r < ranks.size(); ++r)
      std::cerr << (r ? ", " : " ") << ranks[r].threads;
  }
  std::cerr << "\n";
  std::string pinned;
  int cores = 0;
  for (std::size_t r = 0; r < ranks.size(); ++r)
    if (ranks[r].threads == 1 && ranks[r].cores > 1 && !ranks[r].threads_given) {
      pinned += (pinned.empty() ? "" : ", ") + std::to_string(r);
      cores = std::max(cores, ranks[r].cores);
    }
  if (!pinned.empty())
    std::cerr << "warning: rank(s) " << pinned << " can use only 1 thread on a machine with "
              << cores
              << " cores: Open MPI binds each rank to one core by default. Use mpirun "
                 "--bind-to none, or one rank per node with all its cores: --map-by "
                 "ppr:1:node:PE="
              << cores << " (--threads 1 silences this)\n";
}

/// Rank 0 of an MPI run: the usual run, with the other ranks as a distributor.
int run_mpi_master(const Args& args, const std::string& command_line, int ranks) {
  MpiDistributor distributor(ranks);  // first: however this returns, it releases the workers
  std::optional<RunRequest> request = parse_run(args, command_line);
  if (!request) return kExitOk;
  request->run.distributor = &distributor;
  const Scenario scenario = load(*request);
  install_interrupt_handlers();
  distributor.expect_fingerprint(scenario.fingerprint);
  print_start(*request, scenario);
  const std::vector<RankInfo> infos = distributor.gather_ranks(this_rank(request->run.threads));
  if (!distributor.failure().empty()) throw RuntimeFailure(distributor.failure());
  if (!request->quiet) print_ranks(infos);
  const RunOutcome outcome = run_scenario(scenario, request->run);
  if (!distributor.failure().empty())
    throw RuntimeFailure(
        distributor.failure() + "\nthe finished work is saved in " +
        journal_path(outcome.output).string() +
        "; when the problem is fixed, continue with: " + request->run.resume_command);
  if (!request->quiet && outcome.blocks_computed > 0) {
    const std::vector<std::size_t> items = distributor.items_per_rank(outcome.blocks_computed);
    std::cerr << "mpi: work items computed per rank:";
    for (std::size_t r = 0; r < items.size(); ++r)
      std::cerr << (r ? ", " : " ") << "rank " << r << ": " << items[r];
    std::cerr << "\n";
  }
  return report(*request, scenario, outcome);
}

/// Ranks > 0: compute what rank 0 hands out. Only rank 0 reports: this rank's
/// output is discarded and its errors go to rank 0, which prints them.
int run_mpi_worker(const Args& args, const std::string& command_line) {
  std::cout.rdbuf(nullptr);
  std::cerr.rdbuf(nullptr);
  MpiWorker worker;
  try {
    const std::optional<RunRequest> request = parse_run(args, command_line);
    if (!request) {
      worker.fail("--help");  // rank 0 printed the help and is releasing everyone
      return kExitOk;
    }
    worker.hello(request->run.threads);
    const Scenario scenario = load(*request);
    install_interrupt_handlers();
    worker.run(scenario, request->run.threads);
    return kExitOk;
  } catch (const std::exception& error) {
    worker.fail(error.what());
    return kExitFailure;
  }
}
#endif

}  // namespace

int run_command(const Args& args, const std::string& command_line) {
#ifdef BANDITSIM_WITH_MPI
  // MPI only when an MPI launcher started us (see mpi_session.hpp).
  const MpiSession mpi;
  if (mpi.size() > 1)
    return mpi.rank() == 0 ? run_mpi_master(args, command_line, mpi.size())
                           : run_mpi_worker(args, command_line);
#else
  if (launcher_world_size() > 1)
    throw UsageError(
        "this banditsim was built without MPI (BANDITSIM_WITH_MPI=OFF), so under mpirun every "
        "rank would run the whole scenario and write the same file. Rebuild with Open MPI "
        "installed (apt-get install openmpi-bin libopenmpi-dev), or use --shard I/N");
#endif
  const std::optional<RunRequest> request = parse_run(args, command_line);
  if (!request) return kExitOk;
  const Scenario scenario = load(*request);
  install_interrupt_handlers();
  print_start(*request, scenario);
  return report(*request, scenario, run_scenario(scenario, request->run));
}

}  // namespace banditsim::cli
