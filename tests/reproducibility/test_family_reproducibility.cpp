// Bit-for-bit reproducibility of the family contract's new parts (final-only and
// categorical metrics, fill values, reference variables, stored curves) across
// thread counts and an interrupted-and-resumed run, with the probe family.
#include <doctest/doctest.h>

#include "sim/engine/experiment.hpp"
#include "sim/families/families.hpp"
#include "sim/scenario/scenario.hpp"
#include "tests/support/probe_family.hpp"
#include "tests/support/run_helpers.hpp"

using namespace banditsim;

namespace {

RunOutcome run_probe(const std::filesystem::path& output, int threads, RunOptions options = {}) {
  static const testing::ProbeFamily probe;
  const Family* const families[] = {&probe};
  // 300 replications: blocks of 2, 150 blocks per cell.
  const Scenario scenario =
      parse_scenario(testing::probe_scenario(300, 80, "store_curves = true\n"), "probe.toml",
                     {{}, output.string()}, families);
  options.threads = threads;
  options.progress = ProgressMode::kNever;
  options.block_steps = 1;  // the fewest replications per block: ceil(300 / 256) = 2
  return run_scenario(scenario, options);
}

}  // namespace

TEST_CASE("probe family: 1 and 2 threads, and a resumed run, give identical datasets") {
  const auto dir = testing::scratch_dir("probe-repro");
  REQUIRE(run_probe(dir / "one.h5", 1).completed);
  REQUIRE(run_probe(dir / "two.h5", 2).completed);
  const auto threads = testing::h5diff_datasets(dir / "one.h5", dir / "two.h5");
  INFO(threads.output);
  CHECK(threads.exit_code == 0);

  RunOptions stop;
  stop.stop_after_blocks = 37;
  const RunOutcome first = run_probe(dir / "resumed.h5", 2, stop);
  REQUIRE_FALSE(first.completed);
  RunOptions resume;
  resume.resume = true;
  const RunOutcome second = run_probe(dir / "resumed.h5", 1, resume);
  REQUIRE(second.completed);
  CHECK(second.blocks_resumed >= 37);
  const auto resumed = testing::h5diff_datasets(dir / "one.h5", dir / "resumed.h5");
  INFO(resumed.output);
  CHECK(resumed.exit_code == 0);
}
