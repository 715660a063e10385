/// @file tests/support/family_run_checks.hpp
/// The engine's reproducibility guarantee as a user meets it, for any family's scenario:
/// 1 and 2 threads, 2 shards merged, and a run stopped by SIGTERM once its journal holds a
/// few blocks and then resumed all give the datasets of one uninterrupted run.
#pragma once

#include <doctest/doctest.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <string>

#include "tests/support/interrupted_run.hpp"
#include "tests/support/run_helpers.hpp"

namespace banditsim::testing {

/// Runs `scenario_text` through `binary` in scratch directory `name` and checks the three
/// equalities with h5diff (provenance attributes aside).
inline void check_threads_shards_resume(const std::string& binary, const std::string& scenario_text,
                                        const std::string& name) {
  const auto dir = scratch_dir(name);
  const auto scenario = dir / "scenario.toml";
  std::ofstream(scenario) << scenario_text;
  const std::string run = binary + " run " + scenario.string() + " --progress never";

  const auto one = run_command(run + " --threads 1 -o " + (dir / "one.h5").string());
  INFO(one.output);
  REQUIRE(one.exit_code == 0);
  REQUIRE(run_command(run + " --threads 2 -o " + (dir / "two.h5").string()).exit_code == 0);
  const auto threads = h5diff_datasets(dir / "one.h5", dir / "two.h5");
  INFO(threads.output);
  CHECK(threads.exit_code == 0);

  for (int i = 0; i < 2; ++i)
    REQUIRE(run_command(run + " -o " + (dir / "sharded.h5").string() + " --shard " +
                        std::to_string(i) + "/2")
                .exit_code == 0);
  REQUIRE(run_command(binary + " merge -o " + (dir / "sharded.h5").string() + " " +
                      (dir / "sharded.h5.shard-0-of-2").string() + " " +
                      (dir / "sharded.h5.shard-1-of-2").string())
              .exit_code == 0);
  const auto shards = h5diff_datasets(dir / "one.h5", dir / "sharded.h5");
  INFO(shards.output);
  CHECK(shards.exit_code == 0);

  const auto resumed = dir / "resumed.h5";
  interrupt_when_journaled(run + " -o " + resumed.string(), resumed.string() + ".partial", SIGTERM);
  REQUIRE_FALSE(std::filesystem::exists(resumed));  // stopped before the end
  REQUIRE(std::filesystem::exists(resumed.string() + ".partial"));
  REQUIRE(run_command(run + " -o " + resumed.string() + " --resume").exit_code == 0);
  const auto resume = h5diff_datasets(dir / "one.h5", resumed);
  INFO(resume.output);
  CHECK(resume.exit_code == 0);
}

}  // namespace banditsim::testing
