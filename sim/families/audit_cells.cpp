#include "sim/families/audit_cells.hpp"

#include <utility>
#include <vector>

#include "sim/core/check.hpp"
#include "sim/core/hash.hpp"

namespace banditsim {

ComponentSetup make_component_setup(const ComponentInfo& info, const ParamMap& given) {
  std::vector<ParamProblem> problems;
  ComponentSetup setup;
  setup.kind = info.name;
  setup.params = complete_params(info, given, problems);
  if (!problems.empty())
    throw ConfigError(info.name, problems.front().name, problems.front().message);
  setup.canonical = component_canonical_text(setup.kind, setup.params);
  setup.hash = fnv1a64(setup.canonical);
  return setup;
}

Cell audit_cell(const Cell& cell, std::size_t agent, ComponentSetup env) {
  BANDITSIM_CHECK(agent < cell.agents.size(), "audit_cell: no such agent");
  Cell audit;
  audit.index = cell.index;
  audit.env = std::move(env);
  audit.agents = {cell.agents[agent]};
  audit.horizon = cell.horizon;
  audit.step_axis = cell.step_axis;
  audit.record_steps = cell.record_steps;
  audit.run = cell.run;
  audit.canonical = "[env]\n" + audit.env.canonical + "[agent]\n" + audit.agents[0].canonical;
  return audit;
}

}  // namespace banditsim
