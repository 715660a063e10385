/// @file agents/privacy/epsilon.hpp
/// The privacy parameter epsilon as every mechanism in agents/privacy takes it: any value in
/// (0, +inf]. epsilon = +inf means "no privacy": a mechanism then adds no noise and draws
/// nothing from its noise stream, so it reproduces the non-private algorithm bit for bit
/// (spec papers-dp.md §1.6 P12 and §1.7 T6 [OURS]).
#pragma once

#include <cmath>
#include <limits>
#include <string>

#include "sim/core/check.hpp"

namespace banditsim::privacy {

/// epsilon = +inf: no noise.
inline constexpr double kNoPrivacy = std::numeric_limits<double>::infinity();

/// True when epsilon asks for noise (finite epsilon).
inline bool adds_noise(double epsilon) { return epsilon < kNoPrivacy; }

/// Throws ConfigError unless epsilon is in (0, +inf] (NaN is rejected). For the components'
/// and agents' parameter checks: `component` and `key` name where the value came from.
inline void require_valid_epsilon(double epsilon, const std::string& component,
                                  const std::string& key = "epsilon") {
  if (!(epsilon > 0.0))
    throw ConfigError(component, key,
                      key + " must be > 0 (inf for no privacy), got " + std::to_string(epsilon));
}

/// Throws ConfigError unless a sensitivity (the most one input can move a statistic) is
/// finite and >= 0.
inline void require_valid_sensitivity(double sensitivity, const std::string& component,
                                      const std::string& key = "sensitivity") {
  if (!(sensitivity >= 0.0 && std::isfinite(sensitivity)))
    throw ConfigError(component, key,
                      key + " must be finite and >= 0, got " + std::to_string(sensitivity));
}

}  // namespace banditsim::privacy
