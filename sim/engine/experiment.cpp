#include "sim/engine/experiment.hpp"

#include <oneapi/tbb/concurrent_queue.h>
#include <oneapi/tbb/global_control.h>
#include <oneapi/tbb/info.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/task_arena.h>
#include <oneapi/tbb/task_group.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <exception>
#include <limits>
#include <memory>
#include <optional>
#include <thread>
#include <vector>

#include "sim/core/check.hpp"
#include "sim/engine/block_statistics.hpp"
#include "sim/engine/interrupt.hpp"
#include "sim/engine/journal.hpp"
#include "sim/engine/reference_table.hpp"
#include "sim/output/provenance.hpp"
#include "sim/output/results_file.hpp"
#include "sim/output/results_reader.hpp"

namespace banditsim {

std::filesystem::path journal_path(const std::filesystem::path& output) {
  return output.string() + ".partial";
}

namespace {

struct Task {
  std::uint32_t cell;
  std::uint32_t block;
};

/// The fill value of a metric that does not apply to an agent (NaN; the results
/// file writes -1 for a categorical outcome).
constexpr double kFill = std::numeric_limits<double>::quiet_NaN();

/// Slots of a replication buffer that hold metrics not applying to their agent.
struct FillRange {
  std::size_t first = 0;
  std::size_t count = 0;
};

std::vector<FillRange> not_applicable_slots(const PreparedCell& prepared,
                                            const OutputLayout& layout) {
  std::vector<FillRange> fills;
  for (std::size_t a = 0; a < layout.agents(); ++a)
    for (std::size_t m = 0; m < layout.metrics(); ++m)
      if (!prepared.applies(a, m))
        fills.push_back({a * layout.per_agent() + layout.offset(m), layout.width(m)});
  return fills;
}

OutputLayout layout_of(const Scenario& scenario, const Cell& cell) {
  return OutputLayout(scenario.family->metrics(), cell.agents.size(), cell.record_steps.size());
}

/// Runs the replications of one block and accumulates their statistics.
std::unique_ptr<BlockStatistics> compute_block(const Scenario& scenario, const BlockLayout& blocks,
                                               const Task& task, std::atomic<double>& steps_done) {
  const Cell& cell = scenario.cells[task.cell];
  const PreparedCell& prepared = *scenario.prepared[task.cell];
  const OutputLayout layout = layout_of(scenario, cell);
  const std::int64_t reps = blocks.reps_in(task.block);
  auto block = std::make_unique<BlockStatistics>(
      task.cell, task.block, layout, static_cast<std::size_t>(reps), scenario.store_curves);
  const auto runner = prepared.make_runner();
  std::vector<double> buffer(layout.size());
  const std::vector<FillRange> fills = not_applicable_slots(prepared, layout);
  const double steps_per_rep =
      static_cast<double>(cell.horizon) * static_cast<double>(cell.agents.size());
  for (std::int64_t r = 0; r < reps; ++r) {
    const auto rep = static_cast<std::uint64_t>(blocks.first_rep(task.block) + r);
    ReplicationOutput output(layout, buffer);
    runner->run_replication(rep, output);
    for (const FillRange& fill : fills)
      std::fill_n(buffer.begin() + static_cast<std::ptrdiff_t>(fill.first), fill.count, kFill);
    block->add_replication(buffer, layout);
    steps_done.fetch_add(steps_per_rep, std::memory_order_relaxed);
  }
  return block;
}

ResultsHeader make_header(const Scenario& scenario) {
  ResultsHeader header;
  header.family = std::string(scenario.family->name());
  header.agent_labels = scenario.agent_labels;
  header.agent_kinds = scenario.agent_kinds;
  header.metrics.assign(scenario.family->metrics().begin(), scenario.family->metrics().end());
  header.num_cells = scenario.cells.size();
  header.num_replications = static_cast<std::size_t>(scenario.replications);
  header.horizon_name = scenario.horizon_key;
  for (const auto& cell : scenario.cells) {
    header.t.insert(header.t.end(), cell.record_steps.begin(), cell.record_steps.end());
    header.horizons.push_back(cell.horizon);
    header.cell_configs.push_back(cell.canonical);
    header.env_kinds.push_back(cell.env.kind);
  }
  header.references = collect_references(scenario);
  header.metric_has_gaps.assign(header.metrics.size(), false);
  for (std::size_t c = 0; c < scenario.cells.size(); ++c)
    for (std::size_t a = 0; a < scenario.cells[c].agents.size(); ++a)
      for (std::size_t m = 0; m < header.metrics.size(); ++m)
        if (!scenario.prepared[c]->applies(a, m)) header.metric_has_gaps[m] = true;
  header.store_curves = scenario.store_curves;
  std::sort(header.t.begin(), header.t.end());
  header.t.erase(std::unique(header.t.begin(), header.t.end()), header.t.end());
  for (std::size_t k = 0; k < scenario.swept_keys.size(); ++k) {
    const SweptKey& key = scenario.swept_keys[k];
    if (key.coordinate_name == scenario.horizon_key) {  // the horizon variable itself
      header.horizon_sweep_key = key.key;
      continue;
    }
    SweepCoordinate coordinate{key.coordinate_name, key.key, {}};
    for (const auto& cell : scenario.cells) {
      const SweptValue& value = cell.swept[k];
      if (value.present)
        coordinate.values.emplace_back(value.value);
      else
        coordinate.values.emplace_back(std::monostate{});
    }
    header.coordinates.push_back(std::move(coordinate));
  }
  return header;
}

std::vector<std::size_t> t_index_of(const Cell& cell, const std::vector<std::int64_t>& t) {
  std::vector<std::size_t> index;
  for (const std::int64_t step : cell.record_steps)
    index.push_back(
        static_cast<std::size_t>(std::lower_bound(t.begin(), t.end(), step) - t.begin()));
  return index;
}

/// Opens the journal for this run: resumes an existing one with --resume,
/// replaces it with --force, and otherwise refuses to discard it.
Journal open_journal(const Scenario& scenario, const RunOptions& options,
                     const std::filesystem::path& output) {
  const auto journal = journal_path(output);
  const auto cells = scenario.cells.size();
  const auto reps = static_cast<std::uint64_t>(scenario.replications);
  if (std::filesystem::exists(journal)) {
    if (options.resume) return Journal::resume(journal, scenario.fingerprint, cells, reps);
    if (!options.force)
      throw RuntimeFailure("an interrupted run of this output exists (" + journal.string() +
                           "); continue it with --resume, or start over with --force");
  }
  return Journal::create(journal, scenario.fingerprint, cells, reps);
}

}  // namespace

RunOutcome run_scenario(const Scenario& scenario, const RunOptions& options) {
  BANDITSIM_CHECK(scenario.family != nullptr && !scenario.cells.empty(), "unvalidated scenario");
  const auto started = std::chrono::steady_clock::now();
  RunOutcome outcome;
  outcome.output = scenario.output;
  const RunContext context{options.command_line,
                           options.threads > 0 ? options.threads : tbb::info::default_concurrency(),
                           utc_now(), options.resume};

  // --resume of a run that already finished: recognise its file, do nothing.
  if (options.resume && !std::filesystem::exists(journal_path(outcome.output)) &&
      std::filesystem::exists(outcome.output)) {
    if (read_results(outcome.output).scenario_fingerprint != fingerprint_text(scenario.fingerprint))
      throw RuntimeFailure(outcome.output.string() +
                           " exists but was written for a different scenario or settings, and "
                           "there is no journal to resume; use --force to overwrite it");
    outcome.completed = outcome.already_complete = true;
    return outcome;
  }

  // The results file is defined before anything is simulated, so a problem with
  // it (an unwritable directory, another run writing the same file) surfaces at
  // once rather than after hours of work. Its .tmp disappears if the run stops.
  if (!options.force && !options.resume && std::filesystem::exists(outcome.output))
    throw RuntimeFailure(outcome.output.string() +
                         " already exists; use --force to overwrite it or -o to write elsewhere");
  const ResultsHeader header = make_header(scenario);
  ResultsFileWriter writer(outcome.output, header);
  Journal journal = open_journal(scenario, options, outcome.output);
  const BlockLayout layout = BlockLayout::for_replications(scenario.replications);

  // The work still to do, in a fixed order (cell-major).
  std::vector<Task> pending;
  double steps_total = 0, steps_resumed = 0;
  for (std::uint32_t c = 0; c < scenario.cells.size(); ++c) {
    const Cell& cell = scenario.cells[c];
    const double per_rep =
        static_cast<double>(cell.horizon) * static_cast<double>(cell.agents.size());
    for (std::uint32_t b = 0; b < layout.num_blocks; ++b) {
      const double steps = per_rep * static_cast<double>(layout.reps_in(b));
      steps_total += steps;
      if (journal.has(c, b)) {
        steps_resumed += steps;
        ++outcome.blocks_resumed;
      } else {
        pending.push_back({c, b});
      }
    }
  }
  outcome.blocks_total = scenario.cells.size() * static_cast<std::size_t>(layout.num_blocks);

  // Compute: N threads in an arena that reserves no slot for this (main) thread,
  // which meanwhile journals finished blocks and draws progress.
  std::atomic<double> steps_done{steps_resumed};
  if (!pending.empty()) {
    tbb::global_control threads_limit(tbb::global_control::max_allowed_parallelism,
                                      static_cast<std::size_t>(context.threads) + 1);
    tbb::task_arena arena(context.threads, 0);
    tbb::task_group group;
    tbb::concurrent_queue<std::unique_ptr<BlockStatistics>> finished;
    std::atomic<bool> compute_done{false};
    std::atomic<std::size_t> blocks_started{0};
    std::exception_ptr failure;
    arena.execute([&] {
      group.run([&] {
        try {
          tbb::parallel_for(
              tbb::blocked_range<std::size_t>(0, pending.size(), 1),
              [&](const tbb::blocked_range<std::size_t>& range) {
                for (std::size_t i = range.begin(); i != range.end(); ++i) {
                  if (interrupt_requested()) return;
                  if (options.stop_after_blocks &&
                      blocks_started.fetch_add(1, std::memory_order_relaxed) >=
                          options.stop_after_blocks)
                    return;
                  finished.push(compute_block(scenario, layout, pending[i], steps_done));
                }
              },
              tbb::simple_partitioner());
        } catch (...) {
          failure = std::current_exception();
        }
        compute_done.store(true);
      });
    });

    ProgressReporter progress(options.progress, steps_total, steps_resumed);
    std::unique_ptr<BlockStatistics> block;
    for (;;) {
      const bool done = compute_done.load();  // read before draining: nothing is missed
      while (finished.try_pop(block)) {
        journal.append(*block);
        ++outcome.blocks_computed;
      }
      if (done) break;
      progress.update(steps_done.load(std::memory_order_relaxed));
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    arena.execute([&] { group.wait(); });
    journal.sync();
    progress.finish(steps_done.load());
    if (failure) std::rethrow_exception(failure);
  }
  outcome.steps_computed = steps_done.load() - steps_resumed;
  outcome.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (journal.size() < outcome.blocks_total) return outcome;  // interrupted: resume later

  // Reduce in cell and block order and write the results file.
  for (std::uint32_t c = 0; c < scenario.cells.size(); ++c) {
    const Cell& cell = scenario.cells[c];
    const OutputLayout cell_layout = layout_of(scenario, cell);
    std::vector<BlockStatistics> blocks;
    for (std::uint32_t b = 0; b < layout.num_blocks; ++b)
      blocks.push_back(journal.read(c, b, cell_layout, scenario.store_curves));
    writer.write_cell(combine_blocks(blocks, cell_layout,
                                     static_cast<std::size_t>(scenario.replications),
                                     t_index_of(cell, header.t)));
  }
  outcome.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  writer.set_attributes(provenance_attributes(
      scenario, context, outcome.wall_seconds,
      outcome.wall_seconds > 0 ? outcome.steps_computed / outcome.wall_seconds : 0.0));
  writer.commit();
  const auto journal_file = journal.path();
  { Journal closing = std::move(journal); }
  std::filesystem::remove(journal_file);
  outcome.completed = true;
  return outcome;
}

}  // namespace banditsim
