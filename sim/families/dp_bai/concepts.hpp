/// @file sim/families/dp_bai/concepts.hpp
/// The contracts of the dp_bai family: fixed-budget best-arm identification in
/// linear bandits with rewards in a known bounded range, private (Chen, Karthik,
/// Chee, Tan, ICLR 2024) or not (Yang & Tan, NeurIPS 2022).
///
/// Every algorithm of the family pulls arms in batches (phase p pulls arm b n_p
/// times), so the protocol is a batch, not a step: the agent asks for `count`
/// pulls of one arm and receives their sum. For Bernoulli rewards the sum is one
/// binomial draw (spec 3, "Bernoulli rewards"), which is what makes budgets of
/// 10^6 and thousands of replications cost milliseconds.
///
/// Environment, per replication:
///   draw_instance(rng)        (re)draws a random instance (no-op for fixed ones).
///   start_rewards(seed)       restarts the reward streams; arm a has sub-stream a
///                             of `seed` (common random numbers across agents).
///   pull_sum(arm, count)      the sum of the next `count` rewards of `arm`.
///   num_arms(), mean(arm), problem()
///
/// Agent, per replication:
///   reset(problem)            forget everything; throws ConfigError if the agent
///                             cannot run on this problem (a budget too small for
///                             one pull per arm and phase, spec P6).
///   next_pulls()              the next PullRequest; count 0 when finished.
///   observe(arm, count, sum, streams)
///                             the sum of that batch. At the end of a phase the
///                             agent privatises (streams.noise) and eliminates
///                             (ties broken with streams.ties).
///   recommend()               the recommended arm (meaningful once finished).
///   recommended_estimate()    its estimate of that arm's mean in the last phase.
///   max_det_phases()          phases that took DP-BAI's Max-Det branch (0 for
///                             agents without one), for the metric of that name.
///
/// The privacy noise and the tie-breaking have separate streams, both keyed by the
/// environment and the replication only (not by the agent): cells that differ in
/// epsilon see the same standard Laplace draws, scaled, and the same tie keys
/// (spec T5), and epsilon = inf draws no noise, so it reproduces the non-private
/// algorithm bit for bit (spec T6). Agents never own the loop: runner.hpp does.
#pragma once

#include <concepts>
#include <cstddef>
#include <cstdint>

#include "sim/core/rng.hpp"
#include "sim/families/dp_bai/problem.hpp"

namespace banditsim::dp_bai {

/// The random streams an agent may use, besides the rewards it is given.
struct AgentStreams {
  Rng noise;  ///< Privacy noise (Laplace); never drawn when epsilon = inf.
  Rng ties;   ///< Uniformly random tie-breaking among equal estimates (spec P5).
};

template <class E>
concept BaiEnvironment = requires(E& env, const E& const_env, Rng& rng, std::size_t arm,
                                  std::int64_t count, std::uint64_t seed) {
  env.draw_instance(rng);
  env.start_rewards(seed);
  { env.pull_sum(arm, count) } -> std::same_as<double>;
  { const_env.num_arms() } -> std::convertible_to<std::size_t>;
  { const_env.mean(arm) } -> std::convertible_to<double>;
  { const_env.problem() } -> std::convertible_to<BaiProblem>;
};

template <class A>
concept BaiAgent = requires(A& agent, const A& const_agent, const BaiProblem& problem,
                            AgentStreams& streams, std::size_t arm, std::int64_t count,
                            double sum) {
  agent.reset(problem);
  { agent.next_pulls() } -> std::same_as<PullRequest>;
  agent.observe(arm, count, sum, streams);
  { const_agent.recommend() } -> std::convertible_to<std::size_t>;
  { const_agent.recommended_estimate() } -> std::convertible_to<double>;
  { const_agent.max_det_phases() } -> std::convertible_to<std::int64_t>;
};

}  // namespace banditsim::dp_bai
