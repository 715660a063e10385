/// @file sim/scenario/scenario.hpp
/// Scenario files (TOML): parsing, command-line overrides, sweep expansion and
/// validation. The format is documented in scenarios/README.md.
///
/// Every problem of a file is collected and reported at once, each with file,
/// line, column and key: unknown keys (with the closest valid name), wrong
/// types, out-of-range values, missing required keys, and combinations the
/// components reject (the family builds every cell once during loading).
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/families/family.hpp"
#include "sim/families/metric_expansion.hpp"
#include "sim/scenario/cell.hpp"
#include "sim/scenario/record_schedule.hpp"

namespace banditsim {

/// Where something was written: a file position, or a command-line override.
struct SourceLocation {
  std::string file;  ///< Path as given, or "--set".
  int line = 0;      ///< 1-based; 0 if unknown.
  int column = 0;    ///< 1-based; 0 if unknown.
  /// "file:line:column" (or fewer parts when unknown).
  std::string to_string() const;
  friend auto operator<=>(const SourceLocation&, const SourceLocation&) = default;
};

/// One problem found in a scenario.
struct ScenarioIssue {
  SourceLocation where;
  std::string key;      ///< Dotted key ("agents.eps.epsilon"), or empty.
  std::string message;  ///< What is wrong and, where possible, how to fix it.
  /// "file:line:column: key: message".
  std::string to_string() const;
  friend auto operator<=>(const ScenarioIssue&, const ScenarioIssue&) = default;
};

/// All problems of one scenario. what() lists them, one per line.
class ScenarioError : public std::runtime_error {
 public:
  explicit ScenarioError(std::vector<ScenarioIssue> issues);
  const std::vector<ScenarioIssue>& issues() const { return issues_; }

 private:
  std::vector<ScenarioIssue> issues_;
};

/// A key swept by [[sweep]] blocks (in the order the file first sweeps it).
struct SweptKey {
  std::string key;              ///< "agents.eps.epsilon"
  std::string coordinate_name;  ///< Variable name in the output ("epsilon").
};

struct Scenario {
  std::string file;                    ///< As given on the command line.
  std::string text;                    ///< The file's exact content (stored in the output).
  std::vector<std::string> overrides;  ///< The --set arguments applied, in order.
  std::string name;
  std::string description;
  std::uint64_t seed = 0;
  std::int64_t replications = 0;
  std::string horizon_key;    ///< "horizon" or "budget", as the file names it.
  std::string output;         ///< Output path (run.output, or -o).
  bool store_curves = false;  ///< run.store_curves: keep every replication's curves.
  RecordSchedule record;
  const Family* family = nullptr;
  std::vector<std::string> agent_labels;
  std::vector<std::string> agent_kinds;
  std::vector<SweptKey> swept_keys;
  std::vector<Cell> cells;
  /// Family::prepare of each cell, made while loading (so every cell is checked).
  std::vector<std::shared_ptr<const PreparedCell>> prepared;
  /// The metrics of the results file: the family's, each vector metric expanded to
  /// the largest extent of the cells (sim/families/metric_expansion.hpp). Layouts,
  /// the journal and the results file use these, never Family::metrics() directly.
  ExpandedMetrics metrics;
  /// Whether expanded metric `metric` applies to `agent` of cell `cell`.
  bool applies(std::size_t cell, std::size_t agent, std::size_t metric) const {
    return expanded_applies(metrics, *prepared[cell], agent, metric);
  }
  /// Stable hash of everything that determines the numbers (cells' canonical
  /// configurations, seed, replications, reduction scheme); a resumed run must
  /// match it. Comments, whitespace and key order in the file do not enter it.
  std::uint64_t fingerprint = 0;

  /// Total number of agent-steps: sum over cells of horizon x agents x replications.
  double total_steps() const;
};

struct ScenarioOptions {
  std::vector<std::string> overrides;  ///< "key=value" (value in TOML syntax, or a bare string).
  std::string output;                  ///< If non-empty, replaces run.output.
};

/// Reads and validates a scenario file. Throws ScenarioError listing every
/// problem; a file that cannot be read is reported the same way.
Scenario load_scenario(const std::filesystem::path& file, const ScenarioOptions& options,
                       std::span<const Family* const> families);

/// Same, from text (`file_name` is used in messages). For tests and tools.
Scenario parse_scenario(std::string text, const std::string& file_name,
                        const ScenarioOptions& options, std::span<const Family* const> families);

}  // namespace banditsim
