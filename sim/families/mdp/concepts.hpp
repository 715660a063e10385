/// @file sim/families/mdp/concepts.hpp
/// The contracts of the mdp family (off-policy policy evaluation on finite MDPs
/// with linear features; spec ../shared/specs/papers-offpolicy.md).
///
/// Environment: builds an MdpModel from its parameters (MdpEnvironment); the data
/// source (data_source.hpp) and the exact module read it. The model is fixed per
/// cell (a generated MDP draws it from its own `seed` parameter), so the exact
/// module runs once per cell.
///
/// Agent, per replication:
///   check(problem)     throws ConfigError(name, key, message) if the agent cannot
///                      run on this problem (traces on i.i.d. samples, a finite
///                      class too large, ...); called in the family's prepare step.
///   reset(problem)     forget everything; may allocate.
///   observe(t)         one transition (axes `steps` and `samples`).
///   expected_update()  one expected (dynamic-programming) update under the data
///                      distribution (axis `iterations`), from problem.chain.
///   refresh()          before the weights are read at a record step: batch
///                      estimators (LSTD, FQE, minimax) solve on the data so far;
///                      online agents do nothing.
///   weights()          the current weight vector w (size d).
///   status()           what the metrics read (AgentStatus).
/// and, as static constexpr bool kBatch, whether refresh() solves (the singular
/// count applies).
///
/// observe and expected_update allocate nothing: a replication may have 1e9 steps.
/// An agent whose weights become non-finite records the update count in
/// status().diverged_at and stops updating (divergence is an outcome, not a crash).
/// Agents never own the time loop: sim/families/mdp/runner.hpp has the only one.
#pragma once

#include <concepts>
#include <cstdint>
#include <span>

#include "sim/families/mdp/mdp_model.hpp"
#include "sim/families/mdp/problem.hpp"

namespace banditsim::mdp {

struct AgentStatus {
  /// The number of updates (1-based) after which the weights first became non-finite;
  /// -1 while they are finite.
  std::int64_t diverged_at = -1;
  /// Solves (refresh calls) that found their matrix singular (rcond < kSingularRcond)
  /// and used the min-norm pseudo-inverse (spec P5). Batch agents only.
  std::int64_t singular_solves = 0;
};

template <class E>
concept MdpEnvironment = requires(const E& env) {
  { env.model() } -> std::convertible_to<const MdpModel&>;
};

template <class A>
concept MdpAgent = requires(A& agent, const A& const_agent, const EvaluationProblem& problem,
                            const Transition& transition) {
  const_agent.check(problem);
  agent.reset(problem);
  agent.observe(transition);
  agent.expected_update();
  agent.refresh();
  { const_agent.weights() } -> std::convertible_to<std::span<const double>>;
  { const_agent.status() } -> std::convertible_to<const AgentStatus&>;
  { A::kBatch } -> std::convertible_to<bool>;
};

}  // namespace banditsim::mdp
