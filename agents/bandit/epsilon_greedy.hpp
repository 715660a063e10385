/// @file agents/bandit/epsilon_greedy.hpp
/// ε-greedy, with a constant ε or the decaying schedule of ε_n-GREEDY
/// (Auer, Cesa-Bianchi, Fischer 2002, "Finite-time analysis of the multiarmed
/// bandit problem", Machine Learning 47, Fig. 2 and Theorem 3).
///
/// Plays each arm once (index order), then at step n (1-based, counting every
/// pull) explores with probability ε_n, pulling an arm drawn uniformly from all
/// K arms (the empirical best included), and otherwise pulls the empirically
/// best arm, ties broken uniformly at random. ε_n = ε (constant), or
/// ε_n = min(1, cK / (d² n)) (decaying; Theorem 3 needs c > 5, 0 < d <= min gap).
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>

#include "agents/bandit/arm_statistics.hpp"
#include "agents/policies/argmax.hpp"
#include "sim/core/component.hpp"
#include "sim/core/rng.hpp"
#include "sim/families/bandit/problem.hpp"

namespace banditsim::bandit {

/// ε-greedy with uniformly random exploration and random tie-breaking.
class EpsilonGreedy {
 public:
  enum class Schedule { kConstant, kDecaying };

  struct Config {
    double epsilon = 0.1;  ///< Exploration probability (constant schedule).
    Schedule schedule = Schedule::kConstant;
    double c = 0.15;  ///< Decaying schedule: ε_n = min(1, cK / (d² n)).
    double d = 0.1;
    static Config from(const ParamMap& params) {
      return {.epsilon = params.real("epsilon"),
              .schedule = params.string("schedule") == "decaying" ? Schedule::kDecaying
                                                                  : Schedule::kConstant,
              .c = params.real("c"),
              .d = params.real("d")};
    }
  };

  static ComponentInfo info() {
    return {.name = "epsilon_greedy",
            .family = "bandit",
            .role = ComponentRole::kAgent,
            .summary = "epsilon-greedy: explore uniformly with probability epsilon, else exploit",
            .reference =
                "Auer, Cesa-Bianchi, Fischer (2002), Finite-time analysis of the multiarmed bandit "
                "problem, Machine Learning 47:235-256, Fig. 2 (epsilon_n-GREEDY) and Theorem 3; "
                "Sutton & Barto (2018), Reinforcement Learning, 2nd ed., section 2.2 (constant "
                "epsilon)",
            .fidelity = Fidelity::kPaper,
            .notes =
                "Each arm is played once first, in index order (the paper's epsilon_n-GREEDY "
                "explores uniformly at first anyway, since epsilon_n = 1 while n <= cK/d^2). "
                "Exploration draws an arm uniformly from all K arms, the empirical best included. "
                "Exploitation breaks ties between empirical means uniformly at random. The step "
                "n in epsilon_n = min(1, cK/(d^2 n)) is 1-based and counts every pull. Theorem 3 "
                "needs c > 5 and 0 < d <= the smallest gap; the defaults c = 0.15, d = 0.1 are a "
                "practical choice (smaller c explores less), not the theorem's. epsilon is "
                "ignored by the decaying schedule, c and d by the constant one. Recommends the "
                "empirically best arm (lowest index on ties).",
            .params = {real_param("epsilon", 0.1, Range::closed(0.0, 1.0),
                                  "exploration probability of the constant schedule"),
                       string_param("schedule", "constant", {"constant", "decaying"},
                                    "\"constant\" epsilon, or \"decaying\" min(1, cK/(d^2 n)) of "
                                    "Auer et al. 2002"),
                       real_param("c", 0.15, Range::greater_than(0.0),
                                  "decaying schedule: c in cK/(d^2 n) (Theorem 3 needs c > 5)"),
                       real_param("d", 0.1, Range::left_open(0.0, 1.0),
                                  "decaying schedule: d in cK/(d^2 n), at most the smallest gap")}};
  }

  explicit EpsilonGreedy(const Config& config) : config_(config) {}

  void reset(const BanditProblem& problem) {
    stats_.reset(problem.num_arms);
    decay_numerator_ = config_.c * static_cast<double>(problem.num_arms) / (config_.d * config_.d);
  }

  std::size_t select(Rng& rng) {
    const std::size_t arms = stats_.num_arms();
    const std::int64_t t = stats_.total_pulls();
    if (static_cast<std::size_t>(t) < arms) return static_cast<std::size_t>(t);
    if (uniform01(rng) < epsilon_at(t + 1))
      return static_cast<std::size_t>(uniform_index(rng, arms));
    return argmax_random_tie(stats_.means(), rng);
  }

  void observe(std::size_t arm, double reward) { stats_.add(arm, reward); }

  std::size_t recommend() const { return stats_.empirical_best(); }

  /// The exploration probability at step n (1-based).
  double epsilon_at(std::int64_t n) const {
    if (config_.schedule == Schedule::kConstant) return config_.epsilon;
    return std::min(1.0, decay_numerator_ / static_cast<double>(n));
  }

 private:
  Config config_;
  ArmStatistics stats_;
  double decay_numerator_ = 0.0;  ///< cK / d².
};

}  // namespace banditsim::bandit
