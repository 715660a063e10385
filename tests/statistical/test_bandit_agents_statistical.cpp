// Statistical checks of the bandit agents against the guarantees of their papers
// and against exact probabilities. Every test uses fixed seeds (deterministic
// pass/fail) and a tolerance derived from a standard error; each comment gives
// the false-failure rate, i.e. the probability that a correct implementation
// fails with a fresh seed. Agents are driven by the engine's own loop
// (bandit::run_replication) with streams derived as in a run (stream_seed), and
// paired comparisons give every agent the same reward streams in a replication.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <span>
#include <string_view>
#include <vector>

#include "agents/bandit/all.hpp"
#include "envs/bandit/arm_reward_streams.hpp"
#include "envs/bandit/bernoulli_arms.hpp"
#include "sim/core/distributions.hpp"
#include "sim/core/hash.hpp"
#include "sim/families/bandit/metrics.hpp"
#include "sim/families/bandit/runner.hpp"

using namespace banditsim;
using namespace banditsim::bandit;

namespace {

constexpr std::uint64_t kMasterSeed = 20240601;

/// Gaps and optimal-arm flags of an instance, as the family computes them.
struct Gaps {
  std::vector<double> gap;
  std::vector<unsigned char> optimal;
  explicit Gaps(std::span<const double> means) {
    const double best = *std::max_element(means.begin(), means.end());
    for (double mean : means) {
      gap.push_back(best - mean);
      optimal.push_back(mean == best ? 1 : 0);
    }
  }
  ArmGaps view() const { return {gap, optimal}; }
};

/// The metric curves of replication `rep` of `agent` on `env` (reward stream keyed
/// by `instance`, agent stream by `agent_key`), laid out [metric][record].
template <class Agent, class Env>
std::vector<double> replicate(Agent& agent, Env& env, const Gaps& gaps,
                              std::span<const std::int64_t> record_steps, std::string_view instance,
                              std::string_view agent_key, std::uint64_t rep) {
  std::vector<double> curves(kNumBanditMetrics * record_steps.size());
  env.start_rewards(stream_seed(kMasterSeed, StreamPurpose::kReward, fnv1a64(instance), rep));
  Rng rng(stream_seed(kMasterSeed, StreamPurpose::kAgent, fnv1a64(agent_key), rep));
  BanditProblem problem = env.problem();
  problem.horizon = record_steps.back();  // as the family does: the budget of BAI agents
  agent.reset(problem);
  run_replication(agent, env, gaps.view(), record_steps, rng, curves);
  return curves;
}

/// Sample mean and standard error of the mean.
struct Moments {
  double mean = 0, se = 0;
};
Moments moments(const std::vector<double>& x) {
  const auto n = static_cast<double>(x.size());
  double sum = 0, sum2 = 0;
  for (double v : x) sum += v;
  const double mean = sum / n;
  for (double v : x) sum2 += (v - mean) * (v - mean);
  return {mean, std::sqrt(sum2 / (n - 1) / n)};
}

/// P(Binomial(n, p) <= x), summed in log space (x is small here).
double binomial_cdf(std::int64_t x, std::int64_t n, double p) {
  double total = 0;
  for (std::int64_t k = 0; k <= x; ++k) {
    const double log_pmf = std::lgamma(n + 1.0) - std::lgamma(k + 1.0) - std::lgamma(n - k + 1.0) +
                           k * std::log(p) + (n - k) * std::log1p(-p);
    total += std::exp(log_pmf);
  }
  return total;
}

/// One-sided Clopper-Pearson upper limit: the p with P(Binomial(n, p) <= x) = alpha.
double binomial_upper_limit(std::int64_t x, std::int64_t n, double alpha) {
  double lo = static_cast<double>(x) / static_cast<double>(n), hi = 1.0;
  for (int i = 0; i < 200; ++i) {
    const double mid = 0.5 * (lo + hi);
    (binomial_cdf(x, n, mid) > alpha ? lo : hi) = mid;
  }
  return hi;
}

/// Errors of a best-arm identification agent in `reps` replications with budget
/// `budget`, and the one-sided Clopper-Pearson upper limit (level 1 - 1e-6) of its
/// error probability.
struct ErrorCount {
  std::int64_t errors = 0;
  double upper_limit = 1.0;
};
template <class Agent>
ErrorCount count_errors(Agent& agent, BernoulliArms& env, const Gaps& gaps, std::int64_t budget,
                        std::int64_t reps, std::string_view key) {
  const std::vector<std::int64_t> record_steps = {budget};
  ErrorCount count;
  for (std::int64_t rep = 0; rep < reps; ++rep)
    count.errors += replicate(agent, env, gaps, record_steps, key, key, rep)[kError] > 0 ? 1 : 0;
  count.upper_limit = binomial_upper_limit(count.errors, reps, 1e-6);
  return count;
}

/// Rewards x_a'theta + N(0, sigma^2), one stream per arm (common random numbers).
class LinearGaussianArms {
 public:
  LinearGaussianArms(std::vector<double> features, std::size_t dim, std::vector<double> theta,
                     double sigma)
      : features_(std::move(features)), dim_(dim), sigma_(sigma) {
    for (std::size_t a = 0; a * dim_ < features_.size(); ++a) {
      double mean = 0;
      for (std::size_t i = 0; i < dim_; ++i) mean += features_[a * dim_ + i] * theta[i];
      means_.push_back(mean);
    }
    streams_.resize(means_.size());
  }
  void draw_instance(Rng& /*rng*/) {}
  void start_rewards(std::uint64_t seed) { streams_.start(seed); }
  double pull(std::size_t arm) { return means_[arm] + sigma_ * standard_normal(streams_[arm]); }
  std::size_t num_arms() const { return means_.size(); }
  double mean(std::size_t arm) const { return means_[arm]; }
  const std::vector<double>& means() const { return means_; }
  BanditProblem problem() const {
    return {.num_arms = means_.size(), .dim = dim_, .features = features_};
  }

