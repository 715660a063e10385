/// @file sim/output/summary.hpp
/// `banditsim summary`: a paper-style text table of a results file's finals.
#pragma once

#include <ostream>
#include <string>

#include "sim/output/results_reader.hpp"

namespace banditsim {

/// For each cell (its swept values and horizon) and each metric, one row per
/// agent: the mean final value with its 95% confidence interval (Wilson for
/// indicator metrics, normal otherwise), and the paired difference to the first
/// agent with its normal 95% interval. Formulas: sim/output/confidence.hpp.
void print_summary(const ResultsFile& results, std::ostream& out);

/// A number as printf's "%.4g" (Python's f"{x:.4g}") without a sign on zero.
std::string format_summary_number(double x);

}  // namespace banditsim
