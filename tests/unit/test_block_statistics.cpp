// Block statistics: Welford within a block, Chan's merge across blocks.
#include <doctest/doctest.h>

#include <cmath>
#include <numeric>

#include "sim/core/rng.hpp"
#include "sim/engine/block_statistics.hpp"

using namespace banditsim;

namespace {
/// A replication with the work of a whole block: the work rule asks for one
/// replication per block, so these tests see the 256-blocks-per-cell rule alone.
constexpr double kLongReplication = BlockLayout::kTargetBlockSteps;
}  // namespace

TEST_CASE("with long replications the layout depends only on the replication count") {
  const auto small = BlockLayout::for_cell(100, kLongReplication);
  CHECK(small.block_size == 1);
  CHECK(small.num_blocks == 100);
  const auto large = BlockLayout::for_cell(2000, kLongReplication);
  CHECK(large.block_size == 8);
  CHECK(large.num_blocks == 250);
  const auto odd = BlockLayout::for_cell(1001, kLongReplication);
  CHECK(odd.block_size == 4);
  CHECK(odd.num_blocks == 251);
  CHECK(odd.reps_in(250) == 1);
  std::int64_t covered = 0;
  for (std::int64_t b = 0; b < odd.num_blocks; ++b) covered += odd.reps_in(b);
  CHECK(covered == 1001);
}

TEST_CASE("combined blocks give the two-pass mean, sample sd, paired differences and finals") {
  // 2 agents x 2 metrics x 3 records; 7 replications in blocks of 3, 3, 1.
  const OutputLayout shape = curves_only(2, 2, 3);
  Rng rng(11);
  std::vector<std::vector<double>> reps(7, std::vector<double>(shape.size()));
  for (auto& curves : reps)
    for (auto& x : curves) x = uniform01(rng) * 10;
  std::vector<BlockStatistics> blocks;
  for (std::uint32_t b = 0, r = 0; b < 3; ++b) {
    const std::size_t count = b < 2 ? 3 : 1;
    blocks.emplace_back(4, b, shape, count);
    for (std::size_t i = 0; i < count; ++i) blocks.back().add_replication(reps[r++], shape);
  }
  const CellStatistics cell = combine_blocks(blocks, shape, 7, {0, 2, 5});
  CHECK(cell.cell == 4);
  CHECK(cell.t_index == std::vector<std::size_t>{0, 2, 5});
  for (std::size_t m = 0; m < 2; ++m)
    for (std::size_t a = 0; a < 2; ++a)
      for (std::size_t j = 0; j < 3; ++j) {
        const std::size_t at = (a * 2 + m) * 3 + j, first = m * 3 + j;
        double mean = 0, diff = 0;
        for (const auto& curves : reps) {
          mean += curves[at] / 7;
          diff += (curves[at] - curves[first]) / 7;
        }
        double ss = 0, diff_ss = 0;
        for (const auto& curves : reps) {
          ss += (curves[at] - mean) * (curves[at] - mean);
          const double d = curves[at] - curves[first];
          diff_ss += (d - diff) * (d - diff);
        }
        const auto& out = cell.metrics[m];
        CHECK(out.value.mean[a * 3 + j] == doctest::Approx(mean).epsilon(1e-13));
        CHECK(out.value.std[a * 3 + j] == doctest::Approx(std::sqrt(ss / 6)).epsilon(1e-12));
        CHECK(out.paired_difference.mean[a * 3 + j] == doctest::Approx(diff).epsilon(1e-12));
        if (a == 0) {
          CHECK(out.paired_difference.mean[j] == 0.0);
          CHECK(out.paired_difference.std[j] == 0.0);
        } else {
          CHECK(out.paired_difference.std[a * 3 + j] ==
                doctest::Approx(std::sqrt(diff_ss / 6)).epsilon(1e-12));
        }
        for (std::size_t r = 0; r < 7; ++r)
          CHECK(out.finals[a * 7 + r] == reps[r][(a * 2 + m) * 3 + 2]);
      }
}

TEST_CASE("a single replication has NaN standard deviations, not zero") {
  const OutputLayout shape = curves_only(1, 1, 2);
  BlockStatistics block(0, 0, shape, 1);
  block.add_replication(std::vector<double>{1.0, 2.0}, shape);
  const CellStatistics cell = combine_blocks(std::span(&block, 1), shape, 1, {0, 1});
  CHECK(cell.metrics[0].value.mean[1] == 2.0);
  CHECK(std::isnan(cell.metrics[0].value.std[1]));
}

TEST_CASE("blocks are sized by work: about kTargetBlockSteps steps, whole replications") {
  // 1000 replications of 4e3 steps: 1e6 / 4e3 = 250 replications per block.
  const auto quick = BlockLayout::for_cell(1000, 4e3);
  CHECK(quick.block_size == 250);
  CHECK(quick.num_blocks == 4);
  const auto uneven = BlockLayout::for_cell(1000, 3e3);  // ceil(1e6 / 3e3) = 334
  CHECK(uneven.block_size == 334);
  CHECK(uneven.num_blocks == 3);
  CHECK(uneven.reps_in(2) == 332);
  // A cell smaller than one block's work is one block.
  CHECK(BlockLayout::for_cell(50, 1e3).num_blocks == 1);
  // Replications longer than a block's work: one per block, still at most 256 blocks.
  CHECK(BlockLayout::for_cell(10, 1e9).block_size == 1);
  CHECK(BlockLayout::for_cell(1000, 1e9).num_blocks == 250);
  // Rounding: 1e6 / 3e5 = 3.3 -> 4 replications per block.
  CHECK(BlockLayout::for_cell(100, 3e5).block_size == 4);
}

TEST_CASE("block size is ceil(R / 256) exactly at multiples of 256") {
  // kMaxBlocksPerCell = 256 (work_plan.hpp): at most 256 blocks of equal size.
  CHECK(BlockLayout::for_cell(1, kLongReplication).block_size == 1);
  CHECK(BlockLayout::for_cell(256, kLongReplication).block_size == 1);
  CHECK(BlockLayout::for_cell(256, kLongReplication).num_blocks == 256);
  CHECK(BlockLayout::for_cell(257, kLongReplication).block_size == 2);
  CHECK(BlockLayout::for_cell(257, kLongReplication).num_blocks == 129);
  CHECK(BlockLayout::for_cell(512, kLongReplication).block_size == 2);
  CHECK(BlockLayout::for_cell(512, kLongReplication).num_blocks == 256);
  CHECK(BlockLayout::for_cell(2560, kLongReplication).block_size == 10);
}
