#include "sim/engine/block_statistics.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "sim/core/check.hpp"

namespace banditsim {

BlockStatistics::BlockStatistics(std::uint32_t cell_index, std::uint32_t block_index,
                                 const OutputLayout& layout, std::size_t reps, bool keep_curves)
    : cell(cell_index),
      block(block_index),
      mean(layout.size(), 0.0),
      m2(layout.size(), 0.0),
      diff_mean(layout.size(), 0.0),
      diff_m2(layout.size(), 0.0) {
  finals.resize(layout.agents() * layout.metrics() * reps,
                std::numeric_limits<double>::quiet_NaN());
  if (keep_curves) curves.resize(layout.size() * reps, std::numeric_limits<double>::quiet_NaN());
}

std::size_t BlockStatistics::payload_size(const OutputLayout& layout, std::size_t reps,
                                          bool keep_curves) {
  return 4 * layout.size() + layout.agents() * layout.metrics() * reps +
         (keep_curves ? layout.size() * reps : 0);
}

void BlockStatistics::add_replication(std::span<const double> buffer, const OutputLayout& layout) {
  BANDITSIM_CHECK(buffer.size() == layout.size(), "replication buffer size");
  const std::size_t agents = layout.agents(), metrics = layout.metrics();
  const std::size_t reps = finals.size() / (agents * metrics);
  BANDITSIM_CHECK(count < reps, "more replications than the block holds");
  ++count;
  const double n = static_cast<double>(count);
  const std::size_t per_agent = layout.per_agent();
  for (std::size_t i = 0; i < buffer.size(); ++i) {
    // Welford's update of the mean and of M2 = sum of squared deviations.
    const double x = buffer[i];
    const double delta = x - mean[i];
    mean[i] += delta / n;
    m2[i] += delta * (x - mean[i]);
    const double d = x - buffer[i % per_agent];  // same metric and slot, first agent
    const double diff_delta = d - diff_mean[i];
    diff_mean[i] += diff_delta / n;
    diff_m2[i] += diff_delta * (d - diff_mean[i]);
  }
  for (std::size_t a = 0; a < agents; ++a)
    for (std::size_t m = 0; m < metrics; ++m)
      finals[(m * agents + a) * reps + (count - 1)] = buffer[a * per_agent + layout.final_slot(m)];
  if (!curves.empty())
    std::copy(buffer.begin(), buffer.end(),
              curves.begin() + static_cast<std::ptrdiff_t>((count - 1) * buffer.size()));
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

BlockStatistics fold_blocks(std::span<const BlockStatistics> parts) {
  BANDITSIM_CHECK(!parts.empty(), "a cell has at least one block");
  if (parts.size() == 1) return parts[0];
  const std::size_t size = parts[0].slots(), per_rep = parts[0].finals_per_rep();
  const bool curves = !parts[0].curves.empty();
  BlockStatistics folded = parts[0];
  double n = parts[0].count;
  std::size_t total = 0;
  for (const BlockStatistics& part : parts) {
    BANDITSIM_CHECK(part.cell == parts[0].cell && part.slots() == size &&
                        part.finals_per_rep() == per_rep && part.curves.empty() != curves,
                    "folding blocks of different shapes");
    total += part.count;
  }
  for (std::size_t b = 1; b < parts.size(); ++b) {
    BANDITSIM_CHECK(parts[b].block == parts[b - 1].block + parts[b - 1].blocks,
                    "blocks folded out of order");
    const double n_b = parts[b].count;
    for (std::size_t i = 0; i < size; ++i) {
      merge_moments(n, folded.mean[i], folded.m2[i], n_b, parts[b].mean[i], parts[b].m2[i]);
      merge_moments(n, folded.diff_mean[i], folded.diff_m2[i], n_b, parts[b].diff_mean[i],
                    parts[b].diff_m2[i]);
    }
    n += n_b;
  }
  folded.blocks = parts.back().block + parts.back().blocks - parts[0].block;
  folded.count = static_cast<std::uint32_t>(total);
  // finals: [metric x agent][rep], the parts' replications one after another.
  folded.finals.assign(per_rep * total, 0.0);
  std::size_t first = 0;
  for (const BlockStatistics& part : parts) {
    for (std::size_t k = 0; k < per_rep; ++k)
      std::copy_n(part.finals.begin() + static_cast<std::ptrdiff_t>(k * part.count), part.count,
                  folded.finals.begin() + static_cast<std::ptrdiff_t>(k * total + first));
    first += part.count;
  }
  folded.curves.clear();
  if (curves)
    for (const BlockStatistics& part : parts)
      folded.curves.insert(folded.curves.end(), part.curves.begin(), part.curves.end());
  return folded;
}

CellStatistics combine_blocks(std::span<const BlockStatistics> parts, const OutputLayout& layout,
                              std::size_t total_reps, std::vector<std::size_t> t_index) {
  const BlockStatistics all = fold_blocks(parts);
  BANDITSIM_CHECK(all.count == total_reps, "blocks do not cover the cell");
  BANDITSIM_CHECK(
      all.slots() == layout.size() && all.finals_per_rep() == layout.agents() * layout.metrics(),
      "blocks do not match the cell's layout");
  const std::vector<double>&mean = all.mean, &m2 = all.m2, &diff_mean = all.diff_mean,
        &diff_m2 = all.diff_m2;
  const double n = all.count;
  const std::size_t size = layout.size();
  const std::span<const BlockStatistics> blocks(&all, 1);
  const std::size_t agents = layout.agents(), records = layout.records();
  CellStatistics cell;
  cell.cell = blocks[0].cell;
  cell.t_index = std::move(t_index);
  cell.metrics.resize(layout.metrics());
  for (std::size_t m = 0; m < layout.metrics(); ++m) {
    MetricStatistics& out = cell.metrics[m];
    if (layout.kind(m) == MetricKind::kCurve) {
      for (CurveStatistics* curve : {&out.value, &out.paired_difference}) {
        curve->mean.resize(agents * records);
        curve->std.resize(agents * records);
      }
      for (std::size_t a = 0; a < agents; ++a)
        for (std::size_t j = 0; j < records; ++j) {
          const std::size_t from = a * layout.per_agent() + layout.offset(m) + j;
          const std::size_t to = a * records + j;
          out.value.mean[to] = mean[from];
          out.value.std[to] = sample_std(m2[from], n);
          out.paired_difference.mean[to] = diff_mean[from];
          out.paired_difference.std[to] = sample_std(diff_m2[from], n);
        }
    }
    out.finals.resize(agents * total_reps);
    for (std::size_t a = 0; a < agents; ++a) {
      std::size_t rep = 0;
      for (const auto& block : blocks) {
        const std::size_t reps = block.finals.size() / (agents * layout.metrics());
        for (std::size_t r = 0; r < reps; ++r)
          out.finals[a * total_reps + rep++] = block.finals[(m * agents + a) * reps + r];
      }
    }
    // Kept curves, [agent][rep][record], for quantile bands.
    if (layout.kind(m) == MetricKind::kCurve && !blocks[0].curves.empty()) {
      out.curves.resize(agents * total_reps * records);
      std::size_t rep = 0;
      for (const auto& block : blocks) {
        BANDITSIM_CHECK(block.curves.size() == block.count * size, "kept curves of every block");
        for (std::size_t r = 0; r < block.count; ++r, ++rep)
          for (std::size_t a = 0; a < agents; ++a)
            for (std::size_t j = 0; j < records; ++j)
              out.curves[(a * total_reps + rep) * records + j] =
                  block.curves[r * size + a * layout.per_agent() + layout.offset(m) + j];
      }
    }
  }
  return cell;
}

}  // namespace banditsim
