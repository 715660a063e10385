/// @file agents/bandit/kl_ucb.hpp
/// KL-UCB with the Bernoulli divergence (Garivier & Cappé 2011, "The KL-UCB
/// algorithm for bounded stochastic bandits and beyond", COLT, Algorithm 1).
///
/// Plays each arm once, then at t = pulls so far (t >= K) pulls the arm maximising
///   U_a = max{q in [mean_a, 1] : n_a kl(mean_a, q) <= log t + c log log t}.
/// The paper's regret bound (Theorem 2) takes c = 3; its experiments use c = 0.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "agents/bandit/arm_statistics.hpp"
#include "agents/bandit/bernoulli_kl.hpp"
#include "agents/bandit/problem_requirements.hpp"
#include "agents/policies/argmax.hpp"
#include "sim/core/component.hpp"
#include "sim/core/rng.hpp"
#include "sim/families/bandit/problem.hpp"

namespace banditsim::bandit {

/// KL-UCB (Bernoulli KL), for rewards in [0, 1].
class KlUcb {
 public:
  struct Config {
    double c = 0.0;  ///< Weight of log log t in the exploration level.
    static Config from(const ParamMap& params) { return {params.real("c")}; }
  };

  static ComponentInfo info() {
    return {.name = "kl_ucb",
            .family = "bandit",
            .role = ComponentRole::kAgent,
            .summary = "KL-UCB: optimism with the Bernoulli KL divergence",
            .reference =
                "Garivier & Cappé (2011), The KL-UCB algorithm for bounded stochastic "
                "bandits and beyond, COLT 2011, PMLR 19:359-376, Algorithm 1",
            .fidelity = Fidelity::kPaper,
            .notes =
                "Bernoulli KL, valid for any rewards in [0, 1] (the environment must "
                "guarantee that range). Each arm is played once first, in index order; t in "
                "log t + c log log t is the number of pulls so far. For t < e the level "
                "log t + c log log t can be negative (or -inf at t = 1); it is clamped at 0, "
                "where the index is the empirical mean. The index is solved by safeguarded "
                "Newton to 1e-9; arms whose cached upper bound (their index at a slightly "
                "later time) cannot reach the best index are not solved, which changes no "
                "choice beyond that tolerance. Index ties go to the lowest index. Recommends "
                "the empirically best arm.",
            .params = {real_param("c", 0.0, Range::at_least(0.0),
                                  "weight of log log t in the exploration level (theory: 3, "
                                  "the paper's experiments: 0)")}};
  }

  explicit KlUcb(const Config& config) : c_(config.c) {}

  void reset(const BanditProblem& problem) {
    require_unit_rewards(problem, "kl_ucb", "the Bernoulli KL divergence");
    stats_.reset(problem.num_arms);
    inv_pulls_.assign(problem.num_arms, 0.0);
    bound_.assign(problem.num_arms, 0.0);
    bound_until_.assign(problem.num_arms, 0);
  }

  std::size_t select(Rng& /*rng*/) {
    const std::size_t arms = stats_.num_arms();
    const std::int64_t t = stats_.total_pulls();
    if (static_cast<std::size_t>(t) < arms) return static_cast<std::size_t>(t);
    // Per-arm upper bounds spare most index solves. U_a grows with t only through
    // the level, so U_a evaluated at a later time t' bounds U_a(s) for t <= s <= t'
    // while arm a is not pulled. An arm just pulled gets its exact index now (for
    // the usually best, usually pulled arm, that is the only solve of the step); an
    // expired bound is renewed for t/8 steps (at t = 10^4, a level 1.3% above log t).
    for (std::size_t a = 0; a < arms; ++a) {
      if (bound_until_[a] >= t) continue;
      bound_until_[a] = bound_until_[a] == 0 ? t : t + std::max<std::int64_t>(1, t / 8);
      bound_[a] = index(a, bound_until_[a]);
    }
    // The exact index of the most promising arm, then of the arms whose bound
    // reaches it; the others cannot be the first maximum. Exact up to the solver's
    // 1e-9 tolerance, like an exhaustive argmax.
    std::size_t best = argmax_first(bound_);
    double best_index = exact_index(best, t);
    for (std::size_t a = 0; a < arms; ++a) {
      if (a == best || bound_[a] < best_index) continue;
      const double candidate = exact_index(a, t);
      if (candidate > best_index || (candidate == best_index && a < best)) {
        best_index = candidate;
        best = a;
      }
    }
    return best;
  }

  void observe(std::size_t arm, double reward) {
    stats_.add(arm, reward);
    inv_pulls_[arm] = 1.0 / static_cast<double>(stats_.pulls(arm));
    bound_until_[arm] = 0;  // stale: its mean and count changed
  }

  std::size_t recommend() const { return stats_.empirical_best(); }

  /// max(0, log t + c log log t), the right-hand side of the index constraint.
  double exploration_level(std::int64_t t) const {
    const double log_t = std::log(static_cast<double>(t));
    const double level = c_ > 0.0 ? log_t + c_ * std::log(log_t) : log_t;
    return std::max(level, 0.0);
  }

  /// The index U_a of an arm at t pulls in total (the arm must have been pulled).
  double index(std::size_t arm, std::int64_t t) const {
    return kl_upper_confidence_bound(stats_.mean(arm), exploration_level(t) * inv_pulls_[arm]);
  }

 private:
  /// U_a at time t, reusing the bound if it was computed for this very t.
  double exact_index(std::size_t arm, std::int64_t t) const {
    return bound_until_[arm] == t ? bound_[arm] : index(arm, t);
  }

  double c_;
  ArmStatistics stats_;
  std::vector<double> inv_pulls_;  ///< 1 / n_a, so a step needs no division.
  std::vector<double> bound_;      ///< U_a at time bound_until_[a]: an upper bound until then.
  std::vector<std::int64_t> bound_until_;  ///< 0: stale (pulled since).
};

}  // namespace banditsim::bandit
