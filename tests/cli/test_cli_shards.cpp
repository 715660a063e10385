// Beyond one machine, as a user meets it: shards merged equal one run; a killed
// shard resumes; merge refuses what cannot be merged, in one line, writing nothing.
#include <doctest/doctest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <thread>

#include "tests/support/interrupted_run.hpp"
#include "tests/support/run_helpers.hpp"

using banditsim::testing::CommandResult;
using banditsim::testing::h5diff_datasets;
using banditsim::testing::interrupt_when_journaled;
using banditsim::testing::run_command;
using banditsim::testing::scratch_dir;

namespace {

const std::string kBinary = BANDITSIM_BINARY;
const std::string kSweep = std::string(BANDITSIM_SOURCE_DIR) + "/scenarios/sweep_example.toml";

CommandResult cli(const std::string& args) { return run_command(kBinary + " " + args); }

std::size_t lines(const std::string& text) {
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

std::string shard(const std::filesystem::path& out, int i, int n) {
  return out.string() + ".shard-" + std::to_string(i) + "-of-" + std::to_string(n);
}

}  // namespace

TEST_CASE("3 shards of a 12-cell sweep merged equal one run, and merge refuses bad sets") {
  const auto dir = scratch_dir("cli-shards");
  const std::string set = " --set run.replications=40 --quiet";
  const auto whole = dir / "whole.h5", out = dir / "sharded.h5";
  REQUIRE(cli("run " + kSweep + set + " -o " + whole.string()).exit_code == 0);
  for (int i = 0; i < 3; ++i) {
    const auto ran =
        cli("run " + kSweep + set + " -o " + out.string() + " --shard " + std::to_string(i) + "/3");
    INFO(ran.output);
    REQUIRE(ran.exit_code == 0);
    REQUIRE(std::filesystem::exists(shard(out, i, 3)));
  }
  CHECK_FALSE(std::filesystem::exists(out));  // a shard run writes no results file
  const auto merged = dir / "merged.h5";
  const auto merge = cli("merge -o " + merged.string() + " " + shard(out, 0, 3) + " " +
                         shard(out, 1, 3) + " " + shard(out, 2, 3));
  INFO(merge.output);
  REQUIRE(merge.exit_code == 0);
  const auto diff = h5diff_datasets(whole, merged);
  INFO(diff.output);
  CHECK(diff.exit_code == 0);
  // A directory of shards works too.
  REQUIRE(cli("merge -q -o " + (dir / "from_dir.h5").string() + " " + dir.string()).exit_code == 0);
  CHECK(h5diff_datasets(whole, dir / "from_dir.h5").exit_code == 0);

  // Another scenario's shard (another seed), a missing shard, a shard given twice.
  const auto other = dir / "other.h5";
  REQUIRE(cli("run " + kSweep + set + " --set run.seed=9 -o " + other.string() + " --shard 1/3")
              .exit_code == 0);
  const auto refused = dir / "refused.h5";
  struct Case {
    std::string shards, message;
  };
  for (const Case& bad : {Case{shard(out, 0, 3) + " " + shard(other, 1, 3) + " " + shard(out, 2, 3),
                               "belongs to another scenario"},
                          Case{shard(out, 0, 3) + " " + shard(out, 2, 3), "missing shard 1 of 3"},
                          Case{shard(out, 0, 3) + " " + shard(out, 1, 3) + " " + shard(out, 1, 3) +
                                   " " + shard(out, 2, 3),
                               "shard 1/3 is given twice"}}) {
    const auto result = cli("merge -o " + refused.string() + " " + bad.shards);
    INFO(result.output);
    CHECK(result.exit_code == 2);
    CHECK(lines(result.output) == 1);
    CHECK(result.output.find(bad.message) != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(refused));
    CHECK_FALSE(std::filesystem::exists(refused.string() + ".tmp"));
  }
}

TEST_CASE("a shard killed with SIGKILL and resumed equals an uninterrupted shard") {
  const auto dir = scratch_dir("cli-shard-kill");
  const auto file = dir / "long.toml";
  std::ofstream(file) << banditsim::testing::kLongScenario;
  // 8e4 steps per replication: blocks of 13, 31 blocks; shard 0/2 holds about half.
  const auto killed = dir / "killed.h5";
  const auto journal = std::filesystem::path(shard(killed, 0, 2) + ".partial");
  const int status = interrupt_when_journaled(
      kBinary + " run " + file.string() + " -o " + killed.string() + " --quiet --shard 0/2",
      journal, SIGKILL);
  REQUIRE(WIFSIGNALED(status));
  CHECK_FALSE(std::filesystem::exists(shard(killed, 0, 2)));  // not finished, not renamed
  REQUIRE(std::filesystem::exists(journal));

  const auto resumed =
      cli("run " + file.string() + " -o " + killed.string() + " --shard 0/2 --resume");
  INFO(resumed.output);
  REQUIRE(resumed.exit_code == 0);
  CHECK(std::filesystem::exists(shard(killed, 0, 2)));
  CHECK_FALSE(std::filesystem::exists(journal));
  // Resuming a finished shard does nothing and says so.
  CHECK(cli("run " + file.string() + " -o " + killed.string() + " --shard 0/2 --resume")
            .output.find("already complete") != std::string::npos);

  const auto clean = dir / "clean.h5";
  for (int i = 0; i < 2; ++i)
    REQUIRE(cli("run " + file.string() + " -q -o " + clean.string() + " --shard " +
                std::to_string(i) + "/2")
                .exit_code == 0);
  REQUIRE(cli("merge -q -o " + (dir / "a.h5").string() + " " + shard(killed, 0, 2) + " " +
              shard(clean, 1, 2))
              .exit_code == 0);
  REQUIRE(cli("merge -q -o " + (dir / "b.h5").string() + " " + shard(clean, 0, 2) + " " +
              shard(clean, 1, 2))
              .exit_code == 0);
  const auto diff = h5diff_datasets(dir / "a.h5", dir / "b.h5");
  INFO(diff.output);
  CHECK(diff.exit_code == 0);
  // And both equal the single run.
  REQUIRE(cli("run " + file.string() + " -q -o " + (dir / "whole.h5").string()).exit_code == 0);
  CHECK(h5diff_datasets(dir / "whole.h5", dir / "b.h5").exit_code == 0);
}

TEST_CASE("a damaged shard file is refused by merge, and resuming the shard repairs it") {
  const auto dir = scratch_dir("cli-shard-damage");
  const std::string set = " --set run.replications=40 --quiet";
  const auto out = dir / "s.h5";
  for (int i = 0; i < 2; ++i)
    REQUIRE(
        cli("run " + kSweep + set + " -o " + out.string() + " --shard " + std::to_string(i) + "/2")
            .exit_code == 0);
  REQUIRE(cli("run " + kSweep + set + " -o " + (dir / "whole.h5").string()).exit_code == 0);
  // One flipped bit in the middle of shard 1 (inside some block's statistics).
  const std::filesystem::path damaged = shard(out, 1, 2);
  {
    std::fstream file(damaged, std::ios::in | std::ios::out | std::ios::binary);
    const auto middle = static_cast<std::streamoff>(std::filesystem::file_size(damaged) / 2);
    file.seekg(middle);
    char byte = 0;
    file.read(&byte, 1);
    byte = static_cast<char>(byte ^ 0x10);
    file.seekp(middle);
    file.write(&byte, 1);
  }
  const auto merged = dir / "merged.h5";
  const auto refused =
      cli("merge -o " + merged.string() + " " + shard(out, 0, 2) + " " + damaged.string());
  INFO(refused.output);
  CHECK(refused.exit_code == 2);
  CHECK(refused.output.find("is not finished") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(merged));
  // The refusal says how to repair it: resume the shard (the file is its journal).
  const auto repaired = cli("run " + kSweep + " --set run.replications=40 -o " + out.string() +
                            " --shard 1/2 --resume");
  INFO(repaired.output);
  REQUIRE(repaired.exit_code == 0);
  CHECK(repaired.output.find("damaged record") != std::string::npos);
  REQUIRE(cli("merge -q -o " + merged.string() + " " + shard(out, 0, 2) + " " + damaged.string())
              .exit_code == 0);
  const auto diff = h5diff_datasets(dir / "whole.h5", merged);
  INFO(diff.output);
  CHECK(diff.exit_code == 0);
}

TEST_CASE("SLURM array variables choose the shard when --shard is not given") {
  const auto dir = scratch_dir("cli-shard-slurm");
  const auto out = dir / "s.h5";
  const auto result =
      run_command("SLURM_ARRAY_TASK_ID=5 SLURM_ARRAY_TASK_MIN=4 SLURM_ARRAY_TASK_MAX=6 " + kBinary +
                  " run " + kSweep + " --set run.replications=10 -q -o " + out.string());
  INFO(result.output);
  REQUIRE(result.exit_code == 0);
  CHECK(std::filesystem::exists(shard(out, 1, 3)));
  const auto bad = cli("run " + kSweep + " --shard 3/3 -o " + out.string());
  CHECK(bad.exit_code == 2);
  CHECK(bad.output.find("0 <= I < N") != std::string::npos);
}
