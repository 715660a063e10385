/// @file agents/bandit/ucb1.hpp
/// UCB1 (Auer, Cesa-Bianchi, Fischer 2002, "Finite-time analysis of the
/// multiarmed bandit problem", Machine Learning 47, Fig. 1).
///
/// Plays each arm once, then the arm maximising  mean_a + sqrt(c ln t / n_a),
/// t = pulls so far. The paper's index has c = 2. The index is evaluated as
/// mean_a + sqrt(c ln t) * (1/sqrt(n_a)) with 1/sqrt(n_a) cached per arm, so a
/// step costs one log and one square root whatever K is (same maths; rounding
/// differs in the last bit from the literal formula). Ties: lowest index.
#pragma once

#include <cmath>
#include <cstddef>
#include <vector>

#include "agents/bandit/arm_statistics.hpp"
#include "agents/policies/inverse_sqrt_table.hpp"
#include "sim/core/component.hpp"
#include "sim/core/rng.hpp"
#include "sim/families/bandit/problem.hpp"

namespace banditsim::bandit {

class Ucb1 {
 public:
  struct Config {
    double c = 2.0;  ///< Exploration constant (2 in the paper).
    static Config from(const ParamMap& params) { return {params.real("c")}; }
  };

  static ComponentInfo info() {
    return {.name = "ucb1",
            .family = "bandit",
            .role = ComponentRole::kAgent,
            .summary = "UCB1: optimism with index mean + sqrt(c ln t / n)",
            .reference =
                "Auer, Cesa-Bianchi, Fischer (2002), Finite-time analysis of the "
                "multiarmed bandit problem, Machine Learning 47:235-256, Fig. 1",
            .fidelity = Fidelity::kPaper,
            .notes =
                "Each arm is played once first (in index order). Index ties go to the "
                "lowest index. Recommends the empirically best arm. The regret bound of "
                "Theorem 1 assumes rewards in [0, 1] and c = 2.",
            .params = {real_param("c", 2.0, Range::at_least(0.0),
                                  "exploration constant c in sqrt(c ln t / n); 2 in the paper")}};
  }

  explicit Ucb1(const Config& config) : c_(config.c) {}

  void reset(const BanditProblem& problem) {
    stats_.reset(problem.num_arms);
    inv_sqrt_pulls_.assign(problem.num_arms, 0.0);
  }

  std::size_t select(Rng& /*rng*/) {
    const std::size_t arms = stats_.num_arms();
    const std::int64_t t = stats_.total_pulls();
    if (static_cast<std::size_t>(t) < arms) return static_cast<std::size_t>(t);
    const double width = std::sqrt(c_ * std::log(static_cast<double>(t)));
    std::size_t best = 0;
    double best_index = stats_.mean(0) + width * inv_sqrt_pulls_[0];
    for (std::size_t a = 1; a < arms; ++a) {
      const double index = stats_.mean(a) + width * inv_sqrt_pulls_[a];
      if (index > best_index) {
        best_index = index;
        best = a;
      }
    }
    return best;
  }

  void observe(std::size_t arm, double reward) {
    stats_.add(arm, reward);
    inv_sqrt_pulls_[arm] = InverseSqrtTable::at(stats_.pulls(arm));
  }

  std::size_t recommend() const { return stats_.empirical_best(); }

 private:
  double c_;
  ArmStatistics stats_;
  std::vector<double> inv_sqrt_pulls_;
};

}  // namespace banditsim::bandit
