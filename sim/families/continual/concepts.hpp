/// @file sim/families/continual/concepts.hpp
/// The contracts of the continual family: MaxSum under continual observation (spec
/// ../shared/specs/papers-dp.md §2.2). A stream of records x_1..x_T in {0,1}^d arrives one
/// per step; S_t[j] = sum_{i <= t} x_i[j]; after each record a mechanism releases y_t, an
/// estimate of max_j S_t[j], and its error is |y_t - max_j S_t[j]|.
///
/// Neighbouring streams (spec §2.1, event-level): x and x' differ in one record x_t*, which
/// may change in all d coordinates. Every private mechanism of the family is private under
/// that relation (its header says for which epsilon, delta).
///
/// Environment (a stream), per replication:
///   start(seed)        restarts the stream from `seed` (tables ignore it).
///   next(x)            writes x_t (d values in {0, 1}) into x.
///   dim()              d.
///   max_horizon()      the most records it can produce (a table's rows; else huge).
///
/// Agent (a mechanism), per replication:
///   reset(problem)     forget everything; ConfigError if the agent cannot run.
///   step(x, noise)     consumes x_t, returns y_t, or NaN when it releases nothing at t
///                      (the batch baseline before T). Privacy noise only from `noise`.
///   epsilon()          the agent's privacy level (inf: not private).
///   updates()          releases that spent budget (the sparse-vector mechanism's
///                      rounds; -1 for mechanisms without rounds).
///   exhausted()        whether the mechanism ran out of rounds and froze its output.
///
/// The noise stream is keyed by the environment and the replication only (not the agent):
/// cells that differ in epsilon share the same unit Laplace draws (common random numbers),
/// and epsilon = inf draws none, so it reproduces the exact release. The runner owns the
/// loop (runner.hpp) and computes the true sums; agents see only the records.
#pragma once

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <span>

#include "sim/core/rng.hpp"
#include "sim/families/continual/problem.hpp"

namespace banditsim::continual {

template <class E>
concept StreamEnvironment = requires(E& env, const E& const_env, std::uint64_t seed,
                                     std::span<double> x) {
  env.start(seed);
  env.next(x);
  { const_env.dim() } -> std::convertible_to<std::size_t>;
  { const_env.max_horizon() } -> std::convertible_to<std::int64_t>;
};

template <class A>
concept ContinualAgent = requires(A& agent, const A& const_agent, const ContinualProblem& problem,
                                  std::span<const double> x, Rng& noise) {
  agent.reset(problem);
  { agent.step(x, noise) } -> std::same_as<double>;
  { const_agent.epsilon() } -> std::convertible_to<double>;
  { const_agent.updates() } -> std::convertible_to<std::int64_t>;
  { const_agent.exhausted() } -> std::convertible_to<bool>;
};

}  // namespace banditsim::continual
