/// @file agents/bandit/sequential_halving.hpp
/// Sequential Halving (Karnin, Koren, Somekh 2013, "Almost optimal exploration
/// in multi-armed bandits", ICML, Algorithm 1): fixed-budget best-arm identification.
///
/// Budget T = problem.horizon, K arms, R = ceil(log2 K) rounds. Round r pulls
/// each arm of S_r  t_r = floor(T / (|S_r| R))  times and keeps the
/// ceil(|S_r| / 2) arms with the highest average reward *of this round's
/// samples* (the paper's p̂_r; the analysis needs the rounds independent).
/// S_R has one arm, the answer. The rounds use at most T pulls.
#pragma once

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "agents/bandit/arm_statistics.hpp"
#include "agents/bandit/problem_requirements.hpp"
#include "sim/core/component.hpp"
#include "sim/core/rng.hpp"
#include "sim/families/bandit/problem.hpp"

namespace banditsim::bandit {

/// Sequential Halving for fixed-budget best-arm identification.
class SequentialHalving {
 public:
  struct Config {
    static Config from(const ParamMap& /*params*/) { return {}; }
  };

  static ComponentInfo info() {
    return {.name = "sequential_halving",
            .family = "bandit",
            .role = ComponentRole::kAgent,
            .summary = "Sequential Halving: fixed-budget best-arm identification",
            .reference =
                "Karnin, Koren, Somekh (2013), Almost optimal exploration in multi-armed "
                "bandits, ICML 2013, PMLR 28(3):1238-1246, Algorithm 1",
            .fidelity = Fidelity::kPaper,
            .notes =
                "The budget is the cell's horizon and must be at least K ceil(log2 K), so "
                "that every round pulls every surviving arm at least once. Within a round "
                "the surviving arms are pulled in sweeps (index order). Survivors are "
                "ranked by the average of the round's own samples, as in the paper (all "
                "arms of a round have the same number of samples, so sums are compared); "
                "ties at the cut are broken uniformly at random (the paper does not say) "
                "with one random key per arm and round from the agent's stream. Pulls left "
                "after the last round (T minus the sum of |S_r| t_r) go to the survivor. "
                "Recommends the survivor; before the last round ends, the surviving arm "
                "with the highest empirical mean over all its samples (lowest index on "
                "ties).",
            .params = {}};
  }

  explicit SequentialHalving(const Config& /*config*/) {}

  void reset(const BanditProblem& problem) {
    const std::size_t arms = problem.num_arms;
    rounds_ = static_cast<std::int64_t>(std::bit_width(arms - 1));  // ceil(log2 K)
    require_budget(problem, "sequential_halving", static_cast<std::int64_t>(arms) * rounds_,
                   "K ceil(log2 K): one pull per arm and round at least");
    budget_ = problem.horizon;
    stats_.reset(arms);
    round_sums_.assign(arms, 0.0);
    keys_.assign(arms, 0);
    active_.resize(arms);
    for (std::size_t a = 0; a < arms; ++a) active_[a] = a;
    round_ = 0;
    round_started_ = false;
    position_ = 0;
    sweeps_ = 0;
    pulls_per_arm_ = rounds_ > 0 ? round_pulls() : 0;
  }

  std::size_t select(Rng& rng) {
    if (finished()) return active_.front();
    if (!round_started_) {
      round_started_ = true;
      for (std::size_t arm : active_) keys_[arm] = rng();
    }
    return active_[position_];
  }

  void observe(std::size_t arm, double reward) {
    stats_.add(arm, reward);
    if (finished()) return;
    round_sums_[arm] += reward;
    if (++position_ < active_.size()) return;
    position_ = 0;
    if (++sweeps_ == pulls_per_arm_) halve();
  }

  std::size_t recommend() const { return stats_.empirical_best(active_); }

  /// The arms still in play, in increasing index order.
  const std::vector<std::size_t>& active() const { return active_; }
  /// The number of halving rounds, ceil(log2 K).
  std::int64_t rounds() const { return rounds_; }
  /// t_r of the current round.
  std::int64_t pulls_per_arm() const { return pulls_per_arm_; }

 private:
  bool finished() const { return round_ == rounds_; }

  /// t_r = floor(T / (|S_r| ceil(log2 K))).
  std::int64_t round_pulls() const {
    return budget_ / (static_cast<std::int64_t>(active_.size()) * rounds_);
  }

  /// Ends a round: keeps the ceil(|S_r|/2) arms with the largest round sums,
  /// ties broken by the random keys, then restores index order.
  void halve() {
    std::sort(active_.begin(), active_.end(), [this](std::size_t a, std::size_t b) {
      if (round_sums_[a] != round_sums_[b]) return round_sums_[a] > round_sums_[b];
      if (keys_[a] != keys_[b]) return keys_[a] > keys_[b];
      return a < b;
    });
    active_.resize((active_.size() + 1) / 2);
    std::sort(active_.begin(), active_.end());
    for (std::size_t arm : active_) round_sums_[arm] = 0.0;
    ++round_;
    round_started_ = false;
    sweeps_ = 0;
    if (!finished()) pulls_per_arm_ = round_pulls();
  }

  ArmStatistics stats_;
  std::vector<double> round_sums_;   ///< Sum of this round's rewards per arm.
  std::vector<std::uint64_t> keys_;  ///< Random tie-break keys of this round.
  std::vector<std::size_t> active_;  ///< S_r.
  std::int64_t budget_ = 0;          ///< T.
  std::int64_t rounds_ = 0;          ///< ceil(log2 K).
  std::int64_t round_ = 0;           ///< r, 0-based; == rounds_ when done.
  bool round_started_ = false;       ///< This round's keys are drawn.
  std::size_t position_ = 0;         ///< Next arm of the sweep, in active_.
  std::int64_t pulls_per_arm_ = 0;   ///< t_r.
  std::int64_t sweeps_ = 0;          ///< Completed sweeps in this round.
};

}  // namespace banditsim::bandit
