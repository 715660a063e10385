#include "sim/engine/block_statistics.hpp"

#include <cmath>
#include <limits>

#include "sim/core/check.hpp"

namespace banditsim {

BlockLayout BlockLayout::for_replications(std::int64_t replications) {
  BANDITSIM_CHECK(replications >= 1, "at least one replication");
  BlockLayout layout;
  layout.replications = replications;
  layout.block_size = (replications + kMaxBlocksPerCell - 1) / kMaxBlocksPerCell;
  layout.num_blocks = (replications + layout.block_size - 1) / layout.block_size;
  return layout;
}

std::int64_t BlockLayout::reps_in(std::int64_t block) const {
  return std::min(block_size, replications - first_rep(block));
}

BlockStatistics::BlockStatistics(std::uint32_t cell_index, std::uint32_t block_index,
                                 const CurveShape& shape, std::size_t reps)
    : cell(cell_index),
      block(block_index),
      mean(shape.curve_size(), 0.0),
      m2(shape.curve_size(), 0.0),
      diff_mean(shape.curve_size(), 0.0),
      diff_m2(shape.curve_size(), 0.0) {
  finals.resize(shape.agents * shape.metrics * reps, std::numeric_limits<double>::quiet_NaN());
}

std::size_t BlockStatistics::payload_size(const CurveShape& shape, std::size_t reps) {
  return 4 * shape.curve_size() + shape.agents * shape.metrics * reps;
}

void BlockStatistics::add_replication(std::span<const double> curves, const CurveShape& shape) {
  BANDITSIM_CHECK(curves.size() == shape.curve_size(), "curve size");
  const std::size_t reps = finals.size() / (shape.agents * shape.metrics);
  BANDITSIM_CHECK(count < reps, "more replications than the block holds");
  ++count;
  const double n = static_cast<double>(count);
  const std::size_t per_agent = shape.metrics * shape.records;
  for (std::size_t i = 0; i < curves.size(); ++i) {
    // Welford's update of the mean and of M2 = sum of squared deviations.
    const double x = curves[i];
    const double delta = x - mean[i];
    mean[i] += delta / n;
    m2[i] += delta * (x - mean[i]);
    const double d = x - curves[i % per_agent];  // same metric and record, first agent
    const double diff_delta = d - diff_mean[i];
    diff_mean[i] += diff_delta / n;
    diff_m2[i] += diff_delta * (d - diff_mean[i]);
  }
  for (std::size_t a = 0; a < shape.agents; ++a)
    for (std::size_t m = 0; m < shape.metrics; ++m)
      finals[(m * shape.agents + a) * reps + (count - 1)] =
          curves[(a * shape.metrics + m) * shape.records + shape.records - 1];
}

namespace {
/// Chan et al.'s merge of (n_a, mean_a, M2_a) with (n_b, mean_b, M2_b).
void merge_moments(double n_a, double& mean_a, double& m2_a, double n_b, double mean_b,
                   double m2_b) {
  const double n = n_a + n_b;
  const double delta = mean_b - mean_a;
  mean_a += delta * (n_b / n);
  m2_a += m2_b + delta * delta * (n_a * n_b / n);
}

double sample_std(double m2, double n) {
  return n >= 2 ? std::sqrt(m2 / (n - 1)) : std::numeric_limits<double>::quiet_NaN();
}
}  // namespace

CellStatistics combine_blocks(std::span<const BlockStatistics> blocks, const CurveShape& shape,
                              std::size_t total_reps, std::vector<std::size_t> t_index) {
  BANDITSIM_CHECK(!blocks.empty(), "a cell has at least one block");
  const std::size_t size = shape.curve_size();
  std::vector<double> mean = blocks[0].mean, m2 = blocks[0].m2;
  std::vector<double> diff_mean = blocks[0].diff_mean, diff_m2 = blocks[0].diff_m2;
  double n = blocks[0].count;
  for (std::size_t b = 1; b < blocks.size(); ++b) {
    const double n_b = blocks[b].count;
    for (std::size_t i = 0; i < size; ++i) {
      merge_moments(n, mean[i], m2[i], n_b, blocks[b].mean[i], blocks[b].m2[i]);
      merge_moments(n, diff_mean[i], diff_m2[i], n_b, blocks[b].diff_mean[i], blocks[b].diff_m2[i]);
    }
    n += n_b;
  }
  BANDITSIM_CHECK(static_cast<std::size_t>(n) == total_reps, "blocks do not cover the cell");

  CellStatistics cell;
  cell.cell = blocks[0].cell;
  cell.t_index = std::move(t_index);
  cell.metrics.resize(shape.metrics);
  for (std::size_t m = 0; m < shape.metrics; ++m) {
    MetricStatistics& out = cell.metrics[m];
    for (CurveStatistics* curve : {&out.value, &out.paired_difference}) {
      curve->mean.resize(shape.agents * shape.records);
      curve->std.resize(shape.agents * shape.records);
    }
    for (std::size_t a = 0; a < shape.agents; ++a)
      for (std::size_t j = 0; j < shape.records; ++j) {
        const std::size_t from = (a * shape.metrics + m) * shape.records + j;
        const std::size_t to = a * shape.records + j;
        out.value.mean[to] = mean[from];
        out.value.std[to] = sample_std(m2[from], n);
        out.paired_difference.mean[to] = diff_mean[from];
        out.paired_difference.std[to] = sample_std(diff_m2[from], n);
      }
    out.finals.resize(shape.agents * total_reps);
    for (std::size_t a = 0; a < shape.agents; ++a) {
      std::size_t rep = 0;
      for (const auto& block : blocks) {
        const std::size_t reps = block.finals.size() / (shape.agents * shape.metrics);
        for (std::size_t r = 0; r < reps; ++r)
          out.finals[a * total_reps + rep++] = block.finals[(m * shape.agents + a) * reps + r];
      }
    }
  }
  return cell;
}

}  // namespace banditsim
