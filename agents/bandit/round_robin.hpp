/// @file agents/bandit/round_robin.hpp
/// Uniform allocation: pulls arm t mod K at step t (0-based) and recommends the
/// empirically best arm. The non-adaptive baseline of pure exploration
/// (Bubeck, Munos, Stoltz 2009, "uniform allocation" strategy).
#pragma once

#include <cstddef>

#include "agents/bandit/arm_statistics.hpp"
#include "sim/core/component.hpp"
#include "sim/core/rng.hpp"
#include "sim/families/bandit/problem.hpp"

namespace banditsim::bandit {

/// Round-robin (uniform) allocation over the arms.
class RoundRobin {
 public:
  struct Config {
    static Config from(const ParamMap& /*params*/) { return {}; }
  };

  static ComponentInfo info() {
    return {.name = "round_robin",
            .family = "bandit",
            .role = ComponentRole::kAgent,
            .summary = "Uniform allocation: arm t mod K, recommends the empirically best arm",
            .reference =
                "Bubeck, Munos, Stoltz (2009), Pure exploration in multi-armed bandits "
                "problems, ALT 2009, LNCS 5809:23-37 (uniform allocation strategy)",
            .fidelity = Fidelity::kPaper,
            .notes =
                "Pulls the arms in index order, cyclically, whatever the rewards. Recommends "
                "the arm with the highest empirical mean (lowest index on ties). A baseline "
                "for both regret (linear regret) and best-arm identification.",
            .params = {}};
  }

  explicit RoundRobin(const Config& /*config*/) {}

  void reset(const BanditProblem& problem) {
    stats_.reset(problem.num_arms);
    next_ = 0;
  }

  std::size_t select(Rng& /*rng*/) const { return next_; }

  void observe(std::size_t arm, double reward) {
    stats_.add(arm, reward);
    next_ = next_ + 1 == stats_.num_arms() ? 0 : next_ + 1;
  }

  std::size_t recommend() const { return stats_.empirical_best(); }

 private:
  ArmStatistics stats_;
  std::size_t next_ = 0;  ///< t mod K, kept incrementally.
};

}  // namespace banditsim::bandit
