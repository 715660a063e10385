/// @file sim/families/reference_value.hpp
/// Per-cell reference data a family writes beside its metrics: exact solutions
/// (a TD fixed point, exact gaps), a paper's bounds (an error bound along the
/// budget), estimates. Each lands in the results file as a float64 variable
/// along `cell` (and `agent` where it depends on the agent, such as a DP agent's
/// epsilon), plus any dimensions of its own (`state`, `budget`, ...), with
/// long_name, units, a description and `reference_source` = exact | bound | estimate.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace banditsim {

/// Where a reference value comes from (shown in the file and in `describe`).
enum class ReferenceSource {
  kExact,     ///< Computed exactly (a closed form, an exact linear solve).
  kBound,     ///< A paper's bound (an upper bound on error, regret, ...).
  kEstimate,  ///< A numerical estimate (Monte Carlo, an iterative solver's tolerance).
};

std::string_view source_name(ReferenceSource source);

/// A dimension of a reference variable beyond `cell` (and `agent`). Cells may
/// differ in its size (a swept number of states): the file's dimension is the
/// largest, and shorter cells are padded with NaN.
struct ReferenceDimension {
  std::string name;  ///< netCDF dimension name ("state", "budget").
  std::size_t size = 0;
};

struct ReferenceValue {
  std::string name;  ///< Variable name (netCDF-safe, not a metric's or coordinate's name).
  std::string long_name;
  std::string units;
  std::string description;  ///< What it is and, for bounds, which theorem.
  ReferenceSource source = ReferenceSource::kExact;
  bool per_agent = false;                ///< One value (array) per agent of the cell.
  std::vector<ReferenceDimension> dims;  ///< Extra dimensions, outermost first.
  std::vector<double> values;            ///< Row-major over ([agent,] dims...).

  /// Number of values one agent (or the cell) has: the product of dims' sizes.
  std::size_t values_per_agent() const;
};

}  // namespace banditsim
