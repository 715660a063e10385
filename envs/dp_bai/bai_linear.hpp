/// @file envs/dp_bai/bai_linear.hpp
/// Linear bandit with rewards in [0, 1] for fixed-budget best-arm identification
/// (DP-BAI's model, Chen, Karthik, Chee, Tan, ICLR 2024, spec §1.1): arm i has
/// known features a_i, mean mu_i = <a_i, theta>, and rewards
///   bernoulli   1{U < mu_i} (the spec's natural choice, [OURS]); a batch of n pulls
///               is one Binomial(n, mu_i) draw (spec 3), Boost.Random's binomial
///               (BTRD), from the arm's own stream;
///   uniform     mu_i + U(-w, w) with w = noise_width: bounded noise, which needs
///               w <= min(mu_i, 1 - mu_i) for every arm; a batch sums n draws.
#pragma once

#include <algorithm>
#include <boost/random/binomial_distribution.hpp>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "envs/bandit/arm_reward_streams.hpp"
#include "envs/dp_bai/linear_instance.hpp"
#include "sim/core/check.hpp"
#include "sim/core/component.hpp"
#include "sim/core/rng.hpp"
#include "sim/core/stop_flag.hpp"
#include "sim/families/dp_bai/problem.hpp"

namespace banditsim::dp_bai {

class BaiLinear {
 public:
  enum class Rewards { kBernoulli, kUniform };

  struct Config {
    InstanceConfig instance;
    Rewards rewards = Rewards::kBernoulli;
    double noise_width = 0.0;

    static Config from(const ParamMap& params) {
      return {.instance = InstanceConfig::from(params),
              .rewards =
                  params.string("rewards") == "uniform" ? Rewards::kUniform : Rewards::kBernoulli,
              .noise_width = params.real("noise_width")};
    }
  };

  static ComponentInfo info() {
    std::vector<ParamSpec> params = instance_params();
    params.push_back(string_param("rewards", "bernoulli", {"bernoulli", "uniform"},
                                  "reward distribution: bernoulli (1{U < mean}) or uniform "
                                  "(mean + U(-noise_width, noise_width)); both in [0, 1]"));
    params.push_back(real_param("noise_width", 0.1, Range::at_least(0.0),
                                "rewards = uniform: half-width w of the noise; every arm needs "
                                "w <= min(mean, 1 - mean)"));
    return {.name = "bai_linear",
            .family = "dp_bai",
            .role = ComponentRole::kEnvironment,
            .summary =
                "Linear bandit with rewards in [0, 1]: Bernoulli or bounded-noise arms "
                "with means <a_i, theta>; DP-BAI's test instances A, B, C",
            .reference =
                "Chen, Karthik, Chee, Tan (2024), Fixed-Budget Differentially Private "
                "Best Arm Identification, ICLR 2024 (model, §2); instances: "
                "../shared/specs/papers-dp.md §1.8.3",
            .fidelity = Fidelity::kOurs,
            .notes =
                "The model (linear means, rewards supported on [0, 1]) is the paper's. "
                "Ours: the Bernoulli and uniform reward distributions and the test "
                "instances A, B, C (the paper's own instance could not be retrieved; "
                "spec §1.8.1). A batch of n Bernoulli pulls is one binomial draw from the "
                "arm's stream, exact in distribution (spec 3). Means outside [0, 1] are "
                "an error naming the arm.",
            .params = std::move(params)};
  }

  explicit BaiLinear(const Config& config)
      : instance_(make_instance(config.instance, "bai_linear")),
        rewards_(config.rewards),
        width_(config.noise_width) {
    if (rewards_ == Rewards::kUniform)
      for (std::size_t a = 0; a < instance_.num_arms; ++a) {
        const double mean = instance_.means[a];
        if (width_ > std::min(mean, 1.0 - mean) + 1e-12)
          throw ConfigError("bai_linear", "noise_width",
                            "arm " + std::to_string(a) + " has mean " + std::to_string(mean) +
                                ": noise_width " + std::to_string(width_) +
                                " would put rewards outside [0, 1] (need noise_width <= " +
                                std::to_string(std::min(mean, 1.0 - mean)) + ")");
      }
    streams_.resize(instance_.num_arms);
  }

  void draw_instance(Rng& /*rng*/) {}
  void start_rewards(std::uint64_t seed) { streams_.start(seed); }

  double pull_sum(std::size_t arm, std::int64_t count) {
    const double mean = instance_.means[arm];
    Rng& rng = streams_[arm];
    if (rewards_ == Rewards::kBernoulli) {
      if (mean <= 0.0) return 0.0;
      if (mean >= 1.0) return static_cast<double>(count);
      boost::random::binomial_distribution<std::int64_t, double> binomial(count, mean);
      return static_cast<double>(binomial(rng));
    }
    // One draw per pull: poll the stop flag every 2^16 pulls (the loop's sum is
    // then incomplete, and the runner discards the replication).
    double sum = 0.0;
    for (std::int64_t n = 0; n < count; ++n) {
      if ((n & 0xFFFF) == 0xFFFF && stop_requested()) return sum;
      sum += mean + width_ * (2.0 * uniform01(rng) - 1.0);
    }
    return sum;
  }

  std::size_t num_arms() const { return instance_.num_arms; }
  double mean(std::size_t arm) const { return instance_.means[arm]; }
  BaiProblem problem() const {
    return {.num_arms = instance_.num_arms,
            .dim = instance_.dim,
            .features = instance_.features,
            .reward_min = 0.0,
            .reward_max = 1.0};
  }
  const LinearInstance& instance() const { return instance_; }

 private:
  LinearInstance instance_;
  Rewards rewards_;
  double width_;
  bandit::ArmRewardStreams streams_;
};

}  // namespace banditsim::dp_bai
