/// @file agents/causal/vanilla_ucb.hpp
/// Vanilla UCB baseline of Peng, Zhang, Mitra (IEEE TSP 2025), as in the authors'
/// code `algos.py` (spec ../shared/specs/papers-causal-sparse.md, A.4.7): every
/// action is an independent arm, no causal structure is used.
///
///   t <  K: play arm t (round-robin in index order; K = number of actions)
///   t >= K: play argmax_k V_k + c sqrt(ln t / n_k),  c = 1
/// V_k is the mean of arm k's rewards (x[N-1]); in the non-stationary runs it is
/// the mean of arm k's last `window` = 10 rewards while n_k stays the total pull
/// count (as in the authors' script). With N = 10 and T = 1500, 1024 steps are
/// round-robin (spec P-A16). Ties go to the first maximum (numpy argmax, P-A11).
///
/// Memory: per arm a count and a running sum; with the sliding window also a ring
/// of `window` rewards (float would lose bits, so double: 2^20 arms x 10 x 8 B =
/// 80 MB at the largest enumerated N; the default stationary run keeps 16 B/arm).
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "sim/core/check.hpp"
#include "sim/core/component.hpp"
#include "sim/core/params.hpp"
#include "sim/core/rng.hpp"
#include "sim/families/causal/concepts.hpp"
#include "sim/families/causal/problem.hpp"

namespace banditsim::causal {

class VanillaUcb {
 public:
  static constexpr bool kLearnsGraph = false;
  static constexpr bool kDetectsChanges = false;
  static constexpr bool kEstimatesMeans = false;

  struct Config {
    double c = 1.0;                       ///< Bonus coefficient (1 in the authors' code).
    std::int64_t window = 10;             ///< Sliding-window length (w_size = 10).
    std::string sliding_window = "auto";  ///< "auto" (on iff non-stationary), "on", "off".
    static Config from(const ParamMap& params) {
      return {params.real("c"), params.integer("window"), params.string("sliding_window")};
    }
  };

  static ComponentInfo info() {
    return {
        .name = "vanilla_ucb",
        .family = "causal",
        .role = ComponentRole::kAgent,
        .summary = "Vanilla UCB over all interventions as independent arms (causal baseline)",
        .reference =
            "Peng, Zhang, Mitra (2025), Asymmetric Graph Error Control with Low Complexity "
            "in Causal Bandits, IEEE TSP 73; authors' code algos.py (spec A.4.7)",
        .fidelity = Fidelity::kPaper,
        .notes =
            "As the authors' code: round-robin over all actions in index order, then "
            "argmax V + c sqrt(ln t / n) with t the 0-based step. The sliding window (mean of "
            "each arm's last `window` rewards; n stays the total pull count) is on iff the "
            "problem is non-stationary when sliding_window = auto, as the authors' script. "
            "P-A16 (round-robin spends the first 2^N steps), P-A11 (first maximum on ties).",
        .params = {real_param("c", 1.0, Range::at_least(0.0),
                              "bonus coefficient c in c sqrt(ln t / n); 1 in the authors' code"),
                   int_param("window", 10, Range::at_least(1),
                             "sliding-window length (rewards per arm); 10 in the authors' code"),
                   string_param("sliding_window", "auto", {"auto", "on", "off"},
                                "auto: sliding window iff the environment is non-stationary")}};
  }

  explicit VanillaUcb(const Config& config)
      : c_(config.c),
        window_(static_cast<std::size_t>(config.window)),
        sliding_mode_(config.sliding_window) {
    if (config.window < 1) throw ConfigError("vanilla_ucb", "window", "must be at least 1");
    if (sliding_mode_ != "auto" && sliding_mode_ != "on" && sliding_mode_ != "off")
      throw ConfigError("vanilla_ucb", "sliding_window", "must be auto, on or off");
  }

  void reset(const CausalProblem& problem) {
    arms_ = problem.num_actions();
    reward_node_ = problem.reward_node();
    sliding_ = sliding_mode_ == "on" || (sliding_mode_ == "auto" && !problem.stationary);
    pulls_.assign(arms_, 0);
    sum_.assign(arms_, 0.0);
    inv_sqrt_pulls_.assign(arms_, 0.0);
    ring_.assign(sliding_ ? arms_ * window_ : 0, 0.0);
    steps_ = 0;
  }

  std::size_t select(Rng& /*rng*/) {
    if (steps_ < arms_) return static_cast<std::size_t>(steps_);
    const double width = c_ * std::sqrt(std::log(static_cast<double>(steps_)));
    std::size_t best = 0;
    double best_index = mean(0) + width * inv_sqrt_pulls_[0];
    for (std::size_t k = 1; k < arms_; ++k) {
      const double index = mean(k) + width * inv_sqrt_pulls_[k];
      if (index > best_index) {  // strict: first maximum (P-A11)
        best_index = index;
        best = k;
      }
    }
    return best;
  }

  void observe(std::size_t action, std::span<const double> x) {
    const double reward = x[reward_node_];
    if (sliding_) {
      double* ring = ring_.data() + action * window_;
      ring[pulls_[action] % window_] = reward;
      ++pulls_[action];
      // Re-summing the (short) window each time avoids drift of a running sum.
      const std::size_t held = pulls_[action] < window_ ? pulls_[action] : window_;
      double s = 0.0;
      for (std::size_t i = 0; i < held; ++i) s += ring[i];
      sum_[action] = s;
    } else {
      ++pulls_[action];
      sum_[action] += reward;
    }
    inv_sqrt_pulls_[action] = 1.0 / std::sqrt(static_cast<double>(pulls_[action]));
    ++steps_;
  }

  /// V_k: the mean of arm k's rewards (of its last `window` with the sliding window).
  double mean(std::size_t k) const {
    if (pulls_[k] == 0) return 0.0;
    const std::uint64_t held = sliding_ && pulls_[k] > window_ ? window_ : pulls_[k];
    return sum_[k] / static_cast<double>(held);
  }
  std::uint64_t pulls(std::size_t k) const { return pulls_[k]; }
  bool sliding() const { return sliding_; }

  const AgentStatus& status() const { return status_; }

 private:
  double c_;
  std::size_t window_;
  std::string sliding_mode_;
  bool sliding_ = false;
  std::size_t arms_ = 0;
  std::size_t reward_node_ = 0;
  std::uint64_t steps_ = 0;
  std::vector<std::uint64_t> pulls_;
  std::vector<double> sum_;
  std::vector<double> inv_sqrt_pulls_;
  std::vector<double> ring_;  // arm k's window at [k * window, (k + 1) * window)
  AgentStatus status_;
};

}  // namespace banditsim::causal
