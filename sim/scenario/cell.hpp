/// @file sim/scenario/cell.hpp
/// A cell: one fully resolved configuration of a scenario (after sweeps and
/// overrides). Cells x replications is the work of a run.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/core/params.hpp"

namespace banditsim {

/// A component as configured in one cell: its kind, its validated parameters
/// (defaults included), and the canonical text that identifies it.
struct ComponentSetup {
  std::string kind;
  ParamMap params;
  std::string canonical;   ///< `kind = "..."` plus sorted `key = value` lines.
  std::uint64_t hash = 0;  ///< fnv1a64(canonical): enters the random stream keys.
};

/// An agent in a cell; `label` is its name along the output's `agent` dimension.
struct AgentSetup : ComponentSetup {
  std::string label;
};

/// The value a swept key takes in one cell.
struct SweptValue {
  std::string key;      ///< Dotted path as written in the scenario ("agents.eps.epsilon").
  ParamValue value;     ///< The resolved value in this cell (the base value if a case left it).
  bool present = true;  ///< False when the key does not exist in this cell (kind changed).
};

struct Cell {
  std::size_t index = 0;
  ComponentSetup env;
  std::vector<AgentSetup> agents;
  std::int64_t horizon = 0;  ///< Steps per replication (the budget, for BAI).
  /// The name the scenario gives the step count (one of Family::step_axes: "horizon",
  /// "samples", ...). A family with several axes reads from it what a step is.
  std::string step_axis;
  std::vector<std::int64_t> record_steps;  ///< Ascending, 1-based, last == horizon.
  /// The family's own [run] keys (Family::run_params), validated, defaults filled.
  ParamMap run;
  std::vector<SweptValue> swept;  ///< One entry per swept key of the scenario.
  std::string canonical;          ///< Full resolved configuration (TOML text).
};

}  // namespace banditsim