 private:
  std::vector<double> features_;
  std::size_t dim_;
  double sigma_;
  std::vector<double> means_;
  ArmRewardStreams streams_;
};
static_assert(BanditEnvironment<LinearGaussianArms>);

/// P(arm a has the largest of independent draws), by quadrature on a grid:
/// the integral of density_a(x) * prod_{b != a} cdf_b(x). `density` and `cdf`
/// take (arm, x); the integrand is smooth, so the trapezoid rule on 200001
/// points is accurate far beyond the test tolerances.
template <class Density, class Cdf>
std::vector<double> probability_of_max(std::size_t arms, double lo, double hi,
                                       const Density& density, const Cdf& cdf) {
  constexpr int kPoints = 200001;
  const double h = (hi - lo) / (kPoints - 1);
  std::vector<double> p(arms, 0.0);
  for (int i = 0; i < kPoints; ++i) {
    const double x = lo + h * i;
    const double weight = (i == 0 || i == kPoints - 1) ? 0.5 * h : h;
    for (std::size_t a = 0; a < arms; ++a) {
      double value = density(a, x);
      for (std::size_t b = 0; b < arms; ++b)
        if (b != a) value *= cdf(b, x);
      p[a] += weight * value;
    }
  }
  return p;
}

/// Calls agent.select() 2 10^5 times without observing (the posterior stays put)
/// and compares each arm's frequency with `exact`: |z| < 4 per arm, so a correct
/// sampler fails with probability <= 6.3e-5 per arm (1.9e-4 for three arms).
template <class Agent>
void check_choice_frequencies(Agent& agent, const std::vector<double>& exact,
                              std::string_view key) {
  constexpr int kDraws = 200000;
  Rng rng(stream_seed(kMasterSeed, StreamPurpose::kAgent, fnv1a64(key), 0));
  std::vector<double> counts(exact.size(), 0.0);
  for (int i = 0; i < kDraws; ++i) ++counts[agent.select(rng)];
  for (std::size_t a = 0; a < exact.size(); ++a) {
    const double se = std::sqrt(exact[a] * (1 - exact[a]) / kDraws);
    CAPTURE(key);
    CAPTURE(a);
    CAPTURE(counts[a] / kDraws);
    CAPTURE(exact[a]);
    CHECK(std::fabs(counts[a] / kDraws - exact[a]) < 4 * se);
  }
}

}  // namespace

