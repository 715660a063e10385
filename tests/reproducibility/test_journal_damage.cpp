// A damaged journal never yields a wrong results file. The previous journal's
// checksum covered the payload but not the record header: overwriting one
// record's block id made --resume exit 0 with 18 of 28 datasets different.
#include <doctest/doctest.h>

#include <cstring>
#include <fstream>

#include "sim/engine/experiment.hpp"
#include "sim/families/families.hpp"
#include "tests/support/run_helpers.hpp"

using namespace banditsim;

namespace {

const std::string kScenario = R"(
[run]
seed = 11
replications = 24
horizon = 300
record_every = 30
[env]
kind = "bernoulli"
means = [0.6, 0.5, 0.4]
[[agents]]
kind = "ucb1"
[[agents]]
kind = "thompson_bernoulli"
[[sweep]]
run.horizon = [300, 200]
)";

RunOutcome run(const std::filesystem::path& output, RunOptions options = {}) {
  const Scenario scenario =
      parse_scenario(kScenario, "damage.toml", {{}, output.string()}, builtin_families());
  options.threads = 1;
  options.progress = ProgressMode::kNever;
  options.block_steps = 1;  // one replication per block: 24 blocks per cell
  return run_scenario(scenario, options);
}

std::vector<char> bytes_of(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

void write_bytes(const std::filesystem::path& path, const std::vector<char>& bytes) {
  std::ofstream(path, std::ios::binary | std::ios::trunc).write(bytes.data(), bytes.size());
}

/// Offsets of block records (the record magic "1BSR" followed by kind 2).
std::vector<std::size_t> block_records(const std::vector<char>& bytes) {
  std::vector<std::size_t> found;
  for (std::size_t at = 8; at + 16 <= bytes.size(); at += 8)
    if (std::memcmp(bytes.data() + at, "1BSR", 4) == 0 && bytes[at + 4] == 2) found.push_back(at);
  return found;
}

/// An interrupted run's journal, damaged by `damage`, then resumed.
void check_resumed_equals_whole(const std::string& name,
                                void (*damage)(std::vector<char>&,
                                               const std::vector<std::size_t>&)) {
  const auto dir = testing::scratch_dir("journal-damage-" + name);
  REQUIRE(run(dir / "whole.h5").completed);
  RunOptions stop;
  stop.stop_after_blocks = 12;  // fewer than the 16 records a journal folds at once
  REQUIRE_FALSE(run(dir / "resumed.h5", stop).completed);
  const auto journal = journal_path(dir / "resumed.h5");
  auto bytes = bytes_of(journal);
  const auto records = block_records(bytes);
  REQUIRE(records.size() >= 10);
  damage(bytes, records);
  write_bytes(journal, bytes);
  RunOptions resume;
  resume.resume = true;
  const RunOutcome resumed = run(dir / "resumed.h5", resume);
  REQUIRE(resumed.completed);
  CHECK(resumed.damaged_records >= 1);
  CHECK(resumed.blocks_computed > 48 - 12);  // the damaged blocks were computed again
  const auto diff = testing::h5diff_datasets(dir / "whole.h5", dir / "resumed.h5");
  INFO(diff.output);
  CHECK(diff.exit_code == 0);
}

}  // namespace

TEST_CASE("a flipped bit in one record's block id: the record is recomputed, the file is right") {
  check_resumed_equals_whole("flip", [](std::vector<char>& bytes, const auto& records) {
    bytes[records[3] + 16 + 4] ^= 0x02;  // body: u32 cell, u32 block
  });
}

TEST_CASE("two records' block ids swapped: both recomputed, the file is right") {
  check_resumed_equals_whole("swap", [](std::vector<char>& bytes, const auto& records) {
    std::swap_ranges(bytes.begin() + static_cast<std::ptrdiff_t>(records[2] + 20),
                     bytes.begin() + static_cast<std::ptrdiff_t>(records[2] + 24),
                     bytes.begin() + static_cast<std::ptrdiff_t>(records[7] + 20));
  });
}

TEST_CASE("a cell index overwritten with another valid cell: recomputed, the file is right") {
  check_resumed_equals_whole("cell", [](std::vector<char>& bytes, const auto& records) {
    bytes[records[5] + 16] ^= 0x01;  // cell 0 <-> cell 1
  });
}
