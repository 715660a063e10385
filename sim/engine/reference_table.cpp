#include "sim/engine/reference_table.hpp"

#include <algorithm>
#include <limits>

#include "sim/core/check.hpp"

namespace banditsim {
namespace {

/// Checks that `value` is declared like `first` (same name, dims, agent dependence).
void check_same_declaration(const ReferenceValue& first, const ReferenceValue& value,
                            std::size_t cell, std::size_t agents) {
  const std::string where = "reference value '" + first.name + "' of cell " + std::to_string(cell);
  BANDITSIM_CHECK(value.name == first.name && value.per_agent == first.per_agent &&
                      value.dims.size() == first.dims.size(),
                  where + ": every cell must declare the same reference values");
  for (std::size_t d = 0; d < first.dims.size(); ++d)
    BANDITSIM_CHECK(value.dims[d].name == first.dims[d].name, where + ": dimension names differ");
  BANDITSIM_CHECK(value.values.size() == (value.per_agent ? agents : 1) * value.values_per_agent(),
                  where + ": values do not match its dimensions");
}

}  // namespace

std::vector<ReferenceVariable> collect_references(const Scenario& scenario) {
  BANDITSIM_CHECK(scenario.prepared.size() == scenario.cells.size(), "every cell is prepared");
  std::vector<std::vector<ReferenceValue>> per_cell;
  for (const auto& prepared : scenario.prepared) per_cell.push_back(prepared->reference());
  const std::size_t agents = scenario.agent_labels.size();
  std::vector<ReferenceVariable> variables;
  for (std::size_t v = 0; v < per_cell[0].size(); ++v) {
    ReferenceVariable variable{per_cell[0][v], {}};
    variable.declaration.values.clear();
    for (std::size_t c = 0; c < per_cell.size(); ++c) {
      BANDITSIM_CHECK(per_cell[c].size() == per_cell[0].size(),
                      "every cell must declare the same reference values");
      const ReferenceValue& value = per_cell[c][v];
      check_same_declaration(per_cell[0][v], value, c, agents);
      for (std::size_t d = 0; d < value.dims.size(); ++d)
        variable.declaration.dims[d].size =
            std::max(variable.declaration.dims[d].size, value.dims[d].size);
    }
    // Scatter each cell's row-major values into the padded array.
    const std::size_t rows = variable.declaration.per_agent ? agents : 1;
    const std::size_t padded = variable.declaration.values_per_agent();
    variable.values.assign(per_cell.size() * rows * padded,
                           std::numeric_limits<double>::quiet_NaN());
    for (std::size_t c = 0; c < per_cell.size(); ++c) {
      const ReferenceValue& value = per_cell[c][v];
      const std::size_t own = value.values_per_agent();
      for (std::size_t i = 0; i < rows * own; ++i) {
        // Index i -> (row, d0, d1, ...) in the cell's sizes -> the padded offset.
        std::size_t rest = i % own, offset = 0, stride = padded;
        for (std::size_t d = 0; d < value.dims.size(); ++d) {
          std::size_t inner = 1;
          for (std::size_t e = d + 1; e < value.dims.size(); ++e) inner *= value.dims[e].size;
          stride /= variable.declaration.dims[d].size;
          offset += (rest / inner) * stride;
          rest %= inner;
        }
        variable.values[(c * rows + i / own) * padded + offset] = value.values[i];
      }
    }
    variables.push_back(std::move(variable));
  }
  return variables;
}

}  // namespace banditsim