TEST_CASE("ucb1 regret stays below Auer et al. (2002) Theorem 1") {
  // A 10-armed Bernoulli instance like those of Auer et al.'s experiments (Section 4):
  // best mean 0.9 and three arms at each gap 0.1, 0.2, 0.3.
  const RealList means = {0.9, 0.8, 0.8, 0.8, 0.7, 0.7, 0.7, 0.6, 0.6, 0.6};
  BernoulliArms env({means});
  const Gaps gaps(means);
  const std::vector<std::int64_t> record_steps = {1000, 3000, 10000};
  const std::size_t records = record_steps.size();
  Ucb1 agent({.c = 2.0});
  constexpr int kReps = 400;
  std::vector<std::vector<double>> regret(records);
  for (int rep = 0; rep < kReps; ++rep) {
    const auto curves = replicate(agent, env, gaps, record_steps, "auer-10", "ucb1", rep);
    for (std::size_t j = 0; j < records; ++j) regret[j].push_back(curves[kRegret * records + j]);
  }
  for (std::size_t j = 0; j < records; ++j) {
    const double n = static_cast<double>(record_steps[j]);
    double bound = 0;
    for (double gap : gaps.gap)
      if (gap > 0)
        bound += 8 * std::log(n) / gap + (1 + std::numbers::pi * std::numbers::pi / 3) * gap;
    const Moments m = moments(regret[j]);
    CAPTURE(n);
    CAPTURE(m.mean);
    CAPTURE(m.se);
    CAPTURE(bound);
    // The theorem bounds the expectation; requiring mean + 4 SE below it makes a
    // pass evidence at the 3e-5 level. Measured: 126 +- 0.4, 284 +- 0.9 and
    // 536 +- 1.9 at n = 10^3, 3 10^3, 10^4 against bounds 3047, 3531, 4060, so a
    // correct UCB1 fails only by a deviation of more than 1800 SEs (false-failure
    // rate far below 1e-100).
    CHECK(m.mean + 4 * m.se < bound);
    // UCB1 keeps exploring: its regret is clearly positive (a "policy" that
    // somehow always pulled the best arm would pass the bound and fail here).
    CHECK(m.mean > 8 * m.se);
  }
}

TEST_CASE("kl_ucb and thompson_bernoulli beat epsilon-greedy (0.1), paired on the same rewards") {
  // The ten-armed instance of the peer benchmark (means 0.1, ..., 0.9), T = 10^4.
  RealList means;
  for (int i = 0; i < 10; ++i) means.push_back(0.1 + 0.8 * i / 9.0);
  BernoulliArms env({means});
  const Gaps gaps(means);
  const std::vector<std::int64_t> record_steps = {10000};
  EpsilonGreedy greedy({.epsilon = 0.1});
  KlUcb kl_ucb({.c = 0.0});
  ThompsonBernoulli thompson({});
  constexpr int kReps = 200;
  std::vector<double> kl_gain, ts_gain;
  for (int rep = 0; rep < kReps; ++rep) {
    // Same reward streams ("instance" key) for the three agents in a replication.
    const double eps =
        replicate(greedy, env, gaps, record_steps, "linspace10", "eps", rep)[kRegret];
    kl_gain.push_back(eps -
                      replicate(kl_ucb, env, gaps, record_steps, "linspace10", "kl", rep)[kRegret]);
    ts_gain.push_back(
        eps - replicate(thompson, env, gaps, record_steps, "linspace10", "ts", rep)[kRegret]);
  }
  const Moments kl = moments(kl_gain), ts = moments(ts_gain);
  CAPTURE(kl.mean);
  CAPTURE(kl.se);
  CAPTURE(ts.mean);
  CAPTURE(ts.se);
  // Measured: eps-greedy's regret exceeds KL-UCB's by 377 +- 7.0 and Thompson's
  // by 394 +- 6.0 (54 and 65 paired SEs). Failing "difference > 4 SE" takes a
  // deviation of 50 SEs: false-failure rate below 1e-100.
  CHECK(kl.mean > 4 * kl.se);
  CHECK(ts.mean > 4 * ts.se);
}

