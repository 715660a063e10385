/// @file sim/output/summary.hpp
/// `banditsim summary`: a paper-style text table of a results file's finals.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "sim/output/confidence.hpp"
#include "sim/output/results_reader.hpp"

namespace banditsim {

struct SummaryOptions {
  /// Quantiles shown after the median, in percent (integers in 1..99, not 50).
  std::vector<int> quantiles{10, 90};
};

/// For each cell (its swept values and horizon) and each metric, one row per
/// agent: the mean final value with its 95% confidence interval (Wilson for
/// indicator metrics, normal otherwise), the paired difference to the first
/// agent with its normal 95% interval (not shown with one agent), the median with its
/// order-statistic 95% interval, and the quantiles of `options`. Intervals of a bounded metric stay
/// in its range. NaN finals (the metric does not apply) are left out; a value
/// with nothing to compute it from is "n/a". Formulas: sim/output/confidence.hpp.
void print_summary(const ResultsFile& results, std::ostream& out,
                   const SummaryOptions& options = {});

/// The range of valid values a metric declares.
ValidRange valid_range(const MetricInfo& info);

/// A number as printf's "%.4g" (Python's f"{x:.4g}") without a sign on zero.
std::string format_summary_number(double x);

}  // namespace banditsim
