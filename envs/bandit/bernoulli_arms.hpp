/// @file envs/bandit/bernoulli_arms.hpp
/// K-armed Bernoulli bandit: arm a pays 1 with probability mu_a, else 0.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "envs/bandit/arm_reward_streams.hpp"
#include "sim/core/component.hpp"
#include "sim/core/rng.hpp"
#include "sim/families/bandit/problem.hpp"

namespace banditsim::bandit {

class BernoulliArms {
 public:
  struct Config {
    RealList means;
    static Config from(const ParamMap& params) { return {params.real_list("means")}; }
  };

  static ComponentInfo info() {
    return {.name = "bernoulli",
            .family = "bandit",
            .role = ComponentRole::kEnvironment,
            .summary = "K-armed Bernoulli bandit with fixed means",
            .reference = "Lattimore & Szepesvari (2020), Bandit Algorithms, ch. 4",
            .fidelity = Fidelity::kPaper,
            .notes =
                "Reward of arm a is 1{U < mu_a}, U uniform on [0,1) from arm a's own "
                "stream (common random numbers across agents).",
            .params = {real_list_param("means", std::nullopt, Range::closed(0.0, 1.0), 1,
                                       "success probability of each arm; K = its length")}};
  }

  explicit BernoulliArms(const Config& config) : means_(config.means) {
    streams_.resize(means_.size());
  }

  void draw_instance(Rng& /*rng*/) {}  // the instance is fixed by the configuration
  void start_rewards(std::uint64_t seed) { streams_.start(seed); }
  double pull(std::size_t arm) { return uniform01(streams_[arm]) < means_[arm] ? 1.0 : 0.0; }

  std::size_t num_arms() const { return means_.size(); }
  double mean(std::size_t arm) const { return means_[arm]; }
  BanditProblem problem() const {
    return {.num_arms = means_.size(), .reward_min = 0.0, .reward_max = 1.0};
  }

 private:
  std::vector<double> means_;
  ArmRewardStreams streams_;
};

}  // namespace banditsim::bandit
