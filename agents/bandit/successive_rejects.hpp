/// @file agents/bandit/successive_rejects.hpp
/// Successive Rejects (Audibert, Bubeck, Munos 2010, "Best arm identification in
/// multi-armed bandits", COLT, Fig. 2): fixed-budget best-arm identification.
///
/// Budget n = problem.horizon, K arms. With logbar(K) = 1/2 + sum_{i=2}^K 1/i and
///   n_0 = 0,  n_k = ceil((n - K) / (logbar(K) (K + 1 - k))),  k = 1..K-1,
/// phase k pulls every active arm n_k - n_{k-1} times and then rejects the
/// active arm with the lowest empirical mean (over all its n_k samples). The
/// survivor of phase K-1 is the answer. The phases use at most
/// n_1 + ... + n_{K-1} + n_{K-1} <= n pulls.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "agents/bandit/arm_statistics.hpp"
#include "agents/bandit/problem_requirements.hpp"
#include "sim/core/component.hpp"
#include "sim/core/rng.hpp"
#include "sim/families/bandit/problem.hpp"

namespace banditsim::bandit {

/// Successive Rejects for fixed-budget best-arm identification.
class SuccessiveRejects {
 public:
  struct Config {
    static Config from(const ParamMap& /*params*/) { return {}; }
  };

  static ComponentInfo info() {
    return {.name = "successive_rejects",
            .family = "bandit",
            .role = ComponentRole::kAgent,
            .summary = "Successive Rejects: fixed-budget best-arm identification",
            .reference =
                "Audibert, Bubeck, Munos (2010), Best arm identification in multi-armed "
                "bandits, COLT 2010, pp. 41-53, Fig. 2 (Successive Rejects)",
            .fidelity = Fidelity::kPaper,
            .notes =
                "The budget is the cell's horizon and must be at least K. Within a phase "
                "the active arms are pulled in sweeps (index order), n_k - n_{k-1} sweeps; "
                "the order does not change the output, which depends only on each arm's "
                "first n_k rewards. Ties for the lowest empirical mean are broken uniformly "
                "at random, as in the paper, from a stream seeded by the agent's stream at the "
                "first select() (a phase ends in observe(), which has no stream). Pulls left "
                "after the last phase go to the survivor. Recommends the survivor; before "
                "the last phase ends, the active arm with the highest empirical mean (lowest "
                "index on ties).",
            .params = {}};
  }

  explicit SuccessiveRejects(const Config& /*config*/) {}

  void reset(const BanditProblem& problem) {
    const std::size_t arms = problem.num_arms;
    require_budget(problem, "successive_rejects", static_cast<std::int64_t>(arms),
                   "one pull per arm at least");
    stats_.reset(arms);
    double log_bar = 0.5;
    for (std::size_t i = 2; i <= arms; ++i) log_bar += 1.0 / static_cast<double>(i);
    const auto spare = static_cast<double>(problem.horizon - static_cast<std::int64_t>(arms));
    phase_end_.assign(arms, 0);
    for (std::size_t k = 1; k < arms; ++k)
      phase_end_[k] = static_cast<std::int64_t>(
          std::ceil(spare / (log_bar * static_cast<double>(arms + 1 - k))));
    active_.resize(arms);
    for (std::size_t a = 0; a < arms; ++a) active_[a] = a;
    started_ = false;
    phase_ = 1;
    position_ = 0;
    sweeps_ = 0;
  }

  std::size_t select(Rng& rng) {
    if (!started_) {
      started_ = true;
      tie_rng_.seed(rng());
      finish_empty_phases();
    }
    return finished() ? active_.front() : active_[position_];
  }

  void observe(std::size_t arm, double reward) {
    stats_.add(arm, reward);
    if (finished()) return;
    if (++position_ < active_.size()) return;
    position_ = 0;
    if (++sweeps_ < phase_end_[phase_] - phase_end_[phase_ - 1]) return;
    reject_one();
    finish_empty_phases();
  }

  std::size_t recommend() const { return stats_.empirical_best(active_); }

  /// n_0 = 0 and n_k, k = 1..K-1: the pulls of each arm that survives phase k.
  const std::vector<std::int64_t>& phase_ends() const { return phase_end_; }

  /// The arms not yet rejected, in increasing index order.
  const std::vector<std::size_t>& active() const { return active_; }

 private:
  bool finished() const { return active_.size() == 1; }

  /// Phases with n_k = n_{k-1} (only when n - K is small) reject without pulling.
  void finish_empty_phases() {
    while (!finished() && phase_end_[phase_] == phase_end_[phase_ - 1]) reject_one();
  }

  /// Ends phase `phase_`: removes the active arm with the lowest empirical mean,
  /// a uniformly random one of the tied arms.
  void reject_one() {
    double lowest = stats_.mean(active_.front());
    std::uint64_t ties = 0;
    for (std::size_t arm : active_) {
      const double mean = stats_.mean(arm);
      if (mean < lowest) {
        lowest = mean;
        ties = 1;
      } else if (mean == lowest) {
        ++ties;
      }
    }
    std::uint64_t pick = ties > 1 ? uniform_index(tie_rng_, ties) : 0;
    for (std::size_t i = 0; i < active_.size(); ++i) {
      if (stats_.mean(active_[i]) == lowest && pick-- == 0) {
        active_.erase(active_.begin() + static_cast<std::ptrdiff_t>(i));
        break;
      }
    }
    ++phase_;
    position_ = 0;
    sweeps_ = 0;
  }

  ArmStatistics stats_;
  std::vector<std::int64_t> phase_end_;  ///< n_k, k = 0..K-1.
  std::vector<std::size_t> active_;
  /// Breaks ties at the ends of phases, which happen in observe(), where the
  /// agent's stream is not available: seeded from that stream at the first select().
  Rng tie_rng_;
  bool started_ = false;      ///< tie_rng_ is seeded.
  std::size_t phase_ = 1;     ///< Current phase k (1-based).
  std::size_t position_ = 0;  ///< Next arm of the sweep, in active_.
  std::int64_t sweeps_ = 0;   ///< Completed sweeps in this phase.
};

}  // namespace banditsim::bandit
