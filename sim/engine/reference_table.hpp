/// @file sim/engine/reference_table.hpp
/// Gathers the per-cell reference values of a scenario's prepared cells into the
/// variables of the results file.
#pragma once

#include <vector>

#include "sim/output/results_model.hpp"
#include "sim/scenario/scenario.hpp"

namespace banditsim {

/// One variable per name the cells declare (in the first cell's order). Every
/// cell must declare the same names with the same dimension names and agent
/// dependence (a family bug otherwise: InternalError); dimension sizes may
/// differ, and shorter cells are padded with NaN.
std::vector<ReferenceVariable> collect_references(const Scenario& scenario);

}  // namespace banditsim
