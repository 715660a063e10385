/// @file sim/scenario/component_tables.hpp
/// The shape of a scenario document and its component tables: reading [run],
/// [env] and [[agents]] as written (values keep their positions; [run] keys are
/// checked later, once the family is known), finding the family from the
/// environment kind, and validating a component's parameters against its
/// ComponentInfo (types with TOML's words, then complete_params: ranges,
/// unknown names with the closest valid one, required parameters, defaults).
/// Internal to the scenario loader.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "sim/scenario/written_scenario.hpp"

namespace banditsim {

/// Reads the top-level structure of `doc`; problems of shape go to `issues`.
Written read_written(const toml::table& doc, const std::string& file, IssueList& issues);

/// The family of the environment kind (null if unknown or missing); reports
/// unknown kinds and agents of another family.
const Family* resolve_family(const Written& written, std::span<const Family* const> families,
                             IssueList& issues);

/// The names of every agent (or environment) of every family, for suggestions.
std::vector<std::string> component_names(std::span<const Family* const> families,
                                         ComponentRole role);

/// "unknown environment 'x' (did you mean 'y'?)"
std::string unknown_component_message(std::span<const Family* const> families, ComponentRole role,
                                      const std::string& kind);

/// A component of a cell after validation.
struct Resolved {
  bool ok = false;
  ComponentSetup setup;
};

/// Checks a written component against its spec and fills in defaults. Missing
/// required parameters are reported only with `report_missing` (a sweep may
/// give them in every cell).
Resolved resolve_component(const WrittenComponent& written, const ComponentInfo& info,
                           bool report_missing, IssueList& issues);

/// Checks every value written in [env] and [[agents]] (after --set, before
/// sweeps) against the component's own ComponentInfo, whatever the family of
/// the environment: values that sweeps replace in every cell are still checked.
void check_written_components(const Written& written, std::span<const Family* const> families,
                              IssueList& issues);

}  // namespace banditsim
