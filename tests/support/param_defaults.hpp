/// @file tests/support/param_defaults.hpp
/// Builds the validated, defaults-filled ParamMap a component is constructed
/// from, the way the scenario loader does, from only the values a test sets.
#pragma once

#include <doctest/doctest.h>

#include <span>
#include <string>
#include <string_view>

#include "sim/component.hpp"
#include "sim/params.hpp"

namespace banditsim::testing {

/// `values` plus the default of every parameter it leaves out. Fails the test if a
/// key is unknown, a value has the wrong type or is out of range, or a required
/// parameter is missing.
/// The description named `name` among `infos` (fails the test if there is none).
inline const ComponentInfo& find_info(std::span<const ComponentInfo> infos, std::string_view name) {
  for (const auto& info : infos)
    if (info.name == name) return info;
  FAIL("no component named " << name);
  return infos.front();  // unreachable: FAIL throws
}

inline ParamMap with_defaults(const ComponentInfo& info, const ParamMap& values) {
  ParamMap full;
  for (const auto& [name, value] : values.values()) {
    const ParamSpec* spec = info.find(name);
    REQUIRE_MESSAGE(spec != nullptr, info.name << " has no parameter " << name);
    REQUIRE_MESSAGE(type_of(value) == spec->type,
                    info.name << "." << name << " has the wrong type");
    const auto problem = spec->check(value);
    REQUIRE_MESSAGE(!problem, info.name << "." << name << ": " << problem.value_or(""));
    full.set(name, value);
  }
  for (const auto& spec : info.params) {
    if (full.contains(spec.name)) continue;
    REQUIRE_MESSAGE(!spec.required(), info.name << " needs a value for " << spec.name);
    full.set(spec.name, *spec.default_value);
  }
  return full;
}

}  // namespace banditsim::testing
