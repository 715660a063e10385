#include "sim/engine/disk_estimate.hpp"

#include <algorithm>

#include "sim/families/family.hpp"
#include "sim/scenario/scenario.hpp"

namespace banditsim {

DiskEstimate estimate_disk(const Scenario& scenario, const WorkPlan& plan) {
  DiskEstimate estimate;
  const auto reps = static_cast<double>(scenario.replications);
  double folded = 0, largest_block = 0;
  for (std::size_t c = 0; c < scenario.cells.size(); ++c) {
    const Cell& cell = scenario.cells[c];
    const OutputLayout layout(scenario.metrics.metrics, cell.agents.size(),
                              cell.record_steps.size());
    const auto slots = static_cast<double>(layout.size());
    const auto per_rep = static_cast<double>(layout.agents() * layout.metrics());
    const double curves = scenario.store_curves ? slots * reps : 0;
    // Results: mean, sd, paired mean and sd of each slot; finals; kept curves.
    estimate.results_bytes += 8 * (4 * slots + per_rep * reps + curves);
    // Journal: the record framing (24 bytes) and block header (40) around the same.
    folded += 64 + 8 * (4 * slots + per_rep * reps + curves);
    const double block_reps = static_cast<double>(plan.cell(c).block_size);
    largest_block =
        std::max(largest_block, 64 + 8 * (4 * slots + per_rep * block_reps +
                                          (scenario.store_curves ? slots * block_reps : 0)));
  }
  // HDF5's own structures (dimension scales, attributes, B-trees; measured at
  // 30-60 KB for small files), the scenario text, each cell's canonical text.
  estimate.results_bytes += 128e3 + 2 * static_cast<double>(scenario.text.size());
  for (const Cell& cell : scenario.cells)
    estimate.results_bytes += 64 + static_cast<double>(cell.canonical.size());
  // Live records, as many dead ones (reclaimed beyond 1 MiB of slack), the copy
  // made while reclaiming, and up to 16 unfolded blocks for each of a few cells in flight.
  estimate.journal_bytes = 3 * folded + (1 << 20) + 64 * largest_block;
  return estimate;
}

}  // namespace banditsim
