/// @file envs/linear_query/misspecified_linear.hpp
/// The misspecified sparse linear bandit of Dong & Yang (ICML 2023; spec Part B.2): actions
/// with known features phi(a), an s-sparse theta*, mean rewards
///   r(a) = <phi(a), theta*> + m(a),   |m(a)| <= epsilon,
/// and rewards r(a) + sigma Z (sigma may be 0: noiseless queries).
///
/// The paper has no experiments; every construction here is a reconstruction or our own
/// design (spec B.5, B.6), which `describe` says:
///   actions    explicit (`features`), sphere (`num_actions` rows uniform on S^{d-1}:
///              Boost.Random's uniform_on_sphere, E2), e1 ({e_1..e_d} and u = 1/sqrt(d),
///              E1), hypercube ({-1,+1}^d, never listed, E3), packing (B.5's lower bound:
///              `num_actions` vectors +-1/sqrt(s) of coherence <= `coherence` in the first s
///              coordinates);
///   theta      given (`theta_values`, must be s-sparse), random (support uniform of size
///              s, Gaussian entries, normalised in l2 or l1), e1 (b e_1, b = eps sqrt(d)/2),
///              needle (c v_{i*}, c = epsilon / coherence, B.5);
///   m(a)       none, e1 (+eps on e_i, -eps on u), uniform (i.i.d. U[-eps, eps] per
///              action, E2), hash (eps (2 h(a) - 1), h a hash bit of the action: a fixed
///              sign on sets too large to store, E3), needle (c 1{a = i*} - <phi(a), theta>).
/// With `redraw` the random parts (sphere rows, random theta, uniform m, the packing and its
/// needle, the hash seed) are drawn again for every replication from the instance stream
/// (E2's 20 instances per cell); otherwise once, from `instance_seed`.
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <vector>

#include "sim/core/component.hpp"
#include "sim/core/distributions.hpp"
#include "sim/core/rng.hpp"
#include "sim/families/linear_query/action_set.hpp"
#include "sim/families/linear_query/problem.hpp"

namespace banditsim::linear_query {

class MisspecifiedLinear {
 public:
  struct Config {
    std::string actions = "sphere";
    RealMatrix features;
    std::int64_t dim = 0;
    std::int64_t num_actions = 0;
    std::int64_t sparsity = 1;
    double epsilon = 0.1;
    std::string theta = "random";
    RealList theta_values;
    std::string theta_norm = "l2";
    double theta_bound = 1.0;
    std::string misspecification = "uniform";
    double coherence = 0.5;
    double noise_sd = 0.0;
    bool redraw = false;
    std::int64_t instance_seed = 0;

    static Config from(const ParamMap& params);
  };

  static ComponentInfo info();

  explicit MisspecifiedLinear(const Config& config);

  void draw_instance(Rng& rng);
  void start_rewards(std::uint64_t seed) { noise_ = Rng(seed); }

  double pull_sum(const Action& action, std::int64_t count) {
    const double total = static_cast<double>(count) * mean(action);
    if (noise_sd_ == 0.0) return total;
    // The sum of `count` i.i.d. N(r, sigma^2) rewards is N(count r, count sigma^2): one draw.
    return total + noise_sd_ * std::sqrt(static_cast<double>(count)) * standard_normal(noise_);
  }

  double mean(const Action& action) const {
    if (actions_.enumerable()) return means_[action.index];
    return actions_.inner(action, theta_) + misspecification_of(action.index);
  }
  double best_mean() const { return best_mean_; }
  double best_linear_mean() const { return best_linear_mean_; }
  std::span<const double> theta() const { return theta_; }
  const ActionSet& action_set() const { return actions_; }
  /// m(a) of every action of a table set (E1's construction, tests).
  std::span<const double> misspecification() const { return misspecification_; }

  QueryProblem problem() const {
    return {.actions = &actions_,
            .dim = actions_.dim(),
            .sparsity = sparsity_,
            .epsilon = epsilon_,
            .theta_bound = theta_bound_,
            .noise_sd = noise_sd_,
            .action_set_generation = generation_};
  }

 private:
  void build(Rng& rng, bool first);
  void build_actions(Rng& rng);
  void build_theta(Rng& rng);
  void build_means(Rng& rng);
  double misspecification_of(std::uint64_t key) const;

  Config config_;
  std::size_t sparsity_ = 1;
  double epsilon_ = 0.1;
  double theta_bound_ = 1.0;
  double noise_sd_ = 0.0;
  ActionSet actions_;
  std::vector<double> theta_;
  std::vector<double> misspecification_;  ///< per action (tables)
  std::vector<double> means_;             ///< per action (tables)
  std::size_t needle_ = 0;
  double needle_height_ = 0.0;
  std::uint64_t hash_seed_ = 0;
  double best_mean_ = std::numeric_limits<double>::quiet_NaN();
  double best_linear_mean_ = 0.0;
  std::uint64_t generation_ = 0;
  Rng noise_{0};
};

}  // namespace banditsim::linear_query
