/// @file sim/scenario/toml_value.hpp
/// Reading typed parameter values out of TOML nodes, with messages that say what
/// was expected and what was found.
#pragma once

#include <optional>
#include <string>

#include <toml++/toml.h>

#include "sim/core/params.hpp"

namespace banditsim {

/// "an integer", "a string", "an array", ... for messages.
std::string describe_toml_type(const toml::node& node);

/// Converts `node` to a value of `type`, or explains why it cannot
/// ("expected a real, got a string"). Integers are accepted for reals, and reals
/// with an integral value (1e4) for integers.
std::optional<ParamValue> toml_to_value(const toml::node& node, ParamType type, std::string& error);

}  // namespace banditsim
