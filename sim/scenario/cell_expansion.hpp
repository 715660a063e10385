/// @file sim/scenario/cell_expansion.hpp
/// Sweep application and cell expansion: for every cell, the scenario as
/// written with the cell's sweep overrides applied, validated (run values,
/// environment, agents), made canonical, and prepared by the family, whose
/// ConfigErrors become scenario issues at the component and key they name.
/// Problems of some cells only are reported once, with the cells they hit.
/// Internal to the scenario loader.
#pragma once

#include <span>
#include <string>

#include "sim/scenario/run_section.hpp"
#include "sim/scenario/sweep.hpp"
#include "sim/scenario/written_scenario.hpp"

namespace banditsim {

/// What every cell shares.
struct ExpansionContext {
  const Written& written;  ///< --set applied.
  const SweepPlan& plan;
  std::span<const Family* const> families;
  const RunVocabulary& vocabulary;  ///< vocabulary.family: the scenario's, or null.
  std::string axis;                 ///< The step count's name.
  bool axis_missing_reported = false;
  bool run_ok = true;  ///< The fixed [run] keys are valid.
};

/// Expands, validates and prepares every cell into scenario.cells and
/// scenario.prepared (kept aligned; a cell with problems is left out of both).
/// Sets scenario.record from cell 0.
void expand_cells(const ExpansionContext& context, Scenario& scenario, IssueList& issues);

}  // namespace banditsim
