/// @file sim/families/linear_query/runner.hpp
/// THE loop of the linear_query family: one replication of one agent against one
/// environment, templated on both so each pair compiles to an inlined loop.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

#include "sim/core/check.hpp"
#include "sim/core/stop_flag.hpp"
#include "sim/families/linear_query/concepts.hpp"

namespace banditsim::linear_query {

/// What one replication produced.
struct QueryOutcome {
  Action recommended;
  std::int64_t pulls = 0;     ///< total pulls (the sum of the batches' counts)
  std::int64_t distinct = 0;  ///< distinct actions queried
  bool finished = false;      ///< false if stopped early (stop_requested()).
};

/// Runs `agent` (already reset) against `env` (instance drawn, rewards started) until it
/// finishes. An agent that asks for more than the budget is a bug, not a user error.
/// `keys` is the runner's reusable buffer for counting distinct actions (one key per
/// query: a table index or a hypercube_key; sorted once at the end).
template <QueryAgent Agent, QueryEnvironment Env>
QueryOutcome run_replication(Agent& agent, Env& env, std::int64_t budget, AgentStreams& streams,
                             std::vector<std::uint64_t>& keys) {
  QueryOutcome outcome;
  keys.clear();
  std::uint64_t batches = 0;
  for (;;) {
    if ((++batches & 0x3FF) == 0 && stop_requested()) return outcome;
    const Query query = agent.next_query(streams);
    if (query.count == 0) break;
    BANDITSIM_CHECK(query.count > 0, "a linear_query agent asked for a negative batch");
    outcome.pulls += query.count;
    BANDITSIM_CHECK(outcome.pulls <= budget, "a linear_query agent exceeded its budget");
    keys.push_back(query.action.index);
    agent.observe(query, env.pull_sum(query.action, query.count));
  }
  std::sort(keys.begin(), keys.end());
  outcome.distinct = std::unique(keys.begin(), keys.end()) - keys.begin();
  outcome.recommended = agent.recommend();
  outcome.finished = true;
  return outcome;
}

}  // namespace banditsim::linear_query
