#include "sim/engine/experiment.hpp"

#include <oneapi/tbb/info.h>

#include <atomic>
#include <chrono>
#include <optional>
#include <vector>

#include "sim/core/check.hpp"
#include "sim/engine/executor.hpp"
#include "sim/engine/interrupt.hpp"
#include "sim/engine/journal.hpp"
#include "sim/engine/output_guard.hpp"
#include "sim/engine/reducer.hpp"
#include "sim/output/provenance.hpp"
#include "sim/output/results_reader.hpp"

namespace banditsim {

std::filesystem::path journal_path(const std::filesystem::path& output) {
  return output.string() + ".partial";
}

std::filesystem::path shard_path(const std::filesystem::path& output, const ShardSpec& shard) {
  return output.string() + ".shard-" + std::to_string(shard.index) + "-of-" +
         std::to_string(shard.count);
}

namespace {

/// Is `product` (a results or shard file) already the finished output of this run?
/// A shard file of this run that lost records (damage) is not: it becomes the
/// journal again, so that --resume recomputes what was lost.
bool already_complete(const std::filesystem::path& product, const JournalIdentity& identity,
                      const Scenario& scenario, std::string& note) {
  if (identity.shard.whole()) {
    if (read_results(product).scenario_fingerprint == fingerprint_text(scenario.fingerprint))
      return true;
  } else {
    bool complete = false, ours = false;
    {
      const Journal shard = Journal::open_read(product);
      ours = identity.mismatch(shard.identity()).empty();
      complete = shard.complete();
    }
    if (ours && complete) return true;
    if (ours) {
      std::filesystem::rename(product, journal_path(product));
      note = product.string() + " lost records (damage); resuming it to compute them again";
      return false;
    }
  }
  throw RuntimeFailure(product.string() +
                       " exists but was written for a different scenario or settings, and there "
                       "is no journal to resume; use --force to overwrite it");
}

/// Opens the journal for this run: continues an existing one with --resume,
/// replaces it with --force, and otherwise refuses to discard it.
Journal open_journal(const std::filesystem::path& file, const JournalIdentity& identity,
                     const RunOptions& options, std::string& note) {
  if (!std::filesystem::exists(file)) return Journal::create(file, identity);
  if (!options.resume) {
    if (options.force) return Journal::create(file, identity);
    const std::string resume =
        options.resume_command.empty() ? "the same command with --resume" : options.resume_command;
    throw RuntimeFailure("an interrupted run of this output has saved work in " + file.string() +
                         "; continue it with: " + resume +
                         "  (or discard that work and start over with --force)");
  }
  try {
    return Journal::resume(file, identity);
  } catch (const RuntimeFailure& error) {
    if (!options.force)
      throw RuntimeFailure(std::string(error.what()) +
                           ". Its saved work is kept: to continue it, run the command that "
                           "started it (the same scenario file and --set values); to discard "
                           "it and start this run over, add --force");
    note = "discarded " + file.string() + " (" + error.what() + ") because of --force";
    return Journal::create(file, identity);
  }
}

}  // namespace

RunOutcome run_scenario(const Scenario& scenario, const RunOptions& options) {
  BANDITSIM_CHECK(scenario.family != nullptr && !scenario.cells.empty(), "unvalidated scenario");
  const auto started = std::chrono::steady_clock::now();
  const auto seconds_since_start = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  };
  const WorkPlan plan = WorkPlan::for_scenario(
      scenario, options.block_steps > 0 ? options.block_steps : BlockLayout::kTargetBlockSteps);
  const JournalIdentity identity = JournalIdentity::of(scenario, plan, options.shard);
  RunOutcome outcome;
  outcome.output = options.shard.whole() ? std::filesystem::path(scenario.output)
                                         : shard_path(scenario.output, options.shard);
  const std::filesystem::path journal_file = journal_path(outcome.output);
  const RunContext context{options.command_line,
                           options.threads > 0 ? options.threads : tbb::info::default_concurrency(),
                           utc_now(), options.resume};

  // Never write over a device, a directory, or one of the run's inputs.
  const std::vector<std::filesystem::path> inputs{scenario.file};
  refuse_unsafe_output(outcome.output, inputs);  // and its .tmp and .partial

  // --resume of a run that already finished: recognise its product, do nothing.
  if (options.resume && !std::filesystem::exists(journal_file) &&
      std::filesystem::exists(outcome.output) &&
      already_complete(outcome.output, identity, scenario, outcome.note)) {
    outcome.completed = outcome.already_complete = true;
    return outcome;
  }
  if (!options.force && !options.resume && std::filesystem::exists(outcome.output))
    throw RuntimeFailure(outcome.output.string() +
                         " already exists; use --force to overwrite it or -o to write elsewhere");

  // The results file is defined before anything is simulated, so a problem with
  // it surfaces at once rather than after hours of work. Its .tmp disappears if
  // the run stops.
  std::optional<Reducer> reducer;
  if (options.shard.whole()) reducer.emplace(scenario, plan, outcome.output);
  Journal journal = open_journal(journal_file, identity, options, outcome.note);
  outcome.damaged_records = journal.damaged_records();

  // This run's work: its shard of the plan, less what the journal holds.
  std::vector<WorkItem> pending;
  double steps_total = 0, steps_resumed = 0;
  const std::vector<WorkItem> mine = plan.shard(options.shard);
  for (const WorkItem& item : mine) {
    steps_total += item.steps;
    if (journal.has(item.cell, item.block)) {
      steps_resumed += item.steps;
      ++outcome.blocks_resumed;
    } else {
      pending.push_back(item);
    }
  }
  outcome.blocks_total = mine.size();

  std::atomic<double> steps_done{0};
  // Steps computed here and, in an MPI run, by the other ranks.
  const auto steps_computed = [&] {
    return steps_done.load() + (options.distributor ? options.distributor->remote_steps() : 0.0);
  };
  if (!pending.empty() || options.distributor) {
    ProgressReporter progress(options.progress, steps_total, steps_resumed);
    WorkSource source(std::move(pending), options.stop_after_blocks);
    ExecutionOptions execution;
    execution.threads = context.threads;
    execution.distributor = options.distributor;
    execution.steps_done = &steps_done;
    execution.on_idle = [&] { progress.update(steps_resumed + steps_computed()); };
    execute(scenario, plan, source, execution, [&](std::unique_ptr<BlockStatistics> block) {
      journal.append(*block);
      ++outcome.blocks_computed;
    });
    journal.sync();
    progress.finish(steps_resumed + steps_computed());
  }
  outcome.steps_computed = steps_computed();
  outcome.wall_seconds = seconds_since_start();
  bool all_in = true;
  for (const WorkItem& item : mine) all_in = all_in && journal.has(item.cell, item.block);
  if (!all_in) return outcome;  // interrupted: resume later

  if (!reducer) {  // a shard: its finished journal is the shard file
    journal.mark_complete();
    journal.rename_to(outcome.output);
    outcome.completed = true;
    return outcome;
  }
  const Journal* sources[] = {&journal};
  outcome.wall_seconds = seconds_since_start();
  reducer->write(
      sources, provenance_attributes(
                   scenario, context, outcome.wall_seconds,
                   outcome.wall_seconds > 0 ? outcome.steps_computed / outcome.wall_seconds : 0.0));
  { Journal closing = std::move(journal); }
  std::filesystem::remove(journal_file);
  outcome.completed = true;
  return outcome;
}

}  // namespace banditsim
