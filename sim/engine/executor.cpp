#include "sim/engine/executor.hpp"

#include <oneapi/tbb/concurrent_queue.h>
#include <oneapi/tbb/global_control.h>
#include <oneapi/tbb/task_arena.h>
#include <oneapi/tbb/task_group.h>

#include <algorithm>
#include <chrono>
#include <exception>
#include <limits>
#include <mutex>
#include <thread>

#include "sim/engine/interrupt.hpp"
#include "sim/families/family.hpp"
#include "sim/scenario/scenario.hpp"

namespace banditsim {
namespace {

/// The fill value of a metric that does not apply to an agent (NaN; the results
/// file writes -1 for a categorical outcome).
constexpr double kFill = std::numeric_limits<double>::quiet_NaN();

/// Slots of a replication buffer that hold metrics not applying to their agent.
struct FillRange {
  std::size_t first = 0;
  std::size_t count = 0;
};

std::vector<FillRange> not_applicable_slots(const Scenario& scenario, std::size_t cell,
                                            const OutputLayout& layout) {
  std::vector<FillRange> fills;
  for (std::size_t a = 0; a < layout.agents(); ++a)
    for (std::size_t m = 0; m < layout.metrics(); ++m)
      if (!scenario.applies(cell, a, m))
        fills.push_back({a * layout.per_agent() + layout.offset(m), layout.width(m)});
  return fills;
}

}  // namespace

std::unique_ptr<BlockStatistics> compute_block(const Scenario& scenario, const WorkPlan& plan,
                                               const WorkItem& item,
                                               std::atomic<double>& steps_done) {
  const Cell& cell = scenario.cells[item.cell];
  const PreparedCell& prepared = *scenario.prepared[item.cell];
  const OutputLayout layout(scenario.metrics.metrics, cell.agents.size(), cell.record_steps.size());
  const BlockLayout& blocks = plan.cell(item.cell);
  const std::int64_t reps = blocks.reps_in(item.block);
  auto block = std::make_unique<BlockStatistics>(
      item.cell, item.block, layout, static_cast<std::size_t>(reps), scenario.store_curves);
  const auto runner = prepared.make_runner();
  std::vector<double> buffer(layout.size());
  const std::vector<FillRange> fills = not_applicable_slots(scenario, item.cell, layout);
  const double steps_per_rep =
      static_cast<double>(cell.horizon) * static_cast<double>(cell.agents.size());
  for (std::int64_t r = 0; r < reps; ++r) {
    const auto rep = static_cast<std::uint64_t>(blocks.first_rep(item.block) + r);
    ReplicationOutput output(layout, buffer);
    runner->run_replication(rep, output);
    // A stop during the replication may have cut it short: drop the block.
    if (interrupt_requested()) return nullptr;
    for (const FillRange& fill : fills)
      std::fill_n(buffer.begin() + static_cast<std::ptrdiff_t>(fill.first), fill.count, kFill);
    block->add_replication(buffer, layout);
    steps_done.fetch_add(steps_per_rep, std::memory_order_relaxed);
  }
  return block;
}

std::optional<WorkItem> WorkSource::take() {
  if (interrupt_requested()) return std::nullopt;
  const std::size_t i = next_.fetch_add(1, std::memory_order_relaxed);
  if (i >= limit_) return std::nullopt;
  return items_[i];
}

std::vector<WorkItem> WorkSource::take(std::size_t count) {
  std::vector<WorkItem> taken;
  while (taken.size() < count) {
    auto item = take();
    if (!item) break;
    taken.push_back(*item);
  }
  return taken;
}

std::size_t WorkSource::remaining() const {
  const std::size_t next = next_.load(std::memory_order_relaxed);
  return next >= limit_ ? 0 : limit_ - next;
}

void execute(const Scenario& scenario, const WorkPlan& plan, WorkSource& source,
             const ExecutionOptions& options, const BlockSink& sink) {
  const int threads = std::max(options.threads, 1);
  // N computing threads in an arena that reserves no slot for this (main)
  // thread, which meanwhile passes finished blocks on, draws progress and
  // serves other ranks.
  tbb::global_control threads_limit(tbb::global_control::max_allowed_parallelism,
                                    static_cast<std::size_t>(threads) + 1);
  tbb::task_arena arena(threads, 0);
  tbb::task_group group;
  tbb::concurrent_queue<std::unique_ptr<BlockStatistics>> finished;
  std::atomic<int> running{threads};
  std::atomic<double> own_steps{0};
  std::atomic<double>& steps_done = options.steps_done ? *options.steps_done : own_steps;
  std::atomic<bool> failed{false};
  std::exception_ptr failure;
  std::mutex failure_mutex;
  arena.execute([&] {
    for (int t = 0; t < threads; ++t)
      group.run([&] {
        try {
          while (!failed.load(std::memory_order_relaxed))
            if (const auto item = source.take(); !item)
              break;
            else if (auto block = compute_block(scenario, plan, *item, steps_done))
              finished.push(std::move(block));
        } catch (...) {
          const std::lock_guard lock(failure_mutex);
          if (!failure) failure = std::current_exception();
          failed.store(true);  // the other threads stop taking work
        }
        running.fetch_sub(1);
      });
  });

  std::unique_ptr<BlockStatistics> block;
  for (;;) {
    const bool local_done = running.load() == 0;  // read before draining: nothing is missed
    while (finished.try_pop(block)) sink(std::move(block));
    if (options.distributor) options.distributor->serve(source, sink);
    if (local_done && (!options.distributor || options.distributor->finished())) break;
    if (options.on_idle) options.on_idle();
    std::this_thread::sleep_for(std::chrono::milliseconds(options.distributor ? 1 : 20));
  }
  arena.execute([&] { group.wait(); });
  if (failure) std::rethrow_exception(failure);
}

}  // namespace banditsim
