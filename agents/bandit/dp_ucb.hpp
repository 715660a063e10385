/// @file agents/bandit/dp_ucb.hpp
/// DP-UCB with tree-based per-arm sums: the "Private UCB" of Mishra & Thakurta (2015),
/// "(Nearly) optimal differentially private stochastic multi-arm bandits", UAI; the same
/// construction as Tossou & Dimitrakakis (2016), AAAI (spec papers-dp.md §2.4.4).
///
/// Each arm a keeps one binary tree counter (privacy::BinaryTreeCounter, spec §2.4.1) over
/// the stream of its own rewards x_{a,1}, x_{a,2}, ... (rewards in [0, 1], sensitivity 1),
/// with horizon H = T - K + 1, the most pulls one arm can get (every arm is pulled once
/// first). The agent sees only the released noisy sums S~_{a,n}; every decision is
/// post-processing of them.
///
/// Privacy [STD, spec §2.4.1 and §2.4.4]. A reward table x[a][n] and a neighbour x' that
/// differs in one entry change the input of one counter at one position: that counter's
/// released nodes are epsilon-DP (Lap(L / epsilon) on each of L = floor(log2 H) + 1 nodes,
/// l1-sensitivity L), the other counters' inputs are identical (parallel composition), and
/// the node set is data-independent, so adaptively chosen pulls keep the guarantee. The
/// sequence of pulled arms (and the recommendation) is epsilon-DP.
///
/// Index (t = pulls so far, n_a = pulls of arm a, L and epsilon of the counters):
///   I_a(t) = S~_a / n_a  +  sqrt(c ln t / n_a)  +  B(t) / n_a,
///   B(t)   = (L / epsilon) * max(sqrt(L), sqrt(c ln t)) * sqrt(8 c ln t).
/// The first two terms are UCB1's (Auer et al. 2002, c = 2 in that paper). B(t) / n_a is
/// the tree's noise bound on the mean: Chan-Shi-Song's Laplace-sum tail (spec §2.4.1),
/// P(|S~_n - S_n| > b max(sqrt(k), sqrt(ln(2/beta))) sqrt(8 ln(2/beta))) <= beta with
/// b = L / epsilon and k = popcount(n) <= L, taken at ln(2/beta) = c ln t (beta = 2 t^-c,
/// the confidence of the UCB term). Mishra & Thakurta's bonus has this shape, of order
/// (log T)^1.5 log(t) / (epsilon n) for L <= c ln t; its exact constants and the choice of
/// beta are our reconstruction (ours): the paper's text was not available (spec §0).
/// c = 0 gives the greedy policy on the noisy means (still epsilon-DP).
///
/// epsilon = inf: no noise, B = 0, S~ is the exact running sum in input order, so the agent
/// pulls bit for bit what ucb1 with the same c pulls on the same reward streams.
///
/// noise_multiplier m (ours, for audits only): every Laplace draw is scaled by m (the
/// counters run at epsilon / m, i.e. Lap(m L / epsilon)), while the index keeps the bonus
/// of the configured epsilon. Below 1 the agent is NOT epsilon-DP (it is epsilon/m-DP): the
/// deliberately broken variant the privacy audit must catch.
///
/// Noise stream: the agent's stream (select's rng) seeds a private noise generator at the
/// first step (only when epsilon < inf; ucb1 draws nothing from it either). Ties: lowest
/// index. Recommends the arm with the largest noisy mean (post-processing).
/// Storage: sized in reset(); select/observe/recommend allocate nothing.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

#include "agents/bandit/problem_requirements.hpp"
#include "agents/policies/inverse_sqrt_table.hpp"
#include "agents/privacy/binary_tree_counter.hpp"
#include "agents/privacy/epsilon.hpp"
#include "sim/core/component.hpp"
#include "sim/core/rng.hpp"
#include "sim/families/bandit/problem.hpp"

