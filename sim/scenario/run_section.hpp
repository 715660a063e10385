/// @file sim/scenario/run_section.hpp
/// The [run] section: which keys it may hold and how they are read. The engine
/// owns some keys (seed, replications, record_*, output, ...); the family owns
/// the others: the names of its step count (Family::step_axes: "horizon",
/// "budget", ...) and its own keys (Family::run_params). The family is known
/// only once the environment kind is resolved, so [run] keys are checked after
/// that, against a RunVocabulary. With the family unknown (an unknown
/// environment), every family's keys are accepted and only the engine's and the
/// step axes' values are checked, so that one mistake does not hide others.
/// Internal to the scenario loader.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "sim/scenario/sweep.hpp"
#include "sim/scenario/written_scenario.hpp"

namespace banditsim {

/// A [run] key of some family other than the scenario's.
struct ForeignRunKey {
  std::string name;
  const Family* family = nullptr;
  bool step_axis = false;  ///< A name of the step count (else a run_params key).
};

struct RunVocabulary {
  const Family* family = nullptr;  ///< Null if unknown.
  /// The family's step axes; every family's (one per name) if the family is unknown.
  std::vector<ParamSpec> axes;
  /// The family's run_params; empty if the family is unknown.
  std::vector<ParamSpec> params;
  /// Keys of the other families (of every family if the family is unknown).
  std::vector<ForeignRunKey> foreign;

  const ParamSpec* axis(std::string_view name) const;
  const ParamSpec* param(std::string_view name) const;
  const ForeignRunKey* foreign_key(std::string_view name) const;
  /// Keys that may appear in [run] (or only those [[sweep]] blocks may set).
  std::vector<std::string> names(bool sweepable_only) const;
  /// "missing required key 'horizon' (or 'budget'): steps per replication ..."
  std::string missing_axis_message() const;
};

RunVocabulary run_vocabulary(const Family* family, std::span<const Family* const> families);

/// Every [run] key of the engine and of any family (for --set, before the
/// family is known; check_run_keys then checks them against the family).
std::vector<std::string> every_run_key(std::span<const Family* const> families);

/// Reports every key of [run] (as written, --set applied) that is not the
/// engine's or the family's, with the closest valid name, or the family it
/// belongs to.
void check_run_keys(const Written& written, const RunVocabulary& vocabulary,
                    const std::string& env_kind, IssueList& issues);

/// Reads the keys that cannot be swept (seed, replications, name, description,
/// output, store_curves) into `scenario`. `ok` becomes false on a problem.
void read_fixed_run(const Written& written, const ScenarioOptions& options, Scenario& scenario,
                    IssueList& issues, bool& ok);

/// The step axis the scenario names (in [run] or in a sweep). Reports a missing
/// one, or two given; `missing_reported` tells whether the former was reported.
std::string choose_step_axis(const Written& written, const SweepPlan& plan,
                             const RunVocabulary& vocabulary, IssueList& issues,
                             bool& missing_reported);

/// The [run] values of one cell (or of the scenario as written, before sweeps).
struct ResolvedRun {
  bool ok = true;
  bool axis_missing = false;  ///< The step count is not given (never reported here).
  std::int64_t horizon = 0;
  RecordSchedule record;
  ParamMap params;  ///< The family's run_params, defaults filled.
};

/// Reads the step count `axis`, the record schedule and the family's keys.
/// Missing required family keys are reported only with `report_missing`.
ResolvedRun resolve_run(const Written& written, const RunVocabulary& vocabulary,
                        const std::string& axis, bool report_missing, IssueList& issues);

/// Where a missing [run] key is reported: the [run] table, or the file's start.
SourceLocation run_table_location(const Written& written);

}  // namespace banditsim
