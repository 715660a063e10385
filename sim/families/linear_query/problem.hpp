/// @file sim/families/linear_query/problem.hpp
/// What a linear_query agent is told (spec Part B.2-B.3): the action set with its features,
/// the sparsity s, the misspecification level epsilon, the bound B_theta on ||theta*||_2,
/// the noise level sigma (0: noiseless queries) and the query budget. It never sees theta*,
/// the misspecification m(a) or the means: only what the learner knows in the setting.
#pragma once

#include <cstddef>
#include <cstdint>

#include "sim/families/linear_query/action_set.hpp"

namespace banditsim::linear_query {

struct QueryProblem {
  /// Owned by the environment; valid until its next draw_instance().
  const ActionSet* actions = nullptr;
  std::size_t dim = 0;
  std::size_t sparsity = 0;  ///< s: ||theta*||_0 <= s.
  double epsilon = 0.0;      ///< max_a |r(a) - <phi(a), theta*>| <= epsilon (known).
  double theta_bound = 1.0;  ///< B_theta >= ||theta*||_2.
  double noise_sd = 0.0;     ///< sigma of the Gaussian reward noise (known; 0 allowed).
  std::int64_t budget = 0;   ///< Pulls allowed in total (the cell's `budget`).
  /// Changes whenever draw_instance() changed the action set, so an agent may keep work
  /// that depends only on the actions (a G-optimal design, a candidate set) across
  /// replications of a fixed action set.
  std::uint64_t action_set_generation = 0;
};

/// A request from the agent to the loop: pull `action` `count` times in a row and report
/// the sum of the rewards. count == 0: the agent has finished and will recommend.
struct Query {
  Action action;
  std::int64_t count = 0;
};

}  // namespace banditsim::linear_query
