/// @file sim/families/causal/runner.hpp
/// THE time loop of the causal family: one replication of one agent against one
/// linear-SEM environment, with the metrics of metrics.hpp. Templated on both, so
/// each (agent, environment) pair compiles to an inlined loop (as the bandit family).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "sim/core/check.hpp"
#include "sim/core/stop_flag.hpp"
#include "sim/families/causal/concepts.hpp"
#include "sim/families/causal/metrics.hpp"
#include "sim/families/replication_output.hpp"

namespace banditsim::causal {

/// The family's own [run] settings (CausalFamily::run_params).
struct LoopSettings {
  std::int64_t optimal_window = 100;  ///< w of the optimal-intervention rate.
  std::int64_t alarm_window = 500;    ///< A detection this soon after a change detects it.
};

/// How often the loop polls stop_requested(): every kStopCheckActionSteps / A steps
/// (A = number of actions; at least 1). Agents' steps cost O(A) at worst (an
/// argmax over the actions; CSL-UCB's recomputation every f_est steps is O(A N^2)).
inline constexpr std::int64_t kStopCheckActionSteps = std::int64_t{1} << 18;

/// Buffers one thread reuses across replications (no allocation per step).
struct LoopBuffers {
  std::vector<double> x;                 ///< Node values of the current step.
  std::vector<unsigned char> window;     ///< Optimal flags of the last w steps (a ring).
  std::vector<std::int64_t> first_seen;  ///< Per change point: step of its first detection.

