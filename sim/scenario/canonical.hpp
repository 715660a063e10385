/// @file sim/scenario/canonical.hpp
/// What identifies a cell and a scenario: the canonical text of a resolved
/// cell (sorted keys, defaults filled, shortest round-trip reals; the results'
/// cell_config and the input of the random stream keys), the value a swept key
/// takes in a cell, the coordinate names of swept keys, and the fingerprint a
/// resumed run must match. Comments, whitespace and key order never enter them.
/// Internal to the scenario loader.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "sim/scenario/written_scenario.hpp"

namespace banditsim {

/// The full resolved configuration of a cell as TOML text; `axis` names the
/// step count ("horizon", "budget", ...).
std::string cell_canonical_text(const Cell& cell, const std::string& axis,
                                const RecordSchedule& record);

/// The value a swept key takes in a resolved cell (present = false if the key
/// does not exist there, e.g. after a kind change).
SweptValue swept_value(const Cell& cell, const std::string& axis, const RecordSchedule& record,
                       const ParamPath& path, const std::string& key);

/// Names for the swept keys' coordinates: the parameter name when unambiguous,
/// otherwise a longer form (env_means, eps_epsilon), never a reserved name (the
/// dimensions, the per-cell variables, the family's step axes and metrics).
std::vector<SweptKey> name_swept_keys(const std::vector<std::pair<std::string, ParamPath>>& keys,
                                      const Family& family, const std::string& axis);

/// Hash of everything that determines the numbers of a run of `scenario`.
std::uint64_t scenario_fingerprint(const Scenario& scenario);

}  // namespace banditsim