TEST_CASE("epsilon_greedy pulls the best arm a fraction 1 - eps (K-1)/K of the time") {
  // Arm 0 always pays 1 and the others 0, so after the initial round the greedy
  // choice is always arm 0 and each later step pulls it with probability
  // p_n = 1 - eps_n (K-1)/K, independently: the count is a sum of Bernoullis
  // with known mean and variance.
  const RealList means = {1.0, 0.0, 0.0, 0.0, 0.0};
  const std::int64_t kArms = 5, kSteps = 20000;
  BernoulliArms env({means});
  const Gaps gaps(means);
  const std::vector<std::int64_t> record_steps = {kSteps};
  constexpr int kReps = 50;
  for (auto schedule : {EpsilonGreedy::Schedule::kConstant, EpsilonGreedy::Schedule::kDecaying}) {
    const EpsilonGreedy::Config config{.epsilon = 0.1, .schedule = schedule, .c = 0.15, .d = 0.1};
    EpsilonGreedy agent(config);
    agent.reset(env.problem());
    double expected = 0, variance = 0;
    for (std::int64_t n = kArms + 1; n <= kSteps; ++n) {
      const double p = 1 - agent.epsilon_at(n) * (kArms - 1) / kArms;
      expected += p;
      variance += p * (1 - p);
    }
    expected *= kReps;
    variance *= kReps;
    double best_pulls = 0;
    for (int rep = 0; rep < kReps; ++rep) {
      const auto curves = replicate(agent, env, gaps, record_steps, "one-good-arm", "eps", rep);
      best_pulls += curves[kBestArmRate] * kSteps - 1;  // minus the initial round's pull
    }
    CAPTURE(static_cast<int>(schedule));
    CAPTURE(best_pulls);
    CAPTURE(expected);
    CAPTURE(std::sqrt(variance));
    if (schedule == EpsilonGreedy::Schedule::kConstant)
      CHECK(expected == doctest::Approx(kReps * (kSteps - kArms) * (1 - 0.1 * 4 / 5.0)));
    // |z| < 4: false-failure rate 6.3e-5 per schedule (normal approximation of a
    // sum of 10^6 Bernoullis).
    CHECK(std::fabs(best_pulls - expected) < 4 * std::sqrt(variance));
  }
}

TEST_CASE("successive_rejects error probability is below Audibert et al.'s bound") {
  // Means {0.7, 0.5, 0.5, 0.5}: all gaps 0.2, H2 = max_i i / gap_(i)^2 = 4 / 0.04 = 100,
  // logbar(4) = 1/2 + 1/2 + 1/3 + 1/4; bound K(K-1)/2 exp(-(n - K)/(logbar H2)).
  const RealList means = {0.7, 0.5, 0.5, 0.5};
  BernoulliArms env({means});
  const Gaps gaps(means);
  const double log_bar = 0.5 + 0.5 + 1.0 / 3 + 0.25, h2 = 100;
  SuccessiveRejects agent({});
  for (std::int64_t budget : {400, 600}) {
    const double bound = 6 * std::exp(-(budget - 4.0) / (log_bar * h2));
    const ErrorCount count = count_errors(agent, env, gaps, budget, 10000, "sr");
    CAPTURE(budget);
    CAPTURE(count.errors);
    CAPTURE(count.upper_limit);
    CAPTURE(bound);
    // Bounds 0.49 (n = 400) and 0.14 (n = 600); measured 27 and 1 errors in 10^4
    // runs. A pass shows the error rate is below the bound with confidence
    // 1 - 1e-6 (one-sided Clopper-Pearson limit); a correct agent fails only with
    // more than ~1300 errors where about 27 are expected: false-failure rate < 1e-100.
    CHECK(count.upper_limit < bound);
  }
}

