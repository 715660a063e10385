/// @file sim/families/linear_query/concepts.hpp
/// The contracts of the linear_query family: pure exploration with a query budget in
/// misspecified linear bandits, where the action set may be far too large to list (Dong &
/// Yang, ICML 2023; spec Part B).
///
/// Why a family of its own rather than more of the bandit family: the bandit loop is a
/// regret loop over an enumerated arm table (a K x d feature table, a gap per arm, a reward
/// stream per arm, a regret curve per step), and its speed comes from exactly that. Here
/// an agent asks for batches of pulls of actions that need not have an index (the hypercube
/// {-1, +1}^1000), may stop long before the budget, and is judged once, by the action it
/// recommends and the queries it spent. Keeping the two loops apart leaves the classic
/// agents' loop untouched (bench_bandit before and after: bench/README.md).
///
/// Environment, per replication:
///   draw_instance(rng)      redraws what is random per replication (no-op if fixed).
///   start_rewards(seed)     restarts the reward noise stream.
///   pull_sum(action, count) the sum of `count` rewards r(a) + sigma Z.
///   mean(action)            r(a) = <phi(a), theta*> + m(a), |m(a)| <= epsilon.
///   best_mean()             max_a r(a), or NaN where it cannot be computed (hypercube).
///   best_linear_mean()      max_a <phi(a), theta*> (the hypercube: ||theta*||_1).
///   theta(), problem()
///
/// Agent, per replication:
///   reset(problem)          forget everything; throws ConfigError if it cannot run here
///                           (an action set it cannot enumerate, a budget too small).
///   next_query(streams)     the next Query; count 0 when finished.
///   observe(query, sum)     the sum of that batch.
///   recommend()             the recommended action (once finished).
///   estimate()              its estimate of theta* (empty if it has none).
/// Agents never own the loop: runner.hpp does.
#pragma once

#include <concepts>
#include <cstdint>
#include <span>

#include "sim/core/rng.hpp"
#include "sim/families/linear_query/problem.hpp"

namespace banditsim::linear_query {

/// The random streams an agent may use (exploration draws), besides the rewards.
struct AgentStreams {
  Rng sampling;
};

template <class E>
concept QueryEnvironment = requires(E& env, const E& const_env, Rng& rng, const Action& action,
                                    std::int64_t count, std::uint64_t seed) {
  env.draw_instance(rng);
  env.start_rewards(seed);
  { env.pull_sum(action, count) } -> std::same_as<double>;
  { const_env.mean(action) } -> std::convertible_to<double>;
  { const_env.best_mean() } -> std::convertible_to<double>;
  { const_env.best_linear_mean() } -> std::convertible_to<double>;
  { const_env.theta() } -> std::convertible_to<std::span<const double>>;
  { const_env.problem() } -> std::convertible_to<QueryProblem>;
};

template <class A>
concept QueryAgent = requires(A& agent, const A& const_agent, const QueryProblem& problem,
                              AgentStreams& streams, const Query& query, double sum) {
  agent.reset(problem);
  { agent.next_query(streams) } -> std::same_as<Query>;
  agent.observe(query, sum);
  { const_agent.recommend() } -> std::convertible_to<Action>;
  { const_agent.estimate() } -> std::convertible_to<std::span<const double>>;
};

}  // namespace banditsim::linear_query
