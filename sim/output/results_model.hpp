/// @file sim/output/results_model.hpp
/// What a finished run hands to the output writer: the description of the
/// dimensions and coordinates (ResultsHeader) and the statistics of each cell
/// (CellStatistics). The HDF5 layout built from these is documented in
/// sim/output/results_file.hpp and scenarios/README.md.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <variant>
#include <vector>

#include "sim/core/component.hpp"
#include "sim/core/params.hpp"
#include "sim/families/reference_value.hpp"

namespace banditsim {

/// A coordinate along `cell` for one swept key.
struct SweepCoordinate {
  std::string name;  ///< Variable name in the file ("epsilon"; unique, netCDF-safe).
  std::string key;   ///< The dotted scenario key ("agents.eps.epsilon").
  /// Value per cell; std::monostate where the key does not exist in that cell.
  /// Scalars become numeric variables; lists, matrices and strings become text.
  std::vector<std::variant<std::monostate, ParamValue>> values;
};

/// A family's per-cell reference variable (sim/families/reference_value.hpp) with
/// the values of every cell: `declaration.dims` have the largest size over the
/// cells, and values are [cell][agent if per_agent][dims...], NaN-padded.
struct ReferenceVariable {
  ReferenceValue declaration;  ///< Its values are empty; see `values`.
  std::vector<double> values;
};

/// A root attribute of the results file (provenance).
using AttributeValue = std::variant<std::string, std::int64_t, std::uint64_t, double>;

struct ResultsHeader {
  std::string family;                     ///< "bandit"
  std::vector<std::string> agent_labels;  ///< Along `agent`.
  std::vector<std::string> agent_kinds;   ///< Registry name of each agent.
  std::vector<MetricInfo> metrics;
  /// Per metric: true if it does not apply to some agent in some cell (so the
  /// file holds fill values for it).
  std::vector<bool> metric_has_gaps;
  std::size_t num_cells = 0;
  std::size_t num_replications = 0;
  std::vector<std::int64_t> t;         ///< Union of all cells' record steps, ascending.
  std::vector<std::int64_t> horizons;  ///< Per cell.
  /// Name of the horizon variable: "horizon", or "budget" when the scenario calls
  /// it so (fixed-budget best-arm identification).
  std::string horizon_name = "horizon";
  /// The dotted key ("run.budget") if the horizon is swept, else empty; written
  /// as the horizon variable's sweep_key attribute, like other swept keys.
  std::string horizon_sweep_key;
  std::vector<std::string> cell_configs;  ///< Per cell: canonical resolved TOML.
  std::vector<std::string> env_kinds;     ///< Per cell.
  std::vector<SweepCoordinate> coordinates;
  std::vector<ReferenceVariable> references;
  /// Write <metric>_curves(cell, agent, rep, t) for every curve metric.
  bool store_curves = false;
  /// Provenance: scenario text, seed, versions, host, threads, times, ... Written as
  /// root attributes in this order.
  std::vector<std::pair<std::string, AttributeValue>> attributes;
};

/// Mean and standard deviation over replications of one metric, per agent and
/// record step: values[agent * records + j].
struct CurveStatistics {
  std::vector<double> mean;
  std::vector<double> std;  ///< Sample standard deviation (n - 1 denominator); NaN if n < 2.
};

struct MetricStatistics {
  CurveStatistics value;  ///< The metric itself.
  /// Paired difference (agent - first agent of the cell) in the same replication;
  /// zero for the first agent. Common random numbers make these tight.
  CurveStatistics paired_difference;
  /// Value at the last record step of every replication: finals[agent * reps + rep]
  /// (for a categorical metric, the outcome; NaN where the metric does not apply).
  std::vector<double> finals;
  /// Every replication's curve, [agent][rep][record], if the scenario keeps them
  /// (run.store_curves); else empty.
  std::vector<double> curves;
};

struct CellStatistics {
  std::size_t cell = 0;
  /// Index into ResultsHeader::t of each of this cell's record steps.
  std::vector<std::size_t> t_index;
  std::vector<MetricStatistics> metrics;  ///< In ResultsHeader::metrics order.
};

}  // namespace banditsim
