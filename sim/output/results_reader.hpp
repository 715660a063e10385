/// @file sim/output/results_reader.hpp
/// Loads what `banditsim summary` needs from a results file (the format is
/// described in sim/output/results_file.hpp): dimensions, labels, per-cell coordinates
/// and the per-replication final values of every metric.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "sim/core/component.hpp"

namespace banditsim {

/// A swept key along `cell`, as display text.
struct ResultsCoordinate {
  std::string name;                 ///< Variable name ("epsilon").
  std::string key;                  ///< Dotted scenario key ("agents.eps.epsilon").
  std::vector<std::string> values;  ///< Per cell: "0.1", "true", "ucb"; "" where absent.
};

/// One metric's final values, finals[(cell * agents + agent) * reps + rep].
struct ResultsMetric {
  MetricInfo info;
  std::vector<double> finals;
};

/// A categorical metric's outcomes, values[(cell * agents + agent) * reps + rep];
/// -1 where the metric does not apply.
struct ResultsOutcome {
  MetricInfo info;
  std::vector<std::int64_t> values;
};

/// A family's per-cell reference variable (exact, bound or estimate).
struct ResultsReference {
  std::string name;
  std::string long_name;
  std::string units;
  std::string source;             ///< "exact", "bound" or "estimate".
  std::vector<std::string> dims;  ///< "cell", then "agent" if per agent, then its own.
  std::vector<std::size_t> shape;
  std::vector<double> values;  ///< Row-major over dims.

  bool per_agent() const { return dims.size() > 1 && dims[1] == "agent"; }
  /// Values of one cell (and agent, if per agent), NaN padding included.
  std::span<const double> of(std::size_t cell, std::size_t agent = 0) const;
};

/// The contents of a results file that the summary reads.
struct ResultsFile {
  std::filesystem::path path;
  std::int64_t schema = 0;
  std::string scenario_name;  ///< Root attribute `scenario_name`; empty if absent.
  /// Root attribute `scenario_fingerprint` (hex): identifies the computation, so
  /// `run --resume` recognises a finished file of the same scenario.
  std::string scenario_fingerprint;
  std::string family;
  std::size_t num_cells = 0;
  std::size_t num_agents = 0;
  std::size_t num_replications = 0;
  std::vector<std::int64_t> t;
  std::vector<std::string> agent_labels;
  std::vector<std::string> agent_kinds;
  std::vector<std::int64_t> horizons;    ///< Per cell.
  std::string horizon_name = "horizon";  ///< "budget" for fixed-budget scenarios.
  std::vector<std::string> env_kinds;    ///< Per cell.
  std::vector<ResultsCoordinate> coordinates;
  std::vector<ResultsMetric> metrics;  ///< In file order.
  std::vector<ResultsOutcome> outcomes;
  std::vector<ResultsReference> references;

  /// The per-replication finals of one metric, cell and agent.
  std::span<const double> finals(std::size_t metric, std::size_t cell, std::size_t agent) const {
    return std::span<const double>(metrics[metric].finals)
        .subspan((cell * num_agents + agent) * num_replications, num_replications);
  }
};

/// Reads a results file. Throws RuntimeFailure with one clear line if it cannot
/// be read, is not a banditsim results file, or has a newer schema.
ResultsFile read_results(const std::filesystem::path& path);

}  // namespace banditsim
