/// @file envs/bandit/gaussian_arms.hpp
/// K-armed Gaussian bandit: arm a pays mu_a + sigma_a Z, Z ~ N(0, 1).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "envs/bandit/arm_reward_streams.hpp"
#include "sim/core/check.hpp"
#include "sim/core/component.hpp"
#include "sim/core/distributions.hpp"
#include "sim/core/rng.hpp"
#include "sim/families/bandit/problem.hpp"

namespace banditsim::bandit {

/// Gaussian arms with fixed means and one common or per-arm noise standard deviation.
class GaussianArms {
 public:
  struct Config {
    RealList means;
    double sd = 1.0;  ///< Noise sd of every arm when `sds` is empty.
    RealList sds;     ///< Per-arm noise sd; empty = `sd` for every arm.

    static Config from(const ParamMap& params) {
      return {params.real_list("means"), params.real("sd"), params.real_list("sds")};
    }
  };

  static ComponentInfo info() {
    return {.name = "gaussian",
            .family = "bandit",
            .role = ComponentRole::kEnvironment,
            .summary = "K-armed Gaussian bandit: reward of arm a ~ N(mu_a, sigma_a^2)",
            .reference = "Lattimore & Szepesvari (2020), Bandit Algorithms, ch. 4 and 7",
            .fidelity = Fidelity::kPaper,
            .notes =
                "Reward of arm a is mu_a + sigma_a Z with Z a standard normal (ziggurat) "
                "from arm a's own stream (common random numbers across agents). Rewards "
                "are unbounded: agents whose guarantees need [0, 1] rewards see "
                "reward_min = -inf, reward_max = +inf in the problem.",
            .params = {real_list_param("means", std::nullopt,
                                       Range::closed(-kMaxMeanMagnitude, kMaxMeanMagnitude), 1,
                                       "mean reward of each arm; K = its length; |mean| <= 1e100 "
                                       "so that regret sums and their variance stay finite"),
                       real_param("sd", 1.0, Range::greater_than(0.0),
                                  "noise standard deviation of every arm (unless sds is given)"),
                       real_list_param("sds", RealList{}, Range::greater_than(0.0), 0,
                                       "per-arm noise standard deviations (K values); empty: "
                                       "use sd for every arm")}};
  }

  explicit GaussianArms(const Config& config) : means_(config.means) {
    if (config.sds.empty()) {
      sds_.assign(means_.size(), config.sd);
    } else {
      if (config.sds.size() != means_.size())
        throw ConfigError("gaussian", "sds",
                          "sds has " + std::to_string(config.sds.size()) +
                              " values but means has " + std::to_string(means_.size()) +
                              "; give one standard deviation per arm, or none to use sd");
      sds_ = config.sds;
    }
    streams_.resize(means_.size());
  }

  void draw_instance(Rng& /*rng*/) {}  // the instance is fixed by the configuration
  void start_rewards(std::uint64_t seed) { streams_.start(seed); }
  double pull(std::size_t arm) { return means_[arm] + sds_[arm] * standard_normal(streams_[arm]); }

  std::size_t num_arms() const { return means_.size(); }
  double mean(std::size_t arm) const { return means_[arm]; }
  /// Noise standard deviation of `arm` (known to the environment, not to agents).
  double sd(std::size_t arm) const { return sds_[arm]; }
  BanditProblem problem() const { return {.num_arms = means_.size()}; }

 private:
  std::vector<double> means_;
  std::vector<double> sds_;
  ArmRewardStreams streams_;
};

}  // namespace banditsim::bandit
