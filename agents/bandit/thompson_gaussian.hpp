/// @file agents/bandit/thompson_gaussian.hpp
/// Thompson sampling for Gaussian rewards with known noise sd sigma.
///
/// With prior N(m0, s0²) on each mean, arm a's posterior after n_a rewards of
/// sum S_a is N(m_a, 1/tau_a) with precision tau_a = 1/s0² + n_a/sigma² and
/// m_a = (m0/s0² + S_a/sigma²) / tau_a (conjugate normal update).
///   - Flat prior (prior_sd = inf, the default; the Jeffreys prior of a Gaussian
///     mean, Korda, Kaufmann, Munos 2013): each arm is played once, then the
///     posterior is N(mean_a, sigma²/n_a).
///   - prior N(0, 1) with sigma = 1 is Agrawal & Goyal's (2013) Gaussian
///     Thompson sampling, N(S_a/(n_a+1), 1/(n_a+1)); proper priors sample from the
///     prior for unpulled arms, with no initial round.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

#include "agents/bandit/arm_statistics.hpp"
#include "agents/policies/argmax.hpp"
#include "sim/core/component.hpp"
#include "sim/core/distributions.hpp"
#include "sim/core/rng.hpp"
#include "sim/families/bandit/problem.hpp"

namespace banditsim::bandit {

/// Gaussian Thompson sampling with known noise variance.
class ThompsonGaussian {
  static constexpr double kInf = std::numeric_limits<double>::infinity();

 public:
  struct Config {
    double sigma = 1.0;       ///< Known reward noise sd.
    double prior_mean = 0.0;  ///< m0.
    double prior_sd = kInf;   ///< s0; infinite = flat prior.
    static Config from(const ParamMap& params) {
      return {params.real("sigma"), params.real("prior_mean"), params.real("prior_sd")};
    }
  };

  static ComponentInfo info() {
    return {.name = "thompson_gaussian",
            .family = "bandit",
            .role = ComponentRole::kAgent,
            .summary = "Thompson sampling with Gaussian posteriors (known noise sd)",
            .reference =
                "Agrawal & Goyal (2013), Further optimal regret bounds for Thompson sampling, "
                "AISTATS 2013, PMLR 31:99-107, Algorithm 2 (Gaussian priors); Korda, Kaufmann, "
                "Munos (2013), Thompson sampling for 1-dimensional exponential family bandits, "
                "NeurIPS 2013 (Jeffreys prior, flat for a Gaussian mean)",
            .fidelity = Fidelity::kPaper,
            .notes =
                "Conjugate normal posterior per arm: precision 1/prior_sd^2 + n/sigma^2, mean "
                "(prior_mean/prior_sd^2 + S/sigma^2)/precision. prior_sd = inf (default) is the "
                "flat prior: each arm is played once first (index order), then N(mean, "
                "sigma^2/n) is sampled. prior_mean = 0, prior_sd = 1, sigma = 1 is Agrawal & "
                "Goyal's Algorithm 2. With a proper prior there is no initial round. Each step "
                "samples every arm and pulls the largest sample (first maximum). Recommends "
                "the empirically best arm (lowest index on ties).",
            .params = {real_param("sigma", 1.0, Range::open(0.0, kInf),
                                  "known standard deviation of the reward noise"),
                       real_param("prior_mean", 0.0, Range::open(-kInf, kInf),
                                  "mean of the N(prior_mean, prior_sd^2) prior of each arm"),
                       allowing_infinity(
                           real_param("prior_sd", kInf, Range::greater_than(0.0),
                                      "sd of the prior of each arm's mean; inf = flat prior"))}};
  }

  explicit ThompsonGaussian(const Config& config)
      : sigma_(config.sigma),
        prior_mean_(config.prior_mean),
        prior_precision_(1.0 / (config.prior_sd * config.prior_sd)) {}

  void reset(const BanditProblem& problem) {
    stats_.reset(problem.num_arms);
    const bool flat = prior_precision_ == 0.0;
    // A flat prior has no proper posterior before the first pull; the initial
    // round fills these in before they are used.
    posterior_mean_.assign(problem.num_arms, flat ? 0.0 : prior_mean_);
    posterior_sd_.assign(problem.num_arms, flat ? 0.0 : 1.0 / std::sqrt(prior_precision_));
  }

  std::size_t select(Rng& rng) {
    const std::size_t arms = stats_.num_arms();
    const std::int64_t t = stats_.total_pulls();
    if (prior_precision_ == 0.0 && static_cast<std::size_t>(t) < arms)
      return static_cast<std::size_t>(t);
    return argmax_first_of(arms, [&](std::size_t a) {
      return posterior_mean_[a] + posterior_sd_[a] * standard_normal(rng);
    });
  }

  void observe(std::size_t arm, double reward) {
    stats_.add(arm, reward);
    const double noise_precision = 1.0 / (sigma_ * sigma_);
    const double precision =
        prior_precision_ + static_cast<double>(stats_.pulls(arm)) * noise_precision;
    posterior_mean_[arm] =
        (prior_precision_ * prior_mean_ + stats_.sum(arm) * noise_precision) / precision;
    posterior_sd_[arm] = 1.0 / std::sqrt(precision);
  }

  std::size_t recommend() const { return stats_.empirical_best(); }

  double posterior_mean(std::size_t arm) const { return posterior_mean_[arm]; }
  double posterior_sd(std::size_t arm) const { return posterior_sd_[arm]; }

 private:
  double sigma_;
  double prior_mean_;
  double prior_precision_;  ///< 1/prior_sd²; 0 for the flat prior.
  ArmStatistics stats_;
  std::vector<double> posterior_mean_;
  std::vector<double> posterior_sd_;
};

}  // namespace banditsim::bandit
