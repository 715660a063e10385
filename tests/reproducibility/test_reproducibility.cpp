// Bit-for-bit reproducibility: thread counts, interruption + resume, seeds, and
// independence of a cell's numbers from the other cells of its scenario.
#include <doctest/doctest.h>

#include "sim/engine/experiment.hpp"
#include "sim/families/families.hpp"
#include "sim/output/results_reader.hpp"
#include "tests/support/run_helpers.hpp"

using namespace banditsim;
using banditsim::testing::h5diff_datasets;
using banditsim::testing::scratch_dir;

namespace {

/// The scenario without its sweep.
const std::string kBase = R"(
[run]
seed = 99
replications = 37
horizon = 400
record_log_points = 12

[env]
kind = "bernoulli"
means = [0.6, 0.5, 0.45, 0.3]

[[agents]]
kind = "ucb1"

[[agents]]
kind = "epsilon_greedy"
label = "eps"

[[agents]]
kind = "thompson_bernoulli"
)";

const std::string kScenario = kBase + R"(
[[sweep]]
mode = "zip"
agents.eps.epsilon = [0.05, 0.2]
run.horizon = [400, 250]
)";

RunOutcome run(const std::filesystem::path& output, int threads,
               std::vector<std::string> overrides = {}, RunOptions options = {},
               const std::string& text = kScenario) {
  const Scenario scenario = parse_scenario(
      text, "repro.toml", {std::move(overrides), output.string()}, builtin_families());
  options.threads = threads;
  options.progress = ProgressMode::kNever;
  // One replication per block (37 per cell), so interruptions land mid-cell.
  if (options.block_steps == 0) options.block_steps = 1;
  return run_scenario(scenario, options);
}

}  // namespace

TEST_CASE("1 thread and 2 threads give byte-identical datasets") {
  const auto dir = scratch_dir("repro-threads");
  REQUIRE(run(dir / "one.h5", 1).completed);
  REQUIRE(run(dir / "two.h5", 2).completed);
  const auto diff = h5diff_datasets(dir / "one.h5", dir / "two.h5");
  INFO(diff.output);
  CHECK(diff.exit_code == 0);
}

TEST_CASE("an interrupted run resumed from its journal equals an uninterrupted run") {
  const auto dir = scratch_dir("repro-resume");
  REQUIRE(run(dir / "whole.h5", 2).completed);

  RunOptions interrupted;
  interrupted.stop_after_blocks = 9;
  const RunOutcome first = run(dir / "resumed.h5", 2, {}, interrupted);
  CHECK_FALSE(first.completed);
  CHECK_FALSE(std::filesystem::exists(dir / "resumed.h5"));
  CHECK(std::filesystem::exists(journal_path(dir / "resumed.h5")));
  CHECK(first.blocks_computed == 9);
  CHECK(first.blocks_computed < first.blocks_total);

  RunOptions resume;
  resume.resume = true;
  const RunOutcome second = run(dir / "resumed.h5", 1, {}, resume);
  REQUIRE(second.completed);
  CHECK(second.blocks_resumed == first.blocks_computed);
  CHECK(second.blocks_resumed + second.blocks_computed == second.blocks_total);
  CHECK_FALSE(std::filesystem::exists(journal_path(dir / "resumed.h5")));
  const auto diff = h5diff_datasets(dir / "whole.h5", dir / "resumed.h5");
  INFO(diff.output);
  CHECK(diff.exit_code == 0);
}

TEST_CASE("a journal of a different scenario is not resumed") {
  const auto dir = scratch_dir("repro-mismatch");
  RunOptions interrupted;
  interrupted.stop_after_blocks = 3;
  CHECK_FALSE(run(dir / "out.h5", 1, {}, interrupted).completed);
  RunOptions resume;
  resume.resume = true;
  CHECK_THROWS_WITH(run(dir / "out.h5", 1, {"run.seed=100"}, resume),
                    doctest::Contains("different scenario"));
}

TEST_CASE("another seed gives different numbers") {
  const auto dir = scratch_dir("repro-seed");
  REQUIRE(run(dir / "a.h5", 2).completed);
  REQUIRE(run(dir / "b.h5", 2, {"run.seed=100"}).completed);
  CHECK(h5diff_datasets(dir / "a.h5", dir / "b.h5").exit_code == 1);
  const ResultsFile a = read_results(dir / "a.h5");
  const ResultsFile b = read_results(dir / "b.h5");
  CHECK(a.metrics.at(0).finals != b.metrics.at(0).finals);
}

TEST_CASE("a cell's numbers do not depend on the other cells of the scenario") {
  // Cell 1 of the zip sweep (epsilon 0.2, horizon 250) run on its own.
  const auto dir = scratch_dir("repro-cells");
  REQUIRE(run(dir / "sweep.h5", 2).completed);
  REQUIRE(run(dir / "single.h5", 1, {"agents.eps.epsilon=0.2", "run.horizon=250"}, {}, kBase)
              .completed);
  const ResultsFile sweep = read_results(dir / "sweep.h5");
  const ResultsFile one = read_results(dir / "single.h5");
  REQUIRE(sweep.num_cells == 2);
  REQUIRE(one.num_cells == 1);
  const std::size_t agents = 3, reps = 37;
  for (std::size_t m = 0; m < sweep.metrics.size(); ++m)
    for (std::size_t a = 0; a < agents; ++a)
      for (std::size_t r = 0; r < reps; ++r)
        CHECK(sweep.metrics[m].finals[(1 * agents + a) * reps + r] ==
              one.metrics[m].finals[a * reps + r]);
}