namespace banditsim::bandit {

class DpUcb {
 public:
  struct Config {
    double epsilon = 1.0;           ///< Privacy level in (0, inf].
    double c = 2.0;                 ///< Exploration constant (UCB1's c).
    double noise_multiplier = 1.0;  ///< Audits only: scales every Laplace draw.
    static Config from(const ParamMap& params) {
      return {.epsilon = params.real("epsilon"),
              .c = params.real("c"),
              .noise_multiplier = params.real("noise_multiplier")};
    }
  };

  static ComponentInfo info() {
    return {
        .name = "dp_ucb",
        .family = "bandit",
        .role = ComponentRole::kAgent,
        .summary =
            "epsilon-DP UCB: a binary tree counter per arm over its rewards, index = "
            "noisy mean + UCB bonus + the tree's noise bound",
        .reference =
            "Mishra & Thakurta (2015), (Nearly) optimal differentially private stochastic "
            "multi-arm bandits, UAI (Private UCB); Tossou & Dimitrakakis (2016), Algorithms for "
            "differentially private multi-armed bandits, AAAI; tree counter: Dwork et al. "
            "(2010), Chan, Shi, Song (2011) (spec papers-dp.md §2.4.1, §2.4.4)",
        .fidelity = Fidelity::kReconstruction,
        .notes =
            "Per-arm BinaryTreeCounter (horizon T - K + 1, L = floor(log2 H) + 1 levels, "
            "Lap(L/epsilon) per node, sensitivity 1: rewards must lie in [0, 1]); the pull "
            "sequence is epsilon-DP by parallel composition over arms. Index = S~/n + "
            "sqrt(c ln t / n) + (L/epsilon) max(sqrt(L), sqrt(c ln t)) sqrt(8 c ln t) / n: the "
            "noise term is Chan-Shi-Song's tail bound at beta = 2 t^-c, a reconstruction of "
            "the paper's (log T)^1.5 log / (epsilon n) bonus (ours; the paper's text was not "
            "available). Each arm is played once first; ties go to the lowest index; "
            "recommends the largest noisy mean. epsilon = inf pulls exactly what ucb1 with "
            "the same c pulls. noise_multiplier < 1 is NOT epsilon-DP (audits only).",
        .params = {
            with_origin(allowing_infinity(
                            real_param("epsilon", 1.0, Range::greater_than(0.0),
                                       "privacy level of epsilon-DP for the pull sequence (inf: no "
                                       "noise, exactly ucb1)")),
                        ParamOrigin::kPaper),
            with_origin(real_param("c", 2.0, Range::at_least(0.0),
                                   "exploration constant: sqrt(c ln t / n) as in ucb1, and "
                                   "the tree-noise bonus at confidence beta = 2 t^-c (0: greedy "
                                   "on the noisy means)"),
                        ParamOrigin::kReconstruction),
            with_origin(real_param("noise_multiplier", 1.0, Range::greater_than(0.0),
                                   "for audits only: scales every Laplace draw; below 1 the "
                                   "agent is NOT epsilon-DP"),
                        ParamOrigin::kOurs),
        }};
  }

  explicit DpUcb(const Config& config) : config_(config) {
    privacy::require_valid_epsilon(config.epsilon, "dp_ucb");
    if (!(config.noise_multiplier > 0.0) || !std::isfinite(config.noise_multiplier))
      throw ConfigError("dp_ucb", "noise_multiplier", "must be finite and > 0");
  }

