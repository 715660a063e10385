/// @file agents/privacy/noise_multiplier.hpp
/// The `noise_multiplier` parameter of private agents: it scales every Laplace draw,
/// so that an audit (`banditsim audit`, sim/engine/audit.hpp) can be shown to fail.
/// With multiplier m the noise is that of epsilon / m: below 1 the agent is only
/// (epsilon / m)-DP while it still claims epsilon, the deliberately broken variant of
/// the audit tests (issue 10: "noise scale halved" is m = 0.5). Not for experiments.
#pragma once

#include "sim/core/params.hpp"

namespace banditsim::privacy {

inline ParamSpec noise_multiplier_param() {
  return with_origin(real_param("noise_multiplier", 1.0, Range::greater_than(0.0),
                                "for audits only: scales every Laplace draw (the noise of "
                                "epsilon / noise_multiplier); below 1 the agent is NOT "
                                "epsilon-DP, the broken variant an audit must catch"),
                     ParamOrigin::kOurs);
}

/// The epsilon whose noise the agent draws.
inline double noise_epsilon(double epsilon, double noise_multiplier) {
  return epsilon / noise_multiplier;
}

}  // namespace banditsim::privacy
