// The work plan: blocks per cell, and shards that partition the items.
#include <doctest/doctest.h>

#include <cstdlib>
#include <set>

#include "sim/engine/work_plan.hpp"
#include "sim/families/families.hpp"
#include "sim/scenario/scenario.hpp"

using namespace banditsim;

namespace {
/// 12 cells of unequal work (horizons 200..2400), 1 to 3 blocks each.
Scenario sweep() {
  return parse_scenario(R"(
[run]
seed = 1
replications = 1000
horizon = 100
[env]
kind = "bernoulli"
means = [0.5, 0.4]
[[agents]]
kind = "ucb1"
[[agents]]
kind = "thompson_bernoulli"
[[sweep]]
run.horizon = [200, 400, 600, 800, 1000, 1200, 1400, 1600, 1800, 2000, 2200, 2400]
)",
                        "plan.toml", {}, builtin_families());
}
}  // namespace

TEST_CASE("a cell's blocks follow from its own work only") {
  const Scenario scenario = sweep();
  const WorkPlan plan = WorkPlan::for_scenario(scenario);
  REQUIRE(plan.cells().size() == 12);
  // Horizon 200 x 2 agents = 400 steps per replication: 1e6 / 400 = 2500 > 1000 reps.
  CHECK(plan.cell(0).num_blocks == 1);
  // Horizon 2400: 4800 steps, ceil(1e6 / 4800) = 209 replications per block.
  CHECK(plan.cell(11).block_size == 209);
  CHECK(plan.cell(11).num_blocks == 5);
  CHECK(plan.total_steps() == doctest::Approx(scenario.total_steps()));
}

TEST_CASE("shards partition the items into contiguous runs of about equal work") {
  const Scenario scenario = sweep();
  const WorkPlan plan = WorkPlan::for_scenario(scenario, 2e5);  // many blocks
  for (const std::uint32_t n : {1U, 2U, 3U, 5U, 64U}) {
    CAPTURE(n);
    std::set<std::pair<std::uint32_t, std::uint32_t>> seen;
    std::size_t previous_end = 0;
    for (std::uint32_t i = 0; i < n; ++i) {
      const auto mine = plan.shard({i, n});
      double steps = 0;
      for (const WorkItem& item : mine) {
        CHECK(seen.insert({item.cell, item.block}).second);  // never twice
        steps += item.steps;
      }
      if (!mine.empty()) {  // contiguous and in order
        std::size_t first = 0;
        while (plan.items()[first].cell != mine[0].cell ||
               plan.items()[first].block != mine[0].block)
          ++first;
        CHECK(first == previous_end);
        previous_end = first + mine.size();
      }
      // About 1/N of the work: off by at most one item's steps.
      if (n <= 5) CHECK(std::abs(steps - plan.total_steps() / n) <= 2 * 4800 * 42);
    }
    CHECK(seen.size() == plan.items().size());  // nothing missing
  }
}

TEST_CASE("--shard I/N is 0-based, and SLURM array variables give I and N") {
  CHECK(ShardSpec::parse("0/3").index == 0);
  CHECK(ShardSpec::parse("2/3").count == 3);
  CHECK_THROWS_WITH(ShardSpec::parse("3/3"), doctest::Contains("0 <= I < N"));
  CHECK_THROWS_WITH(ShardSpec::parse("1/0"), doctest::Contains("0 <= I < N"));
  CHECK_THROWS_WITH(ShardSpec::parse("a/3"), doctest::Contains("whole numbers"));
  CHECK_THROWS(ShardSpec::parse("1"));

  for (const char* name : {"SLURM_ARRAY_TASK_ID", "SLURM_ARRAY_TASK_MIN", "SLURM_ARRAY_TASK_MAX",
                           "SLURM_ARRAY_TASK_COUNT"})
    ::unsetenv(name);
  CHECK_FALSE(ShardSpec::from_slurm_environment().has_value());
  // sbatch --array=1-4: ids 1..4, MIN 1, MAX 4, COUNT 4 -> shards 0..3 of 4.
  ::setenv("SLURM_ARRAY_TASK_ID", "3", 1);
  ::setenv("SLURM_ARRAY_TASK_MIN", "1", 1);
  ::setenv("SLURM_ARRAY_TASK_MAX", "4", 1);
  auto shard = ShardSpec::from_slurm_environment();
  REQUIRE(shard.has_value());
  CHECK(shard->index == 2);
  CHECK(shard->count == 4);
  ::setenv("SLURM_ARRAY_TASK_COUNT", "4", 1);
  CHECK(ShardSpec::from_slurm_environment()->index == 2);
  ::setenv("SLURM_ARRAY_TASK_ID", "9", 1);
  CHECK_THROWS_WITH(ShardSpec::from_slurm_environment(), doctest::Contains("outside the array"));
  for (const char* name : {"SLURM_ARRAY_TASK_ID", "SLURM_ARRAY_TASK_MIN", "SLURM_ARRAY_TASK_MAX",
                           "SLURM_ARRAY_TASK_COUNT"})
    ::unsetenv(name);
}