  void reset(const BanditProblem& problem) {
    require_unit_rewards(problem, "dp_ucb", "the tree counters' sensitivity is 1");
    if (problem.horizon < 1)
      throw ConfigError("dp_ucb", "horizon",
                        "needs the horizon T (its tree counters have a known horizon)");
    const std::size_t arms = problem.num_arms;
    const std::int64_t counter_horizon =
        std::max<std::int64_t>(1, problem.horizon - static_cast<std::int64_t>(arms) + 1);
    noisy_ = privacy::adds_noise(config_.epsilon);
    // Every Laplace draw scaled by m: the counters run at epsilon / m (scale m L / epsilon).
    const double counter_epsilon =
        noisy_ ? config_.epsilon / config_.noise_multiplier : config_.epsilon;
    counters_.resize(arms);
    for (auto& counter : counters_) {
      // A counter already set up so only restarts: reset() validates its arguments, which
      // builds strings (heap), and a replication's reset must not allocate.
      if (counter.horizon() == counter_horizon && counter.epsilon() == counter_epsilon &&
          counter.sensitivity() == 1.0)
        counter.restart();
      else
        counter.reset(counter_horizon, counter_epsilon, 1.0);
    }
    levels_ = privacy::BinaryTreeCounter::levels_for(counter_horizon);
    noise_scale_ = noisy_ ? static_cast<double>(levels_) / config_.epsilon : 0.0;
    pulls_.assign(arms, 0);
    means_.assign(arms, 0.0);
    inv_sqrt_pulls_.assign(arms, 0.0);
    inv_pulls_.assign(arms, 0.0);
    total_pulls_ = 0;
  }

  std::size_t select(Rng& rng) {
    const std::size_t arms = pulls_.size();
    const std::int64_t t = total_pulls_;
    if (t == 0 && noisy_) noise_rng_.seed(rng());
    if (static_cast<std::size_t>(t) < arms) return static_cast<std::size_t>(t);
    const double log_term = config_.c * std::log(static_cast<double>(t));
    const double width = std::sqrt(log_term);
    const double noise_bonus = noisy_ ? noise_bound(log_term) : 0.0;
    std::size_t best = 0;
    double best_index = means_[0] + width * inv_sqrt_pulls_[0] + noise_bonus * inv_pulls_[0];
    for (std::size_t a = 1; a < arms; ++a) {
      const double index = means_[a] + width * inv_sqrt_pulls_[a] + noise_bonus * inv_pulls_[a];
      if (index > best_index) {
        best_index = index;
        best = a;
      }
    }
    return best;
  }

  void observe(std::size_t arm, double reward) {
    const double released = counters_[arm].add(reward, noise_rng_);
    const std::int64_t n = ++pulls_[arm];
    ++total_pulls_;
    means_[arm] = released / static_cast<double>(n);
    inv_sqrt_pulls_[arm] = InverseSqrtTable::at(n);
    inv_pulls_[arm] = 1.0 / static_cast<double>(n);
  }

  /// The pulled arm with the largest noisy mean (lowest index on ties; 0 before any pull).
  std::size_t recommend() const {
    std::size_t best = pulls_.size();
    for (std::size_t a = 0; a < pulls_.size(); ++a)
      if (pulls_[a] > 0 && (best == pulls_.size() || means_[a] > means_[best])) best = a;
    return best == pulls_.size() ? 0 : best;
  }

  /// B(t) for c ln t = log_term: (L / epsilon) max(sqrt(L), sqrt(c ln t)) sqrt(8 c ln t).
  double noise_bound(double log_term) const {
    const double root = std::sqrt(std::max(log_term, 0.0));
    return noise_scale_ * std::max(std::sqrt(static_cast<double>(levels_)), root) * std::sqrt(8.0) *
           root;
  }

  double epsilon() const { return config_.epsilon; }
  double noise_multiplier() const { return config_.noise_multiplier; }
  /// Test hooks: the counters (one per arm) and the released noisy mean of each arm.
  const privacy::BinaryTreeCounter& counter(std::size_t arm) const { return counters_[arm]; }
  double noisy_mean(std::size_t arm) const { return means_[arm]; }
  std::int64_t pulls(std::size_t arm) const { return pulls_[arm]; }

 private:
  Config config_;
  bool noisy_ = false;
  int levels_ = 0;
  double noise_scale_ = 0.0;  ///< L / epsilon (the configured epsilon), 0 when epsilon = inf.
  std::vector<privacy::BinaryTreeCounter> counters_;
  std::vector<std::int64_t> pulls_;
  std::vector<double> means_;  ///< S~_a / n_a.
  std::vector<double> inv_sqrt_pulls_;
  std::vector<double> inv_pulls_;
  std::int64_t total_pulls_ = 0;
  Rng noise_rng_;
};

}  // namespace banditsim::bandit
