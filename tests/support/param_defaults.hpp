/// @file tests/support/param_defaults.hpp
/// Builds the validated, defaults-filled ParamMap a component is constructed
/// from, the way the scenario loader does, from only the values a test sets.
#pragma once

#include <doctest/doctest.h>

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/component.hpp"
#include "sim/core/params.hpp"

namespace banditsim::testing {

/// The description named `name` among `infos` (fails the test if there is none).
inline const ComponentInfo& find_info(std::span<const ComponentInfo> infos, std::string_view name) {
  for (const auto& info : infos)
    if (info.name == name) return info;
  FAIL("no component named " << name);
  return infos.front();  // unreachable: FAIL throws
}

/// `values` plus the default of every parameter it leaves out, as the scenario
/// loader builds it (complete_params). Fails the test if a key is unknown, a value
/// has the wrong type or is out of range, or a required parameter is missing.
inline ParamMap with_defaults(const ComponentInfo& info, const ParamMap& values) {
  std::vector<ParamProblem> problems;
  ParamMap full = complete_params(info, values, problems);
  for (const auto& problem : problems)
    FAIL_CHECK(info.name << "." << problem.name << ": " << problem.message);
  REQUIRE(problems.empty());
  return full;
}

}  // namespace banditsim::testing
