/// @file agents/bandit/problem_requirements.hpp
/// The checks an agent's reset() makes when it cannot run on every problem:
/// rewards in [0, 1], a large enough budget, arm features. Each throws a
/// ConfigError naming the agent, so the family reports it as a scenario error
/// (it calls reset() once at validation time).
#pragma once

#include <cstdint>
#include <string>

#include "sim/core/check.hpp"
#include "sim/core/params.hpp"
#include "sim/families/bandit/problem.hpp"

namespace banditsim::bandit {

/// Throws unless the environment guarantees rewards in [0, 1]; `why` says what needs it.
inline void require_unit_rewards(const BanditProblem& problem, const char* agent, const char* why) {
  if (problem.rewards_in_unit_interval()) return;
  throw ConfigError(
      agent, "",
      "needs rewards in [0, 1] (" + std::string(why) + "), but the environment's rewards lie in [" +
          format_real(problem.reward_min) + ", " + format_real(problem.reward_max) + "]");
}

/// Throws unless the budget (problem.horizon) is at least `minimum` pulls.
inline void require_budget(const BanditProblem& problem, const char* agent, std::int64_t minimum,
                           const char* why) {
  if (problem.horizon >= minimum) return;
  throw ConfigError(agent, "budget",
                    "needs a budget of at least " + std::to_string(minimum) + " pulls (" +
                        std::string(why) + "), got " + std::to_string(problem.horizon));
}

/// Throws unless the arms have feature vectors (problem.dim > 0).
inline void require_features(const BanditProblem& problem, const char* agent) {
  if (problem.dim > 0 && problem.features.size() == problem.num_arms * problem.dim) return;
  throw ConfigError(agent, "",
                    "needs arm features; use an environment with features such as kind = "
                    "\"linear\"");
}

}  // namespace banditsim::bandit
