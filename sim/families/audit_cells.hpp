/// @file sim/families/audit_cells.hpp
/// Building the cells of a privacy audit (audit_plan.hpp): a family replaces a cell's
/// environment by a reward table and keeps only the audited agent.
#pragma once

#include <cstddef>

#include "sim/core/component.hpp"
#include "sim/scenario/cell.hpp"

namespace banditsim {

/// A component configured with `given` (missing keys get their defaults), with its
/// canonical text and hash made as the scenario loader makes them, so that its random
/// streams are keyed as they would be in a scenario naming it. Throws ConfigError
/// naming the component and key if `given` does not fit `info`.
ComponentSetup make_component_setup(const ComponentInfo& info, const ParamMap& given);

/// `cell` with environment `env` and agent `agent` (index into cell.agents) alone.
Cell audit_cell(const Cell& cell, std::size_t agent, ComponentSetup env);

}  // namespace banditsim
