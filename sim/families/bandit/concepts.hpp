/// @file sim/families/bandit/concepts.hpp
/// The contracts of the bandit family (K-armed, linear; later sparse and DP BAI).
///
/// Environment, per replication:
///   draw_instance(rng)   (re)draws a random instance (no-op for fixed ones);
///                        called once per replication, before any agent runs.
///   start_rewards(seed)  restarts the reward streams. Arm a has its own stream
///                        (sub-stream a of `seed`), so the n-th reward of arm a is
///                        the same whichever agent pulls it, in whatever order:
///                        common random numbers.
///   pull(a)              the next reward of arm a.
///   num_arms(), mean(a), problem()
///
/// Agent, per replication:
///   reset(problem)       forget everything; throws ConfigError if the agent
///                        cannot run on this problem (budget < arms, ...).
///   select(rng)          the arm to pull at this step (rng: the agent's stream).
///   observe(a, reward)   the reward of that pull.
///   recommend()          the arm it would output now (best-arm identification;
///                        index policies recommend their empirically best arm).
///
/// Agents never own the time loop: sim/families/bandit/runner.hpp has the only one.
#pragma once

#include <concepts>
#include <cstddef>
#include <cstdint>

#include "sim/core/rng.hpp"
#include "sim/families/bandit/problem.hpp"

namespace banditsim::bandit {

template <class E>
concept BanditEnvironment = requires(E& env, const E& const_env, Rng& rng, std::size_t arm,
                                     std::uint64_t seed) {
  env.draw_instance(rng);
  env.start_rewards(seed);
  { env.pull(arm) } -> std::same_as<double>;
  { const_env.num_arms() } -> std::convertible_to<std::size_t>;
  { const_env.mean(arm) } -> std::convertible_to<double>;
  { const_env.problem() } -> std::convertible_to<BanditProblem>;
};

template <class A>
concept BanditAgent = requires(A& agent, const A& const_agent, const BanditProblem& problem,
                               Rng& rng, std::size_t arm, double reward) {
  agent.reset(problem);
  { agent.select(rng) } -> std::convertible_to<std::size_t>;
  agent.observe(arm, reward);
  { const_agent.recommend() } -> std::convertible_to<std::size_t>;
};

}  // namespace banditsim::bandit
