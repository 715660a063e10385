/// @file sim/scenario/overrides.hpp
/// Changes of written values: `--set KEY=VALUE` from the command line (applied
/// to the scenario as written, before sweeps) and the overrides of a sweep
/// level (applied to a copy, per cell). Setting `kind` replaces a component.
/// Internal to the scenario loader.
#pragma once

#include <string>
#include <vector>

#include "sim/scenario/written_scenario.hpp"

namespace banditsim {

/// Applies one override to `written`. Setting `kind` replaces the component:
/// parameters of the old kind are dropped.
void apply_override(Written& written, const Override& change);

/// Parses and applies --set arguments. The value is TOML (0.2, [0.1, 0.9],
/// "text", true); anything that does not parse as TOML is taken as a bare
/// string. A [run] key must be one of `run_keys` (the family's [run] keys are
/// checked later, with the rest of [run]). The parsed documents the values
/// live in are kept in `keep_alive`.
void read_command_line_overrides(const std::vector<std::string>& overrides,
                                 const std::vector<std::string>& run_keys, Written& written,
                                 std::vector<toml::table>& keep_alive, std::vector<Override>& out,
                                 IssueList& issues);

}  // namespace banditsim
