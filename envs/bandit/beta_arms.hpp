/// @file envs/bandit/beta_arms.hpp
/// K-armed bandit with Beta-distributed rewards in [0, 1], in the mean-precision
/// parametrisation of Ferrari & Cribari-Neto (2004), "Beta regression for
/// modelling rates and proportions", J. Applied Statistics 31(7):799-815, §2:
///   reward of arm a ~ Beta(m_a c, (1 - m_a) c),
///   E = m_a,  Var = m_a (1 - m_a) / (c + 1).
/// The concentration (precision) c is shared by all arms; c = 2 (the default)
/// gives Beta(2m, 2(1 - m)), whose variance m(1 - m)/3 is a third of the
/// Bernoulli(m) variance. As c -> 0 the rewards approach Bernoulli(m_a); as
/// c -> infinity they concentrate at m_a.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "envs/bandit/arm_reward_streams.hpp"
#include "sim/core/component.hpp"
#include "sim/core/distributions.hpp"
#include "sim/core/rng.hpp"
#include "sim/families/bandit/problem.hpp"

namespace banditsim::bandit {

/// Arms with Beta(m_a c, (1 - m_a) c) rewards: bounded in [0, 1], continuous.
class BetaArms {
 public:
  struct Config {
    RealList means;              ///< m_a, each in (0, 1).
    double concentration = 2.0;  ///< c > 0.

    static Config from(const ParamMap& params) {
      return {params.real_list("means"), params.real("concentration")};
    }
  };

  static ComponentInfo info() {
    return {.name = "beta",
            .family = "bandit",
            .role = ComponentRole::kEnvironment,
            .summary = "K-armed bandit with Beta(m c, (1-m) c) rewards in [0, 1]",
            .reference =
                "Lattimore & Szepesvari (2020), Bandit Algorithms, ch. 4 (stochastic bandits "
                "with bounded rewards); mean-precision Beta of Ferrari & Cribari-Neto (2004), "
                "J. Applied Statistics 31(7):799-815",
            .fidelity = Fidelity::kPaper,
            .notes =
                "Reward of arm a ~ Beta(m_a c, (1 - m_a) c): mean m_a, variance "
                "m_a (1 - m_a) / (c + 1). Drawn as X / (X + Y), X ~ Gamma(m_a c), "
                "Y ~ Gamma((1 - m_a) c) (Marsaglia-Tsang), from arm a's own stream "
                "(common random numbers across agents); for shapes below 1 the ratio is "
                "formed in log space, so small c is safe.",
            .params = {real_list_param("means", std::nullopt, Range::open(0.0, 1.0), 1,
                                       "mean reward m_a of each arm, in (0, 1); K = its length"),
                       real_param("concentration", 2.0, Range::greater_than(0.0),
                                  "precision c: Beta(m c, (1-m) c), variance m(1-m)/(c+1)")}};
  }

  explicit BetaArms(const Config& config) : means_(config.means) {
    samplers_.reserve(means_.size());
    for (const double m : means_)
      samplers_.emplace_back(m * config.concentration, (1.0 - m) * config.concentration);
    streams_.resize(means_.size());
  }

  void draw_instance(Rng& /*rng*/) {}  // the instance is fixed by the configuration
  void start_rewards(std::uint64_t seed) { streams_.start(seed); }
  double pull(std::size_t arm) { return samplers_[arm](streams_[arm]); }

  std::size_t num_arms() const { return means_.size(); }
  double mean(std::size_t arm) const { return means_[arm]; }
  BanditProblem problem() const {
    return {.num_arms = means_.size(), .reward_min = 0.0, .reward_max = 1.0};
  }

 private:
  std::vector<double> means_;
  std::vector<BetaSampler> samplers_;  ///< Shapes cached per arm.
  ArmRewardStreams streams_;
};

}  // namespace banditsim::bandit