  void resize(std::size_t nodes, std::int64_t optimal_window, std::size_t change_points) {
    x.assign(nodes, 0.0);
    window.assign(static_cast<std::size_t>(optimal_window), 0);
    first_seen.assign(change_points, -1);
  }
};

/// False positives and false negatives of `graph` (both modes) against `truth`.
struct EdgeErrors {
  std::int64_t false_positives = 0;
  std::int64_t false_negatives = 0;
};

inline EdgeErrors edge_errors(const std::array<std::span<const unsigned char>, 2>& graph,
                              const std::array<std::vector<unsigned char>, 2>& truth,
                              std::size_t nodes) {
  EdgeErrors errors;
  for (std::size_t m = 0; m < 2; ++m)
    for (std::size_t i = 0; i < nodes * nodes; ++i) {
      if (i / nodes == i % nodes) continue;  // no self-loops in either
      const bool learned = !graph[m].empty() && graph[m][i] != 0;
      const bool present = truth[m][i] != 0;
      errors.false_positives += learned && !present;
      errors.false_negatives += present && !learned;
    }
  return errors;
}

/// Runs `agent` (already reset) against `env` (instance drawn, noise started) for
/// record_steps.back() steps and writes agent `slot`'s metrics into `output`.
/// Returns early, with the output incomplete, when stop_requested().
template <CausalAgent Agent, CausalEnvironment Env>
void run_replication(Agent& agent, Env& env, std::span<const std::int64_t> record_steps,
                     const LoopSettings& settings, Rng& agent_rng, LoopBuffers& buffers,
                     ReplicationOutput& output, std::size_t slot) {
  const std::span<const SemSegment> segments = env.segments();
  const std::size_t nodes = segments[0].weights.nodes();
  const std::size_t reward_node = nodes - 1;
  const std::int64_t horizon = record_steps.back();
  const std::size_t records = record_steps.size();
  const std::size_t changes = segments.size() - 1;
  buffers.resize(nodes, std::min(settings.optimal_window, horizon), changes);
  std::span<double> x(buffers.x);

  // Normaliser of the regret: sum over the run of |best(s)| (T x |best| if stationary).
  double scale = 0.0;
  for (std::size_t j = 0; j < segments.size(); ++j) {
    const std::int64_t end = j + 1 < segments.size() ? segments[j + 1].start : horizon;
    scale +=
        std::abs(segments[j].best_reward) *
        static_cast<double>(std::max<std::int64_t>(0, std::min(end, horizon) - segments[j].start));
  }
  if (!(scale > 0.0)) scale = static_cast<double>(horizon);  // all-zero optimum: plain regret / T

  std::size_t segment = 0;
  const SemSegment* in_force = &segments[0];
  double regret = 0.0, pseudo_regret = 0.0, reward = 0.0;
  std::int64_t in_window = 0;
  std::size_t ring = 0;
  std::uint64_t graph_version = agent.status().graph_version;
  std::uint64_t detections = agent.status().detections;
  EdgeErrors errors = edge_errors(agent.status().graph, in_force->parents, nodes);
  std::int64_t steps_to_structure = errors.false_negatives == 0 ? 0 : -1;
  std::int64_t false_alarms = 0;

  const std::int64_t chunk = std::max<std::int64_t>(
      1, kStopCheckActionSteps / std::max<std::int64_t>(1, static_cast<std::int64_t>(
                                                               in_force->expected_reward.size())));
  const std::size_t window = buffers.window.size();
  std::int64_t t = 0;
  for (std::size_t j = 0; j < records; ++j) {
    const std::int64_t record_at = record_steps[j];
    while (t < record_at) {
      if (stop_requested()) return;
      const std::int64_t chunk_end = std::min(record_at, t + chunk);
      for (; t < chunk_end; ++t) {
        if (segment + 1 < segments.size() && t == segments[segment + 1].start) {
          in_force = &segments[++segment];
          errors = edge_errors(agent.status().graph, in_force->parents, nodes);
        }
        const std::size_t action = agent.select(agent_rng);
        env.step(action, x);
        agent.observe(action, x);

        const double best = in_force->best_reward;
        reward += x[reward_node];
        regret += best - x[reward_node];
        pseudo_regret += best - in_force->expected_reward[action];
        const unsigned char optimal = in_force->optimal[action];
        in_window += static_cast<std::int64_t>(optimal) - buffers.window[ring];
        buffers.window[ring] = optimal;
        if (++ring == window) ring = 0;

        const AgentStatus& status = agent.status();
        if constexpr (Agent::kLearnsGraph) {
          if (status.graph_version != graph_version) {
            graph_version = status.graph_version;
            errors = edge_errors(status.graph, in_force->parents, nodes);
            if (steps_to_structure < 0 && segment == 0 && errors.false_negatives == 0)
              steps_to_structure = t + 1;
          }
        }
        if constexpr (Agent::kDetectsChanges) {
          if (status.detections != detections) {
            detections = status.detections;
            // Attributed to the latest change point if within its alarm window.
            if (segment > 0 && t - in_force->start < settings.alarm_window) {
              if (buffers.first_seen[segment - 1] < 0) buffers.first_seen[segment - 1] = t;
            } else {
              ++false_alarms;
            }
          }
        }
      }
    }
    const double steps =
        static_cast<double>(std::min<std::int64_t>(record_at, settings.optimal_window));
    output.curve(slot, kRegret)[j] = regret;
    output.curve(slot, kPseudoRegret)[j] = pseudo_regret;
    output.curve(slot, kNormalizedRegret)[j] = regret / scale;
    output.curve(slot, kCumulativeReward)[j] = reward;
    output.curve(slot, kOptimalRate)[j] = static_cast<double>(in_window) / steps;
    output.curve(slot, kFalsePositiveEdges)[j] = static_cast<double>(errors.false_positives);
    output.curve(slot, kFalseNegativeEdges)[j] = static_cast<double>(errors.false_negatives);
  }

  output.value(slot, kStepsToStructure) =
      static_cast<double>(steps_to_structure < 0 ? horizon : steps_to_structure);
  output.value(slot, kStructureLearned) = steps_to_structure < 0 ? 0.0 : 1.0;
  double delay_sum = 0.0;
  std::int64_t missed = 0;
  for (std::size_t c = 0; c < changes; ++c) {
    const std::int64_t start = segments[c + 1].start;
    const std::int64_t end = c + 2 < segments.size() ? segments[c + 2].start : horizon;
    if (buffers.first_seen[c] >= 0) {
      delay_sum += static_cast<double>(buffers.first_seen[c] - start);
    } else {
      ++missed;
      delay_sum += static_cast<double>(std::min(settings.alarm_window, end - start));
    }
  }
  output.value(slot, kDetectionDelay) =
      changes > 0 ? delay_sum / static_cast<double>(changes) : 0.0;
  output.value(slot, kMissedChanges) = static_cast<double>(missed);
  output.value(slot, kFalseAlarms) = static_cast<double>(false_alarms);
  output.value(slot, kIllConditioned) = static_cast<double>(agent.status().ill_conditioned);
}

}  // namespace banditsim::causal
