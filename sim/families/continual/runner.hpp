/// @file sim/families/continual/runner.hpp
/// THE loop of the continual family: one replication of one mechanism against one stream,
/// templated on both so each pair compiles to an inlined loop (no per-step dispatch, no
/// allocation: the caller owns the buffers).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>

#include "sim/core/check.hpp"
#include "sim/core/stop_flag.hpp"
#include "sim/families/continual/concepts.hpp"

namespace banditsim::continual {

/// What one replication produced besides the error curve.
struct ContinualOutcome {
  double max_error = 0.0;  ///< Over the steps where the agent released something.
  double final_error = std::numeric_limits<double>::quiet_NaN();
  double true_max = 0.0;  ///< max_j S_T[j].
  std::int64_t updates = -1;
  bool exhausted = false;
  bool finished = false;  ///< false if stopped early (stop_requested()).
};

/// Buffers of one replication, sized d (owned by the cell runner, reused).
struct StreamBuffers {
  std::span<double> record;  ///< x_t.
  std::span<double> sums;    ///< S_t[j].
};

/// Runs `agent` (already reset) on `env` (already started) for `horizon` records. Writes
/// the error at record_steps[k] into curve[k] (NaN where the agent releases nothing).
/// Polls stop_requested() every 2^14 steps.
template <ContinualAgent Agent, StreamEnvironment Env>
ContinualOutcome run_replication(Agent& agent, Env& env, std::int64_t horizon,
                                 std::span<const std::int64_t> record_steps,
                                 std::span<double> curve, StreamBuffers buffers, Rng& noise) {
  BANDITSIM_CHECK(curve.size() == record_steps.size(), "one curve slot per record step");
  ContinualOutcome outcome;
  std::fill(buffers.sums.begin(), buffers.sums.end(), 0.0);
  const std::size_t dim = buffers.sums.size();
  std::size_t next_record = 0;
  double true_max = 0.0;
  for (std::int64_t t = 1; t <= horizon; ++t) {
    if ((t & 16383) == 0 && stop_requested()) return outcome;
    env.next(buffers.record);
    for (std::size_t j = 0; j < dim; ++j) {
      buffers.sums[j] += buffers.record[j];
      true_max = std::max(true_max, buffers.sums[j]);  // sums never decrease
    }
    const double released = agent.step(buffers.record, noise);
    const double error = std::fabs(released - true_max);  // NaN if nothing released
    if (!std::isnan(error)) outcome.max_error = std::max(outcome.max_error, error);
    if (next_record < record_steps.size() && record_steps[next_record] == t)
      curve[next_record++] = error;
    if (t == horizon) outcome.final_error = error;
  }
  outcome.true_max = true_max;
  outcome.updates = agent.updates();
  outcome.exhausted = agent.exhausted();
  outcome.finished = true;
  return outcome;
}

}  // namespace banditsim::continual
