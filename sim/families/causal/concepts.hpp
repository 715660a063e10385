/// @file sim/families/causal/concepts.hpp
/// The contracts of the causal family (linear SEMs with soft interventions).
///
/// Environment, per replication:
///   draw_instance(rng)  (re)draws the instance: every segment's weights (a new
///                       random graph per replication from the instance stream, so
///                       every agent of the cell meets the same graphs).
///   start_noise(seed)   restarts the noise stream and the step counter. Step t
///                       draws eps^t from it whatever the action: the agents of a
///                       cell see the same noise at the same step (common random
///                       numbers).
///   step(action, x)     plays action index `action` at the next step and writes
///                       the node values X (N of them) into x. Switches to the next
///                       segment's weights at its change point.
///   problem()           what the agents are told (CausalProblem).
///   segments()          the segments of the instance with their exact expected
///                       rewards, optimal actions and true parent sets (metrics).
///
/// Agent, per replication:
///   reset(problem)      forget everything; throws ConfigError if the agent cannot
///                       run on this problem (GOLEM-MAB without the all-off and
///                       all-on actions, ...).
///   select(rng)         the action index to play at this step.
///   observe(action, x)  the node values it produced (the reward is x[N-1]).
///   status()            what the metrics read about the agent (AgentStatus).
/// and, as static constexpr bools, what it does: kLearnsGraph (structure errors
/// apply), kDetectsChanges (detection delays apply), kEstimatesMeans (the count of
/// ill-conditioned actions applies).
///
/// Agents never own the time loop: sim/families/causal/runner.hpp has the only one.
/// Agents must not store the history: a step may be one of 1e9 (the conformance
/// battery runs 5e8); they keep the bounded windows their algorithm reads.
#pragma once

#include <array>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <span>

#include "sim/core/rng.hpp"
#include "sim/families/causal/problem.hpp"
#include "sim/families/causal/sem_model.hpp"

namespace banditsim::causal {

/// What an agent exposes to the metrics. Counters only grow within a replication.
struct AgentStatus {
  /// Bumped whenever the agent's graph estimate changes.
  std::uint64_t graph_version = 0;
  /// The current estimate of the parent sets per mode (N x N row-major,
  /// [p * N + n] = 1 iff p -> n), empty before the first estimate (read as "no
  /// edges"). Only for agents with kLearnsGraph.
  std::array<std::span<const unsigned char>, 2> graph;
  /// Number of steps at which the agent detected a change (and restarted some or
  /// all of its model). One per step however many mechanisms it flagged.
  std::uint64_t detections = 0;
  /// Actions whose estimated mean could not be computed reliably (I - B_a near
  /// singular, spec P-A8) and were skipped by the argmax, summed over recomputations.
  std::uint64_t ill_conditioned = 0;
};

template <class E>
concept CausalEnvironment = requires(E& env, const E& const_env, Rng& rng, std::uint64_t seed,
                                     std::size_t action, std::span<double> x) {
  env.draw_instance(rng);
  env.start_noise(seed);
  env.step(action, x);
  { const_env.problem() } -> std::convertible_to<CausalProblem>;
  { const_env.segments() } -> std::convertible_to<std::span<const SemSegment>>;
};

template <class A>
concept CausalAgent = requires(A& agent, const A& const_agent, const CausalProblem& problem,
                               Rng& rng, std::size_t action, std::span<const double> x) {
  agent.reset(problem);
  { agent.select(rng) } -> std::convertible_to<std::size_t>;
  agent.observe(action, x);
  { const_agent.status() } -> std::convertible_to<const AgentStatus&>;
  { A::kLearnsGraph } -> std::convertible_to<bool>;
  { A::kDetectsChanges } -> std::convertible_to<bool>;
  { A::kEstimatesMeans } -> std::convertible_to<bool>;
};

}  // namespace banditsim::causal
