/// @file sim/families/dp_bai/runner.hpp
/// THE loop of the dp_bai family: one replication of one agent against one
/// environment, templated on both so each pair compiles to an inlined loop.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "sim/core/check.hpp"
#include "sim/core/stop_flag.hpp"
#include "sim/families/dp_bai/concepts.hpp"
#include "sim/families/dp_bai/metrics.hpp"

namespace banditsim::dp_bai {

/// What one replication produced.
struct BaiOutcome {
  std::size_t recommended = 0;
  double estimate = 0.0;  ///< The agent's estimate of the recommended arm's mean.
  std::int64_t pulls = 0;
  std::int64_t max_det_phases = 0;
  bool finished = false;  ///< false if stopped early (stop_requested()).
};

/// Runs `agent` (already reset) against `env` (instance drawn, rewards started)
/// until it finishes. Checks that it stays within the budget: an agent that asks
/// for more is a bug, not a user error. Polls stop_requested() every batch (a
/// batch is at most the budget's pulls, and one binomial draw for Bernoulli arms).
template <BaiAgent Agent, BaiEnvironment Env>
BaiOutcome run_replication(Agent& agent, Env& env, std::int64_t budget, AgentStreams& streams) {
  BaiOutcome outcome;
  for (;;) {
    if (stop_requested()) return outcome;
    const PullRequest request = agent.next_pulls();
    if (request.count == 0) break;
    BANDITSIM_CHECK(request.count > 0 && request.arm < env.num_arms(),
                    "a dp_bai agent asked for an invalid batch");
    outcome.pulls += request.count;
    BANDITSIM_CHECK(outcome.pulls <= budget, "a dp_bai agent exceeded its budget");
    agent.observe(request.arm, request.count, env.pull_sum(request.arm, request.count), streams);
  }
  outcome.recommended = agent.recommend();
  outcome.estimate = agent.recommended_estimate();
  outcome.max_det_phases = agent.max_det_phases();
  outcome.finished = true;
  return outcome;
}

}  // namespace banditsim::dp_bai
