/// @file sim/families/mdp/runner.hpp
/// THE time loop of the mdp family: one replication of one agent on one cell's
/// data (a behaviour trajectory, i.i.d. samples, or expected updates), with the
/// metrics of metrics.hpp at every record step. Templated on the agent, so each
/// agent's loop is inlined (no per-step virtual call).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>

#include "sim/core/stop_flag.hpp"
#include "sim/families/mdp/concepts.hpp"
#include "sim/families/mdp/data_source.hpp"
#include "sim/families/mdp/metric_evaluator.hpp"
#include "sim/families/mdp/metrics.hpp"
#include "sim/families/replication_output.hpp"

namespace banditsim::mdp {

/// The loop polls stop_requested() every this many steps (a TD step is ~10 ns, an
/// LSTD step at d = 32 ~ 0.5 us).
inline constexpr std::int64_t kStopCheckSteps = std::int64_t{1} << 16;

/// Runs `agent` (already reset) for record_steps.back() steps: transitions from
/// `data` (already started), or expected updates if `data` is null. Writes agent
/// `slot`'s metrics into `output`; returns early, incomplete, when stop_requested().
/// Steps t..end of the data loop: draw a transition, let the agent observe it. On x86-64
/// CPUs with AVX2 the same loop is compiled for AVX2 and chosen once per chunk: the
/// agents' fixed-order partial sums (agents/mdp/linear_algebra.hpp) then run four lanes
/// wide instead of two, with the same operations in the same order, so the same bits
/// (floating-point contraction is off everywhere: no FMA).
template <MdpAgent Agent>
std::int64_t observe_steps_portable(Agent& agent, DataSource& data, Transition& transition,
                                    std::int64_t t, std::int64_t end) {
  for (; t < end; ++t) {
    data.next(transition);
    agent.observe(transition);
  }
  return t;
}

#if defined(__x86_64__) && defined(__GNUC__)
template <MdpAgent Agent>
[[gnu::target("avx2")]] std::int64_t observe_steps_avx2(Agent& agent, DataSource& data,
                                                        Transition& transition, std::int64_t t,
                                                        std::int64_t end) {
  for (; t < end; ++t) {
    data.next(transition);
    agent.observe(transition);
  }
  return t;
}
#endif

template <MdpAgent Agent>
std::int64_t observe_steps(Agent& agent, DataSource& data, Transition& transition, std::int64_t t,
                           std::int64_t end) {
#if defined(__x86_64__) && defined(__GNUC__)
  static const bool avx2 = __builtin_cpu_supports("avx2");
  if (avx2) return observe_steps_avx2(agent, data, transition, t, end);
#endif
  return observe_steps_portable(agent, data, transition, t, end);
}

template <MdpAgent Agent>
void run_replication(Agent& agent, DataSource* data, std::span<const std::int64_t> record_steps,
                     MetricEvaluator& evaluator, ReplicationOutput& output, std::size_t slot) {
  const std::int64_t horizon = record_steps.back();
  Transition transition;
  std::int64_t t = 0, violations = 0, seen_at = -1;
  for (std::size_t j = 0; j < record_steps.size(); ++j) {
    const std::int64_t record_at = record_steps[j];
    while (t < record_at) {
      if (stop_requested()) return;
      const std::int64_t chunk_end = std::min(record_at, t + kStopCheckSteps);
      if (data != nullptr) {
        t = observe_steps(agent, *data, transition, t, chunk_end);
      } else {
        for (; t < chunk_end; ++t) agent.expected_update();
      }
    }
    agent.refresh();
    const std::span<const double> w = agent.weights();
    if (seen_at < 0 &&
        (agent.status().diverged_at >= 0 ||
         !std::all_of(w.begin(), w.end(), [](double x) { return std::isfinite(x); })))
      seen_at = record_at;
    const PointMetrics m = seen_at >= 0 ? MetricEvaluator::diverged() : evaluator.evaluate(w);
    violations += m.chain_violations;
    output.curve(slot, kValueErrorMu)[j] = m.value_error_mu;
    output.curve(slot, kValueErrorPi)[j] = m.value_error_pi;
    output.curve(slot, kStartValueError)[j] = m.start_value_error;
    output.curve(slot, kWeightNorm)[j] = m.weight_norm;
    output.curve(slot, kMsbe)[j] = m.msbe;
    output.curve(slot, kMspbe)[j] = m.mspbe;
    output.curve(slot, kFixedPointDistance)[j] = m.fixed_point_distance;
    output.curve(slot, kBoundRatio)[j] = m.bound_ratio;
  }
  const AgentStatus& status = agent.status();
  // An agent that did not notice (weights non-finite only when read) is dated at
  // the record step where it was seen.
  const bool diverged = seen_at >= 0;
  const std::int64_t diverged_at = status.diverged_at >= 0 ? status.diverged_at : seen_at;
  output.value(slot, kDiverged) = diverged ? 1.0 : 0.0;
  output.value(slot, kDivergenceStep) = static_cast<double>(diverged ? diverged_at : horizon);
  output.value(slot, kSingularSolves) = static_cast<double>(status.singular_solves);
  output.value(slot, kChainViolations) = static_cast<double>(violations);
  const std::span<const double> w = agent.weights();
  for (std::size_t j = 0; j < w.size(); ++j)
    output.value(slot, kWeights + j) = diverged ? std::numeric_limits<double>::infinity() : w[j];
}

}  // namespace banditsim::mdp
