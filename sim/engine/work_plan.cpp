#include "sim/engine/work_plan.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <stdexcept>

#include "sim/core/check.hpp"
#include "sim/scenario/scenario.hpp"

namespace banditsim {

BlockLayout BlockLayout::for_cell(std::int64_t replications, double steps_per_replication,
                                  double block_steps) {
  BANDITSIM_CHECK(replications >= 1, "at least one replication");
  const std::int64_t fewest = (replications + kMaxBlocksPerCell - 1) / kMaxBlocksPerCell;
  const double by_work = std::ceil(block_steps / std::max(steps_per_replication, 1.0));
  const auto wanted =
      static_cast<std::int64_t>(std::min(by_work, static_cast<double>(replications)));
  return of_size(replications, std::max(fewest, std::max<std::int64_t>(wanted, 1)));
}

BlockLayout BlockLayout::of_size(std::int64_t replications, std::int64_t block_size) {
  BANDITSIM_CHECK(replications >= 1 && block_size >= 1, "at least one replication per block");
  BlockLayout layout;
  layout.replications = replications;
  layout.block_size = std::min(block_size, replications);
  layout.num_blocks = (replications + layout.block_size - 1) / layout.block_size;
  return layout;
}

std::int64_t BlockLayout::reps_in(std::int64_t block) const {
  return std::min(block_size, replications - first_rep(block));
}

std::string ShardSpec::to_string() const {
  return std::to_string(index) + "/" + std::to_string(count);
}

namespace {
bool parse_uint(const std::string& text, std::uint64_t& value) {
  if (text.empty() || text.size() > 9 ||
      !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return false;
  value = std::stoull(text);
  return true;
}

std::optional<std::uint64_t> environment_number(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0') return std::nullopt;
  std::uint64_t number = 0;
  if (!parse_uint(value, number))
    throw std::invalid_argument(std::string(name) + "=" + value + " is not a whole number");
  return number;
}
}  // namespace

ShardSpec ShardSpec::parse(const std::string& text) {
  const auto slash = text.find('/');
  std::uint64_t index = 0, count = 0;
  if (slash == std::string::npos || !parse_uint(text.substr(0, slash), index) ||
      !parse_uint(text.substr(slash + 1), count))
    throw std::invalid_argument("--shard takes I/N with whole numbers, 0 <= I < N (got '" + text +
                                "'), or auto");
  if (count == 0 || index >= count)
    throw std::invalid_argument("--shard " + text + ": I counts from 0, so 0 <= I < N (N >= 1)");
  return {static_cast<std::uint32_t>(index), static_cast<std::uint32_t>(count)};
}

std::optional<ShardSpec> ShardSpec::from_slurm_environment() {
  const auto id = environment_number("SLURM_ARRAY_TASK_ID");
  if (!id) return std::nullopt;
  const auto min = environment_number("SLURM_ARRAY_TASK_MIN");
  const auto max = environment_number("SLURM_ARRAY_TASK_MAX");
  auto count = environment_number("SLURM_ARRAY_TASK_COUNT");
  const std::uint64_t first = min.value_or(0);
  if (!count && max) count = *max - first + 1;
  if (!count)
    throw std::invalid_argument(
        "SLURM_ARRAY_TASK_ID is set but neither SLURM_ARRAY_TASK_COUNT nor SLURM_ARRAY_TASK_MAX");
  if (*id < first || *id - first >= *count)
    throw std::invalid_argument("SLURM_ARRAY_TASK_ID=" + std::to_string(*id) +
                                " is outside the array (min " + std::to_string(first) + ", count " +
                                std::to_string(*count) +
                                "); use a contiguous --array=0-(N-1) or pass --shard I/N");
  return ShardSpec{static_cast<std::uint32_t>(*id - first), static_cast<std::uint32_t>(*count)};
}

namespace {
double steps_per_replication(const Cell& cell) {
  return static_cast<double>(cell.horizon) * static_cast<double>(cell.agents.size());
}
}  // namespace

void WorkPlan::add_cell(const Scenario& scenario, const BlockLayout& layout) {
  const auto c = static_cast<std::uint32_t>(cells_.size());
  const double per_rep = steps_per_replication(scenario.cells[c]);
  cells_.push_back(layout);
  for (std::uint32_t b = 0; b < layout.num_blocks; ++b)
    items_.push_back({c, b, per_rep * static_cast<double>(layout.reps_in(b))});
}

WorkPlan WorkPlan::for_scenario(const Scenario& scenario, double block_steps) {
  WorkPlan plan;
  for (std::size_t c = 0; c < scenario.cells.size(); ++c) {
    // Blocks are sized by work: steps weighted by the family's cost of a step.
    const double cost = c < scenario.prepared.size() ? scenario.prepared[c]->step_cost() : 1.0;
    plan.add_cell(scenario, BlockLayout::for_cell(scenario.replications,
                                                  steps_per_replication(scenario.cells[c]) * cost,
                                                  block_steps));
  }
  return plan;
}

WorkPlan WorkPlan::with_block_sizes(const Scenario& scenario,
                                    const std::vector<std::int64_t>& block_sizes) {
  BANDITSIM_CHECK(block_sizes.size() == scenario.cells.size(), "a block size per cell");
  WorkPlan plan;
  for (const std::int64_t size : block_sizes)
    plan.add_cell(scenario, BlockLayout::of_size(scenario.replications, size));
  return plan;
}

std::vector<WorkItem> WorkPlan::shard(const ShardSpec& shard) const {
  if (shard.whole()) return items_;
  // Item i belongs to the shard in which its first step falls: shard
  // floor(N * steps before i / total). Integers (steps are whole numbers below
  // 2^53), so every process draws the same boundaries.
  const double total = total_steps();
  std::vector<WorkItem> mine;
  double before = 0;
  for (const WorkItem& item : items_) {
    const auto owner = total > 0 ? static_cast<std::uint32_t>(std::floor(
                                       before * static_cast<double>(shard.count) / total))
                                 : 0U;
    if (owner == shard.index) mine.push_back(item);
    before += item.steps;
  }
  return mine;
}

double WorkPlan::total_steps() const {
  double steps = 0;
  for (const WorkItem& item : items_) steps += item.steps;
  return steps;
}

}  // namespace banditsim