TEST_CASE("sequential_halving error probability is below Karnin et al.'s bound") {
  // Same instance: H2 = 100, log2 K = 2; bound 3 log2 K exp(-n / (8 H2 log2 K)).
  const RealList means = {0.7, 0.5, 0.5, 0.5};
  BernoulliArms env({means});
  const Gaps gaps(means);
  SequentialHalving agent({});
  for (std::int64_t budget : {3000, 5000}) {
    const double bound = 6 * std::exp(-budget / 1600.0);
    const ErrorCount count = count_errors(agent, env, gaps, budget, 5000, "sh");
    CAPTURE(budget);
    CAPTURE(count.errors);
    CAPTURE(count.upper_limit);
    CAPTURE(bound);
    // Bounds 0.92 (n = 3000) and 0.26 (n = 5000); measured 0 errors in 5000 runs
    // at both (limit 2.8e-3). The bound is loose, as in the paper; as for
    // Successive Rejects the false-failure rate is below 1e-100.
    CHECK(count.upper_limit < bound);
  }
}

TEST_CASE("lin_ucb regret is sublinear and far below round-robin on a linear instance") {
  // K = 30 arms on the unit sphere of R^5, theta of norm 0.8, Gaussian noise sd 0.5.
  constexpr std::size_t kArms = 30, kDim = 5;
  Rng instance_rng(stream_seed(kMasterSeed, StreamPurpose::kInstance, fnv1a64("linear"), 0));
  std::vector<double> features(kArms * kDim);
  for (std::size_t a = 0; a < kArms; ++a) {
    double norm = 0;
    for (std::size_t i = 0; i < kDim; ++i) {
      features[a * kDim + i] = standard_normal(instance_rng);
      norm += features[a * kDim + i] * features[a * kDim + i];
    }
    for (std::size_t i = 0; i < kDim; ++i) features[a * kDim + i] /= std::sqrt(norm);
  }
  const std::vector<double> theta = {0.4, -0.4, 0.4, 0.2, -0.4};  // norm 0.8
  LinearGaussianArms env(features, kDim, theta, 0.5);
  const Gaps gaps(env.means());
  const std::vector<std::int64_t> record_steps = {2000, 4000};
  LinUcb lin_ucb({.noise_sd = 0.5, .theta_bound = 0.8});
  RoundRobin round_robin({});
  constexpr int kReps = 100;
  std::vector<double> gain, slowdown;
  for (int rep = 0; rep < kReps; ++rep) {
    const auto lin = replicate(lin_ucb, env, gaps, record_steps, "linear", "lin", rep);
    const auto rr = replicate(round_robin, env, gaps, record_steps, "linear", "rr", rep);
    gain.push_back(rr[kRegret * 2 + 1] - lin[kRegret * 2 + 1]);
    // Regret of the first half minus regret of the second half: positive if sublinear.
    slowdown.push_back(lin[kRegret * 2] - (lin[kRegret * 2 + 1] - lin[kRegret * 2]));
  }
  const Moments g = moments(gain), s = moments(slowdown);
  CAPTURE(g.mean);
  CAPTURE(g.se);
  CAPTURE(s.mean);
  CAPTURE(s.se);
  // Measured: round-robin's regret exceeds LinUCB's by 2163 +- 1.6 at T = 4000, and
  // LinUCB's second half adds 48 +- 1.5 less regret than its first half; both are
  // over 30 SEs from zero, so "> 4 SE" fails a correct agent with probability
  // below 1e-100.
  CHECK(g.mean > 4 * g.se);
  CHECK(s.mean > 4 * s.se);
}

