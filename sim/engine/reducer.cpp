#include "sim/engine/reducer.hpp"

#include <algorithm>

#include "sim/core/check.hpp"
#include "sim/engine/journal.hpp"
#include "sim/engine/reference_table.hpp"
#include "sim/families/family.hpp"
#include "sim/scenario/scenario.hpp"

namespace banditsim {
namespace {

std::vector<std::size_t> t_index_of(const Cell& cell, const std::vector<std::int64_t>& t) {
  std::vector<std::size_t> index;
  for (const std::int64_t step : cell.record_steps)
    index.push_back(
        static_cast<std::size_t>(std::lower_bound(t.begin(), t.end(), step) - t.begin()));
  return index;
}

}  // namespace

ResultsHeader make_results_header(const Scenario& scenario) {
  ResultsHeader header;
  header.family = std::string(scenario.family->name());
  header.agent_labels = scenario.agent_labels;
  header.agent_kinds = scenario.agent_kinds;
  header.metrics = scenario.metrics.metrics;
  header.num_cells = scenario.cells.size();
  header.num_replications = static_cast<std::size_t>(scenario.replications);
  header.horizon_name = scenario.horizon_key;
  for (const auto& cell : scenario.cells) {
    header.t.insert(header.t.end(), cell.record_steps.begin(), cell.record_steps.end());
    header.horizons.push_back(cell.horizon);
    header.cell_configs.push_back(cell.canonical);
    header.env_kinds.push_back(cell.env.kind);
  }
  header.references = collect_references(scenario);
  header.metric_has_gaps.assign(header.metrics.size(), false);
  for (std::size_t c = 0; c < scenario.cells.size(); ++c)
    for (std::size_t a = 0; a < scenario.cells[c].agents.size(); ++a)
      for (std::size_t m = 0; m < header.metrics.size(); ++m)
        if (!scenario.applies(c, a, m)) header.metric_has_gaps[m] = true;
  header.store_curves = scenario.store_curves;
  std::sort(header.t.begin(), header.t.end());
  header.t.erase(std::unique(header.t.begin(), header.t.end()), header.t.end());
  for (std::size_t k = 0; k < scenario.swept_keys.size(); ++k) {
    const SweptKey& key = scenario.swept_keys[k];
    if (key.coordinate_name == scenario.horizon_key) {  // the horizon variable itself
      header.horizon_sweep_key = key.key;
      continue;
    }
    SweepCoordinate coordinate{key.coordinate_name, key.key, {}};
    for (const auto& cell : scenario.cells) {
      const SweptValue& value = cell.swept[k];
      if (value.present)
        coordinate.values.emplace_back(value.value);
      else
        coordinate.values.emplace_back(std::monostate{});
    }
    header.coordinates.push_back(std::move(coordinate));
  }
  return header;
}

Reducer::Reducer(const Scenario& scenario, const WorkPlan& plan,
                 const std::filesystem::path& output)
    : scenario_(&scenario),
      plan_(&plan),
      header_(make_results_header(scenario)),
      writer_(output, header_) {}

void Reducer::write(std::span<const Journal* const> sources,
                    std::vector<std::pair<std::string, AttributeValue>> attributes) {
  const Scenario& scenario = *scenario_;
  for (std::uint32_t c = 0; c < scenario.cells.size(); ++c) {
    const Cell& cell = scenario.cells[c];
    std::vector<BlockStatistics> blocks;
    for (const Journal* source : sources) {
      auto held = source->read_cell(c);
      std::move(held.begin(), held.end(), std::back_inserter(blocks));
    }
    std::sort(blocks.begin(), blocks.end(),
              [](const BlockStatistics& a, const BlockStatistics& b) { return a.block < b.block; });
    std::uint32_t next = 0;
    for (const BlockStatistics& block : blocks) {
      if (block.block != next)
        throw RuntimeFailure("cell " + std::to_string(c) + ": block " + std::to_string(next) +
                             (block.block < next ? " is held twice" : " is missing"));
      next += block.blocks;
    }
    if (next != plan_->cell(c).num_blocks)
      throw RuntimeFailure("cell " + std::to_string(c) + ": block " + std::to_string(next) +
                           " is missing");
    const OutputLayout layout(scenario.metrics.metrics, cell.agents.size(),
                              cell.record_steps.size());
    writer_.write_cell(combine_blocks(blocks, layout,
                                      static_cast<std::size_t>(scenario.replications),
                                      t_index_of(cell, header_.t)));
  }
  writer_.set_attributes(std::move(attributes));
  writer_.commit();
}

}  // namespace banditsim
