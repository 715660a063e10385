/// @file tests/support/config_error_key.hpp
/// The key a ConfigError names, to check that a bad configuration is rejected
/// for the right reason.
#pragma once

#include <string>

#include "sim/core/check.hpp"

namespace banditsim::testing {

/// Runs `build` and returns the key of the ConfigError it throws, or
/// "<no ConfigError>" if it throws none.
template <class Build>
std::string config_error_key(Build&& build) {
  try {
    build();
  } catch (const ConfigError& error) {
    return error.key();
  }
  return "<no ConfigError>";
}

}  // namespace banditsim::testing
