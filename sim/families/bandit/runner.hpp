/// @file sim/families/bandit/runner.hpp
/// THE time loop of the bandit family: one replication of one agent against one
/// environment. Templated on both, so each (agent, environment) pair compiles to
/// a fully inlined loop (a per-step virtual call measured 1.7-4x slower, DESIGN.md).
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>

#include "sim/core/check.hpp"
#include "sim/core/stop_flag.hpp"
#include "sim/families/bandit/concepts.hpp"
#include "sim/families/bandit/metrics.hpp"

namespace banditsim::bandit {

/// Per-instance quantities the metrics need, computed once per replication.
struct ArmGaps {
  std::span<const double> gap;             ///< mu* - mu(a) for every arm (>= 0).
  std::span<const unsigned char> optimal;  ///< 1 if arm a is optimal (gap exactly 0).
};

/// How often the time loop polls stop_requested(): every kStopCheckArmSteps / K
/// steps (at least 1), and at every record step. A step of most agents costs
/// O(K) (an index per arm), so this bounds the work between two polls at about
/// 2^18 arm-steps, some milliseconds for the slowest agent (KL-UCB, ~30 ns per
/// arm-step), whatever K and the horizon; the poll itself is one relaxed load per
/// chunk, nothing measurable (bench/README.md).
inline constexpr std::int64_t kStopCheckArmSteps = std::int64_t{1} << 18;

namespace detail {

/// The time loop; with kRecordSequence it also encodes the pulled arms as a base-K number
/// into *pull_sequence (the caller checked that K^T <= 2^53, so T <= 53 steps when K >= 2).
template <bool kRecordSequence, BanditAgent Agent, BanditEnvironment Env>
void run_loop(Agent& agent, Env& env, const ArmGaps& arms,
              std::span<const std::int64_t> record_steps, Rng& agent_rng, std::span<double> curves,
              double* pull_sequence) {
  const std::size_t records = record_steps.size();
  double regret = 0.0;
  std::int64_t optimal_pulls = 0;
  std::int64_t t = 0;
  [[maybe_unused]] std::uint64_t code = 0;
  [[maybe_unused]] const auto base = static_cast<std::uint64_t>(arms.gap.size());
  const std::int64_t chunk = std::max<std::int64_t>(
      1, kStopCheckArmSteps / std::max<std::int64_t>(1, std::ssize(arms.gap)));
  for (std::size_t j = 0; j < records; ++j) {
    const std::int64_t record_at = record_steps[j];
    for (std::int64_t left = record_at - t; left > 0;) {
      if (stop_requested()) return;
      const std::int64_t steps = std::min(left, chunk);
      for (std::int64_t s = 0; s < steps; ++s) {
        const std::size_t arm = agent.select(agent_rng);
        const double reward = env.pull(arm);
        agent.observe(arm, reward);
        regret += arms.gap[arm];
        optimal_pulls += arms.optimal[arm];
        if constexpr (kRecordSequence) code = code * base + arm;
      }
      left -= steps;
    }
    t = record_at;
    const std::size_t recommended = agent.recommend();
    curves[kRegret * records + j] = regret;
    curves[kSimpleRegret * records + j] = arms.gap[recommended];
    curves[kError * records + j] = arms.optimal[recommended] ? 0.0 : 1.0;
    curves[kBestArmRate * records + j] =
        static_cast<double>(optimal_pulls) / static_cast<double>(record_at);
  }
  if constexpr (kRecordSequence) *pull_sequence = static_cast<double>(code);
}

}  // namespace detail

/// Runs `agent` for record_steps.back() steps against `env` (whose instance is
/// already drawn and whose reward streams are started) and writes the metrics at
/// each record step into `curves`, laid out [metric][record] (the curve metrics,
/// kNumBanditMetrics of them). If `pull_sequence` is not null, the pulled arms are
/// also written there as the base-K number a_1 ... a_T (metric pull_sequence); the
/// caller passes it only when pull_sequence_fits(K, T), so the loop without it is
/// the same code as before the metric existed (no per-step cost).
///
/// Returns early, with `curves` incomplete, when stop_requested(): the engine
/// then discards the whole block (sim/families/family.hpp).
template <BanditAgent Agent, BanditEnvironment Env>
void run_replication(Agent& agent, Env& env, const ArmGaps& arms,
                     std::span<const std::int64_t> record_steps, Rng& agent_rng,
                     std::span<double> curves, double* pull_sequence = nullptr) {
  const std::size_t records = record_steps.size();
  BANDITSIM_CHECK(records > 0 && curves.size() == kNumBanditMetrics * records,
                  "curve buffer does not match the record schedule");
  if (pull_sequence != nullptr) {
    BANDITSIM_CHECK(pull_sequence_fits(arms.gap.size(), record_steps.back()),
                    "pull_sequence recorded where K^T > 2^53");
    detail::run_loop<true>(agent, env, arms, record_steps, agent_rng, curves, pull_sequence);
  } else {
    detail::run_loop<false>(agent, env, arms, record_steps, agent_rng, curves, nullptr);
  }
}

}  // namespace banditsim::bandit