TEST_CASE("thompson_bernoulli picks each arm with its posterior probability of being best") {
  // Posteriors Beta(4, 2), Beta(6, 4), Beta(3, 3) from scripted rewards (uniform prior).
  ThompsonBernoulli agent({});
  agent.reset({.num_arms = 3, .reward_min = 0.0, .reward_max = 1.0});
  const int successes[] = {3, 5, 2}, failures[] = {1, 3, 2};
  for (std::size_t a = 0; a < 3; ++a) {
    for (int i = 0; i < successes[a]; ++i) agent.observe(a, 1.0);
    for (int i = 0; i < failures[a]; ++i) agent.observe(a, 0.0);
  }
  const auto log_beta = [](double a, double b) {
    return std::lgamma(a) + std::lgamma(b) - std::lgamma(a + b);
  };
  const auto density = [&](std::size_t arm, double x) {
    const double a = agent.alpha(arm), b = agent.beta(arm);
    if (x <= 0 || x >= 1) return 0.0;
    return std::exp((a - 1) * std::log(x) + (b - 1) * std::log1p(-x) - log_beta(a, b));
  };
  // Integer parameters: the CDF is a binomial tail, P(Beta(a, b) <= x) = P(Bin(a+b-1, x) >= a).
  const auto cdf = [&](std::size_t arm, double x) {
    const auto a = static_cast<std::int64_t>(agent.alpha(arm));
    const auto b = static_cast<std::int64_t>(agent.beta(arm));
    if (x <= 0) return 0.0;
    if (x >= 1) return 1.0;
    return 1 - binomial_cdf(a - 1, a + b - 1, x);
  };
  const auto exact = probability_of_max(3, 0.0, 1.0, density, cdf);
  check_choice_frequencies(agent, exact, "ts-probabilities");
}

TEST_CASE("thompson_gaussian picks each arm with its posterior probability of being best") {
  ThompsonGaussian agent({.sigma = 1.0});
  agent.reset({.num_arms = 3});
  const double rewards[3][3] = {{0.3, 0.9, 0.6}, {1.2, 0.1, -0.1}, {0.8, 0.8, 0.2}};
  for (std::size_t a = 0; a < 3; ++a)
    for (double r : rewards[a]) agent.observe(a, r);
  const auto density = [&](std::size_t arm, double x) {
    const double z = (x - agent.posterior_mean(arm)) / agent.posterior_sd(arm);
    return std::exp(-0.5 * z * z) / (std::sqrt(2 * std::numbers::pi) * agent.posterior_sd(arm));
  };
  const auto cdf = [&](std::size_t arm, double x) {
    return 0.5 *
           std::erfc(-(x - agent.posterior_mean(arm)) / (agent.posterior_sd(arm) * std::sqrt(2.0)));
  };
  const auto exact = probability_of_max(3, -6.0, 7.0, density, cdf);
  check_choice_frequencies(agent, exact, "tg-probabilities");
}

TEST_CASE("thompson_bernoulli binarises a reward r into a Bernoulli(r) success") {
  ThompsonBernoulli agent({});
  agent.reset({.num_arms = 2, .reward_min = 0.0, .reward_max = 1.0});
  Rng rng(stream_seed(kMasterSeed, StreamPurpose::kAgent, fnv1a64("binarise"), 0));
  constexpr int kObservations = 100000;
  for (int i = 0; i < kObservations; ++i) {
    agent.select(rng);
    agent.observe(0, 0.3);
  }
  agent.select(rng);  // resolves the last pending reward
  REQUIRE(agent.alpha(0) + agent.beta(0) == 2.0 + kObservations);
  const double successes = agent.alpha(0) - 1;
  const double se = std::sqrt(kObservations * 0.3 * 0.7);
  CAPTURE(successes);
  // Binomial(10^5, 0.3): |z| < 4, false-failure rate 6.3e-5.
  CHECK(std::fabs(successes - 0.3 * kObservations) < 4 * se);
}
