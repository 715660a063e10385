/// @file sim/families/mdp/data_source.hpp
/// The transitions an agent learns from (axes `steps` and `samples`): a behaviour
/// trajectory, or i.i.d. samples (s, a) ~ mu, s' ~ P(. | s, a), r = r(s, a) + eta
/// (spec 2.1). Every categorical draw uses Boost.Random's alias-method
/// discrete_distribution (Walker 1977; O(1) per draw whatever the number of
/// states); the reward noise our ziggurat normal (bench/README.md compares both
/// with the alternatives).
///
/// The draws of step t depend only on the seed given to start() and on t, never on
/// the agent: every agent of a cell sees the same data (common random numbers).
#pragma once

#include <boost/random/discrete_distribution.hpp>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "sim/core/distributions.hpp"
#include "sim/core/rng.hpp"
#include "sim/families/mdp/evaluation_chain.hpp"
#include "sim/families/mdp/mdp_model.hpp"
#include "sim/families/mdp/problem.hpp"

namespace banditsim::mdp {

class DataSource {
 public:
  using Categorical = boost::random::discrete_distribution<std::size_t, double>;

  /// `state_distribution`: where i.i.d. samples start (the chain's), or where a
  /// stationary trajectory starts (rho_b).
  DataSource(const MdpModel& model, const EvaluationChain& chain)
      : model_(&model),
        trajectory_(chain.data == DataMode::kTrajectory),
        reward_noise_sd_(model.reward_noise_sd) {
    const std::size_t states = model.states, actions = model.actions;
    next_state_.reserve(model.pairs());
    for (std::size_t k = 0; k < model.pairs(); ++k)
      next_state_.emplace_back(
          model.transitions.begin() + static_cast<std::ptrdiff_t>(k * states),
          model.transitions.begin() + static_cast<std::ptrdiff_t>((k + 1) * states));
    action_.reserve(states);
    ratio_.assign(model.pairs(), 0.0);
    for (std::size_t s = 0; s < states; ++s) {
      const auto first = model.behaviour.begin() + static_cast<std::ptrdiff_t>(s * actions);
      action_.emplace_back(first, first + static_cast<std::ptrdiff_t>(actions));
      for (std::size_t a = 0; a < actions; ++a) {
        const double b = model.behaviour[s * actions + a];
        ratio_[s * actions + a] = b > 0.0 ? model.target[s * actions + a] / b : 0.0;
      }
    }
    const bool stationary_start =
        !trajectory_ || model.trajectory_start == TrajectoryStart::kStationary;
    const arma::vec& first_states =
        stationary_start ? (trajectory_ ? chain.behaviour_stationary : chain.state_distribution)
                         : arma::vec(model.start);
    first_state_ = Categorical(first_states.begin(), first_states.end());
    restart_ = Categorical(model.start.begin(), model.start.end());
    pair_rows_ = model.feature_kind == FeatureKind::kStateAction;
  }

  /// Restarts the data stream (a new replication).
  void start(std::uint64_t seed) {
    rng_.seed(seed);
    state_ = first_state_(rng_);
    episode_start_ = true;
  }

  /// The next transition. For trajectories, the next one starts where this one
  /// ended (or, after a terminal state, from the start distribution).
  void next(Transition& out) {
    const std::size_t s = trajectory_ ? state_ : first_state_(rng_);
    const std::size_t a = action_[s](rng_);
    const std::size_t k = s * model_->actions + a;
    const std::size_t next = next_state_[k](rng_);
    out.state = s;
    out.action = a;
    out.next_state = next;
    out.row = pair_rows_ ? k : s;
    out.reward = model_->rewards[k];
    if (reward_noise_sd_ > 0.0) out.reward += reward_noise_sd_ * standard_normal(rng_);
    out.ratio = ratio_[k];
    out.update_ratio = pair_rows_ ? 1.0 : out.ratio;
    out.terminal = model_->terminal[next] != 0;
    out.episode_start = trajectory_ ? episode_start_ : true;
    if (trajectory_) {
      episode_start_ = out.terminal;
      state_ = out.terminal ? restart_(rng_) : next;
    }
  }

 private:
  const MdpModel* model_;
  bool trajectory_;
  bool pair_rows_ = false;
  double reward_noise_sd_;
  std::vector<Categorical> next_state_;  ///< Per pair (s, a): P(. | s, a).
  std::vector<Categorical> action_;      ///< Per state: b(. | s).
  std::vector<double> ratio_;            ///< Per pair: pi / b.
  Categorical first_state_;              ///< Samples' states, or the trajectory's s_0.
  Categorical restart_;                  ///< The start distribution, after terminal states.
  Rng rng_{0};
  std::size_t state_ = 0;
  bool episode_start_ = true;
};

}  // namespace banditsim::mdp
