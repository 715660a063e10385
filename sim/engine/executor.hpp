/// @file sim/engine/executor.hpp
/// Executors compute work items (sim/engine/work_plan.hpp) and hand the finished
/// blocks to a sink on the main thread; the reducer (reducer.hpp) turns blocks
/// into the results file. Locally, TBB threads take items from a WorkSource; in
/// the MPI build the main thread of rank 0 also serves other ranks from the same
/// source (a Distributor), so all ranks share one dynamically balanced list.
///
/// Where a block is computed never changes its numbers: every (cell, rep) owns
/// its random streams, and blocks are reduced in block order.
#pragma once

#include <atomic>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "sim/engine/block_statistics.hpp"
#include "sim/engine/work_plan.hpp"

namespace banditsim {

struct Scenario;

/// Runs the replications of one item. Returns nullptr if a stop was requested
/// while it ran (a replication may then have returned early): the block is
/// discarded and computed again on --resume. Adds agent-steps to `steps_done`.
std::unique_ptr<BlockStatistics> compute_block(const Scenario& scenario, const WorkPlan& plan,
                                               const WorkItem& item,
                                               std::atomic<double>& steps_done);

/// Items handed out in order, to any number of threads; none once a stop is
/// requested or `limit` items were taken (the resume tests' deterministic seam).
class WorkSource {
 public:
  explicit WorkSource(std::vector<WorkItem> items, std::size_t limit = 0)
      : items_(std::move(items)), limit_(limit && limit < items_.size() ? limit : items_.size()) {}
  std::optional<WorkItem> take();
  /// Up to `count` items at once (for another rank).
  std::vector<WorkItem> take(std::size_t count);
  std::size_t remaining() const;
  std::size_t size() const { return items_.size(); }

 private:
  std::vector<WorkItem> items_;
  std::size_t limit_;
  std::atomic<std::size_t> next_{0};
};

using BlockSink = std::function<void(std::unique_ptr<BlockStatistics>)>;

/// Other processes working on the same source (the MPI build's rank 0 serves
/// them; see mpi_executor.hpp). The executor calls serve() on the main thread
/// about every few milliseconds while local threads compute.
class Distributor {
 public:
  virtual ~Distributor() = default;
  /// Answers pending requests: hands items to idle workers, passes finished
  /// blocks to `sink`. Never blocks for long.
  virtual void serve(WorkSource& source, const BlockSink& sink) = 0;
  /// True once every worker has been told to stop (source exhausted or a stop
  /// requested) and has returned its last blocks.
  virtual bool finished() const = 0;
  /// Agent-steps of the blocks the workers returned so far (progress, rate).
  virtual double remote_steps() const = 0;
};

struct ExecutionOptions {
  int threads = 1;                            ///< Computing threads on this process.
  Distributor* distributor = nullptr;         ///< Other processes, or none.
  std::function<void()> on_idle;              ///< Main thread, every ~20 ms (progress).
  std::atomic<double>* steps_done = nullptr;  ///< Agent-steps computed here, if wanted.
};

/// Computes every item of `source` on `options.threads` TBB threads (and on the
/// distributor's workers), passing each finished block to `sink` on the calling
/// thread. Returns when the source is exhausted or a stop was requested and all
/// work in flight is back. Rethrows the first exception of a computing thread.
void execute(const Scenario& scenario, const WorkPlan& plan, WorkSource& source,
             const ExecutionOptions& options, const BlockSink& sink);

}  // namespace banditsim
