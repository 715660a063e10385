// Statistical checks of the bandit agents against the guarantees of their papers
// and against exact probabilities. Every test uses fixed seeds (deterministic
// pass/fail) and a tolerance derived from a standard error; each comment gives
// the false-failure rate, i.e. the probability that a correct implementation
// fails with a fresh seed. Agents are driven by the engine's own loop
// (bandit::run_replication) with streams derived as in a run (stream_seed), and
// paired comparisons give every agent the same reward streams in a replication.
//
// Power: a check here must be able to fail for a plausibly wrong agent. Bounds that
// exceed the largest possible value are not used; regret and error probabilities
// are compared two-sided with exact values or with literal re-implementations of
// the papers' algorithms (LiteralUcb1, LiteralOful, the Successive Rejects and
// Sequential Halving computations below), and each such test also shows that a
// mis-tuned variant is distinguishable.
#include <doctest/doctest.h>

#include <algorithm>
#include <armadillo>
#include <cmath>
#include <numbers>
#include <span>
#include <string_view>
#include <vector>

#include "agents/bandit/all.hpp"
#include "envs/bandit/arm_reward_streams.hpp"
#include "envs/bandit/bernoulli_arms.hpp"
#include "envs/bandit/beta_arms.hpp"
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

/// UCB1 as printed in Auer, Cesa-Bianchi, Fischer (2002), Fig. 1, written out
/// independently of agents/bandit/ucb1.hpp: play each arm once, then
/// argmax_a mean_a + sqrt(c ln t / n_a) (first maximum), t = pulls so far.
class LiteralUcb1 {
 public:
  explicit LiteralUcb1(double c) : c_(c) {}
  void reset(const BanditProblem& problem) {
    sums_.assign(problem.num_arms, 0.0);
    pulls_.assign(problem.num_arms, 0.0);
    t_ = 0;
  }
  std::size_t select(Rng& /*rng*/) const {
    if (t_ < sums_.size()) return t_;
    std::size_t best = 0;
    double best_index = -1.0;
    for (std::size_t a = 0; a < sums_.size(); ++a) {
      const double index =
          sums_[a] / pulls_[a] + std::sqrt(c_ * std::log(static_cast<double>(t_)) / pulls_[a]);
      if (index > best_index) {
        best_index = index;
        best = a;
      }
    }
    return best;
  }
  void observe(std::size_t arm, double reward) {
    sums_[arm] += reward;
    pulls_[arm] += 1.0;
    ++t_;
  }
  std::size_t recommend() const { return 0; }

 private:
  double c_;
  std::vector<double> sums_, pulls_;
  std::size_t t_ = 0;
};
static_assert(BanditAgent<LiteralUcb1>);

/// OFUL as in Abbasi-Yadkori, Pal, Szepesvari (2011), Fig. 1 with Theorem 2's radius
/// beta_t = R sqrt(2 log(1/delta) + d log(1 + t L^2/(lambda d))) + sqrt(lambda) S,
/// written out independently of agents/bandit/lin_ucb.hpp: V and b are accumulated and
/// V^-1 and theta_hat recomputed by Armadillo every step. lambda = 1, delta = 0.05,
/// L = the largest feature norm; `scale` multiplies beta_t.
class LiteralOful {
 public:
  LiteralOful(double noise_sd, double theta_bound, double scale)
      : r_(noise_sd), s_(theta_bound), scale_(scale) {}
  void reset(const BanditProblem& problem) {
    arms_ = problem.num_arms;
    x_.set_size(problem.dim, arms_);
    for (std::size_t a = 0; a < arms_; ++a)
      for (std::size_t i = 0; i < problem.dim; ++i) x_(i, a) = problem.feature(a, i);
    l_ = arma::max(arma::sqrt(arma::sum(arma::square(x_), 0)));
    v_ = arma::eye(problem.dim, problem.dim);
    b_ = arma::zeros(problem.dim);
    t_ = 0;
  }
  std::size_t select(Rng& /*rng*/) const {
    const double d = static_cast<double>(x_.n_rows);
    const double beta =
        scale_ * (r_ * std::sqrt(2 * std::log(1 / 0.05) +
                                 d * std::log(1 + static_cast<double>(t_) * l_ * l_ / d)) +
                  s_);
    const arma::mat v_inv = arma::inv_sympd(v_);
    const arma::vec theta = v_inv * b_;
    std::size_t best = 0;
    double best_index = -1e300;
    for (std::size_t a = 0; a < arms_; ++a) {
      const arma::vec x = x_.col(a);
      const double index =
          arma::dot(x, theta) + beta * std::sqrt(arma::as_scalar(x.t() * v_inv * x));
      if (index > best_index) {
        best_index = index;
        best = a;
      }
    }
    return best;
  }
  void observe(std::size_t arm, double reward) {
    v_ += x_.col(arm) * x_.col(arm).t();
    b_ += reward * x_.col(arm);
    ++t_;
  }
  std::size_t recommend() const { return 0; }

 private:
  double r_, s_, scale_;
  std::size_t arms_ = 0;
  arma::mat x_;
  double l_ = 0;
  arma::mat v_;
  arma::vec b_;
  std::int64_t t_ = 0;
};
static_assert(BanditAgent<LiteralOful>);

}  // namespace

TEST_CASE("ucb1 regret has the distribution of an independent, literal UCB1") {
  // The former check here, "regret below Auer et al.'s Theorem 1" on this instance,
  // could not fail: its bounds (3047, 3531, 4060) exceed the largest regret any
  // policy can have (300, 900, 3000), and UCB1 with half its constant passed it.
  // Now: the agent's mean regret against that of LiteralUcb1 (the formula of Fig. 1
  // written out, above) on independent reward streams, two-sided |z| < 4.5 on the
  // difference of means (false-failure rate 6.8e-6 per record step, 2e-5 in all).
  // A 10-armed Bernoulli instance like those of Auer et al.'s Section 4.
  const RealList means = {0.9, 0.8, 0.8, 0.8, 0.7, 0.7, 0.7, 0.6, 0.6, 0.6};
  BernoulliArms env({means});
  const Gaps gaps(means);
  const std::vector<std::int64_t> record_steps = {1000, 3000, 10000};
  constexpr int kReps = 1000;
  const auto regrets = [&](auto& agent, std::string_view key) {
    std::vector<std::vector<double>> regret(record_steps.size());
    for (int rep = 0; rep < kReps; ++rep) {
      const auto curves = replicate(agent, env, gaps, record_steps, key, "ucb1", rep);
      for (std::size_t j = 0; j < record_steps.size(); ++j)
        regret[j].push_back(curves[kRegret * record_steps.size() + j]);
    }
    return regret;
  };
  Ucb1 agent({.c = 2.0});
  LiteralUcb1 literal(2.0), half(1.0), more(2.5);
  const auto got = regrets(agent, "auer-10/agent");
  const auto expected = regrets(literal, "auer-10/oracle");
  const auto half_c = regrets(half, "auer-10/half");
  const auto more_c = regrets(more, "auer-10/more");
  for (std::size_t j = 0; j < record_steps.size(); ++j) {
    const Moments g = moments(got[j]), e = moments(expected[j]);
    const double z = (g.mean - e.mean) / std::hypot(g.se, e.se);
    CAPTURE(record_steps[j]);
    CAPTURE(g.mean);
    CAPTURE(g.se);
    CAPTURE(e.mean);
    CAPTURE(e.se);
    CHECK(std::fabs(z) < 4.5);
    // The check has power: UCB1 with c = 1 (half the paper's constant) or c = 2.5
    // (a quarter more) must be at |z| > 10 from the agent. Measured (1000 reps): the
    // agent 126.2 +- 0.22, 283.9 +- 0.55, 537.1 +- 1.2 against the literal 126.1,
    // 283.6, 537.8 (|z| < 0.5); c = 1 gives 104, 201, 324 (|z| = 63, 98, 137) and
    // c = 2.5 gives 132, 308, 619 (|z| = 19, 32, 50).
    const Moments h = moments(half_c[j]), m = moments(more_c[j]);
    CAPTURE(h.mean);
    CAPTURE(m.mean);
    CHECK(std::fabs(g.mean - h.mean) / std::hypot(g.se, h.se) > 10);
    CHECK(std::fabs(g.mean - m.mean) / std::hypot(g.se, m.se) > 10);
  }
}

TEST_CASE("ucb1 regret stays below Auer et al. (2002) Theorem 1 where that bound can fail") {
  // Two arms, gap 0.5: the bound 8 ln n / gap + (1 + pi^2/3) gap is 112.6, 130.2 and
  // 149.5 at n = 10^3, 3 10^3, 10^4, far below the largest possible regret (500,
  // 1500, 5000) and below the regret of a uniform policy (250, 750, 2500). It is a
  // one-sided check on the expectation: mean + 4 SE < bound fails a UCB1 that meets
  // the theorem with probability below 3.2e-5. The bound is still loose (measured
  // 18.1, 24.5, 31.4 +- 0.2), so this catches only gross over-exploration (c = 32,
  // 16 times the paper's, measured 104, 194, 321, breaks it from n = 3000 on) or a
  // policy that stops learning; the two-sample test above carries the power.
  const RealList means = {0.9, 0.4};
  BernoulliArms env({means});
  const Gaps gaps(means);
  const std::vector<std::int64_t> record_steps = {1000, 3000, 10000};
  const std::size_t records = record_steps.size();
  Ucb1 agent({.c = 2.0});
  LiteralUcb1 wide(32.0);
  constexpr int kReps = 1000;
  std::vector<std::vector<double>> regret(records), wide_regret(records);
  for (int rep = 0; rep < kReps; ++rep) {
    const auto curves = replicate(agent, env, gaps, record_steps, "gap-half", "ucb1", rep);
    const auto w = replicate(wide, env, gaps, record_steps, "gap-half", "ucb1", rep);
    for (std::size_t j = 0; j < records; ++j) {
      regret[j].push_back(curves[kRegret * records + j]);
      wide_regret[j].push_back(w[kRegret * records + j]);
    }
  }
  for (std::size_t j = 0; j < records; ++j) {
    const double n = static_cast<double>(record_steps[j]);
    const double bound =
        8 * std::log(n) / 0.5 + (1 + std::numbers::pi * std::numbers::pi / 3) * 0.5;
    const Moments m = moments(regret[j]), w = moments(wide_regret[j]);
    CAPTURE(n);
    CAPTURE(m.mean);
    CAPTURE(m.se);
    CAPTURE(w.mean);
    CAPTURE(bound);
    CHECK(m.mean + 4 * m.se < bound);
    CHECK(m.mean > 8 * m.se);  // UCB1 keeps exploring
    // The bound is not vacuous here: c = 32 breaks it (at n = 1000 it does not yet).
    if (j > 0) CHECK(w.mean - 4 * w.se > bound);
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
  // Power: only against an agent that learns worse than a fixed 10% exploration;
  // the exact choices of both agents are pinned by the oracle unit tests
  // (tests/unit/test_kl_ucb.cpp, test_thompson_bernoulli.cpp).
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
      // eps_n from the schedule's definition (Auer et al. 2002, Fig. 2), not the agent's
      // helper: constant 0.1, or min(1, cK/(d^2 n)) = min(1, 75/n).
      const double eps = schedule == EpsilonGreedy::Schedule::kConstant
                             ? 0.1
                             : std::min(1.0, 0.15 * kArms / (0.1 * 0.1) / static_cast<double>(n));
      const double p = 1 - eps * (kArms - 1) / kArms;
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

TEST_CASE(
    "successive_rejects recommends what a literal Successive Rejects does on the same rewards") {
  // The former check (error below Audibert et al.'s bound 0.49 at n = 400) let through
  // any agent with error below 0.49, while a random guess errs with 0.75 here. Now, in
  // every one of 4000 replications, the agent's recommendation must equal that of
  // Fig. 2 written out below on the same reward streams: n_k = ceil((n - K) /
  // (logbar(K) (K + 1 - k))), reject the lowest mean of the first n_k rewards. Beta
  // rewards are continuous, so means never tie and the answer is determined (no
  // false failures). Distinct gaps identify the recommended arm from simple regret.
  const RealList means = {0.6, 0.7, 0.55, 0.5, 0.65};
  BetaArms env({.means = means, .concentration = 2.0});
  const Gaps gaps(means);
  SuccessiveRejects agent({});
  const std::size_t arms = means.size();
  int wrong = 0;
  for (std::int64_t budget : {60, 300}) {
    double log_bar = 0.5;
    for (std::size_t i = 2; i <= arms; ++i) log_bar += 1.0 / static_cast<double>(i);
    std::vector<std::int64_t> n(arms, 0);
    for (std::size_t k = 1; k < arms; ++k)
      n[k] = static_cast<std::int64_t>(std::ceil(static_cast<double>(budget - 5) /
                                                 (log_bar * static_cast<double>(arms + 1 - k))));
    int errors = 0;
    for (std::uint64_t rep = 0; rep < 2000; ++rep) {
      const std::vector<std::int64_t> record_steps = {budget};
      const auto curves = replicate(agent, env, gaps, record_steps, "sr-beta", "sr", rep);
      // The literal algorithm on the same streams: arm a's n-th reward is the n-th pull of a.
      env.start_rewards(stream_seed(kMasterSeed, StreamPurpose::kReward, fnv1a64("sr-beta"), rep));
      std::vector<std::vector<double>> rewards(arms);
      for (std::size_t a = 0; a < arms; ++a)
        for (std::int64_t i = 0; i < n[arms - 1]; ++i) rewards[a].push_back(env.pull(a));
      std::vector<std::size_t> active = {0, 1, 2, 3, 4};
      for (std::size_t k = 1; k < arms; ++k) {
        std::size_t worst = 0;
        double lowest = 2.0;
        for (std::size_t i = 0; i < active.size(); ++i) {
          double sum = 0;
          for (std::int64_t r = 0; r < n[k]; ++r) sum += rewards[active[i]][r];
          if (sum / static_cast<double>(n[k]) < lowest) {
            lowest = sum / static_cast<double>(n[k]);
            worst = i;
          }
        }
        active.erase(active.begin() + static_cast<std::ptrdiff_t>(worst));
      }
      const double expected = gaps.gap[active.front()];
      wrong += curves[kSimpleRegret] != expected;
      errors += expected > 0;
    }
    CAPTURE(budget);
    CAPTURE(errors);
    // Not vacuous: the literal algorithm errs in a good fraction of the runs.
    CHECK(errors > 100);
  }
  CHECK(wrong == 0);
}

namespace {
/// P(Binomial(n, p) = k) for k = 0..n.
std::vector<double> binomial_pmf(std::int64_t n, double p) {
  std::vector<double> pmf;
  for (std::int64_t k = 0; k <= n; ++k)
    pmf.push_back(std::exp(std::lgamma(n + 1.0) - std::lgamma(k + 1.0) - std::lgamma(n - k + 1.0) +
                           k * std::log(p) + (n - k) * std::log1p(-p)));
  return pmf;
}

/// The exact error probability of Sequential Halving (Karnin et al. 2013, Alg. 1,
/// uniform tie-breaking at the cut) on Bernoulli means {mu, nu, nu, nu} with
/// budget T: round 0 pulls each arm t_0 = floor(T/8) times and keeps the 2 largest
/// sums; round 1 pulls the 2 survivors t_1 = floor(T/4) times afresh and keeps the
/// larger. The rounds use disjoint samples, so the error is
/// 1 - P(best in the top 2 of round 0) P(best wins round 1).
double sequential_halving_error(double mu, double nu, std::int64_t budget) {
  const std::int64_t t0 = budget / 8, t1 = budget / 4;
  const auto best0 = binomial_pmf(t0, mu), other0 = binomial_pmf(t0, nu);
  double survive = 0;
  for (std::int64_t s = 0; s <= t0; ++s) {
    double greater = 0, equal = other0[s];
    for (std::int64_t x = s + 1; x <= t0; ++x) greater += other0[x];
    const double less = 1 - greater - equal;
    // The three other arms: g above s, e equal to s, the rest below (multinomial).
    double p_keep = 0;
    for (int g = 0; g <= 3; ++g)
      for (int e = 0; g + e <= 3; ++e) {
        const int l = 3 - g - e;
        const double ways =
            std::tgamma(4.0) / (std::tgamma(g + 1.0) * std::tgamma(e + 1.0) * std::tgamma(l + 1.0));
        const double prob = ways * std::pow(greater, g) * std::pow(equal, e) * std::pow(less, l);
        // Two places: none left if g >= 2; else 2 - g places for the e + 1 tied arms.
        const double keep = g >= 2 ? 0.0 : std::min(1.0, (2.0 - g) / (e + 1.0));
        p_keep += prob * keep;
      }
    survive += best0[s] * p_keep;
  }
  const auto best1 = binomial_pmf(t1, mu), other1 = binomial_pmf(t1, nu);
  double win = 0;
  for (std::int64_t s = 0; s <= t1; ++s) {
    double below = 0;
    for (std::int64_t y = 0; y < s; ++y) below += other1[y];
    win += best1[s] * (below + 0.5 * other1[s]);
  }
  return 1 - survive * win;
}
}  // namespace

TEST_CASE("sequential_halving error probability equals its exact value") {
  // The former check (error below Karnin et al.'s bound, 0.92 at T = 3000) could not
  // fail: a random guess errs with probability 0.75 here. Now: the error count in
  // 20000 replications against the exact error probability of the algorithm
  // (sequential_halving_error above), two-sided |z| < 4.5 (false-failure rate 6.8e-6
  // per budget). At T = 100 and 200 the exact errors are 0.1829 and 0.0619 (standard
  // errors of the observed rate 0.0027 and 0.0017; measured 3683 and 1287 errors,
  // z = 0.47 and 1.41).
  const RealList means = {0.7, 0.5, 0.5, 0.5};
  BernoulliArms env({means});
  const Gaps gaps(means);
  SequentialHalving agent({});
  // Sanity of the formula: equal means give a uniform answer (error 3/4), a long
  // budget an error near 0.
  CHECK(sequential_halving_error(0.7, 0.5, 8000) < 1e-6);
  CHECK(sequential_halving_error(0.5, 0.5, 200) == doctest::Approx(0.75).epsilon(1e-9));
  for (std::int64_t budget : {100, 200}) {
    const double p = sequential_halving_error(0.7, 0.5, budget);
    constexpr std::int64_t kReps = 20000;
    const ErrorCount count = count_errors(agent, env, gaps, budget, kReps, "sh");
    const double z =
        (static_cast<double>(count.errors) - kReps * p) / std::sqrt(kReps * p * (1 - p));
    CAPTURE(budget);
    CAPTURE(count.errors);
    CAPTURE(p);
    CAPTURE(z);
    CHECK(std::fabs(z) < 4.5);
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
  LiteralOful literal(0.5, 0.8, 1.0), narrow(0.5, 0.8, 0.8);
  RoundRobin round_robin({});
  constexpr int kReps = 200;
  std::vector<double> gain, slowdown, got, expected, narrow_regret;
  for (int rep = 0; rep < kReps; ++rep) {
    const auto lin = replicate(lin_ucb, env, gaps, record_steps, "linear", "lin", rep);
    const auto rr = replicate(round_robin, env, gaps, record_steps, "linear", "rr", rep);
    gain.push_back(rr[kRegret * 2 + 1] - lin[kRegret * 2 + 1]);
    // Regret of the first half minus regret of the second half: positive if sublinear.
    slowdown.push_back(lin[kRegret * 2] - (lin[kRegret * 2 + 1] - lin[kRegret * 2]));
    got.push_back(lin[kRegret * 2 + 1]);
    // Independent reward streams for the reference implementation.
    expected.push_back(
        replicate(literal, env, gaps, record_steps, "linear/oracle", "lin", rep)[kRegret * 2 + 1]);
    narrow_regret.push_back(
        replicate(narrow, env, gaps, record_steps, "linear/narrow", "lin", rep)[kRegret * 2 + 1]);
  }
  const Moments g = moments(gain), s = moments(slowdown);
  CAPTURE(g.mean);
  CAPTURE(g.se);
  CAPTURE(s.mean);
  CAPTURE(s.se);
  // Sanity (power only against an agent that does not learn): round-robin's regret
  // exceeds LinUCB's by 2163 +- 1.1 at T = 4000, and LinUCB's second half adds
  // 46.8 +- 1.0 less regret than its first half; both are over 30 SEs from zero,
  // so "> 4 SE" fails a correct agent with probability below 1e-100.
  CHECK(g.mean > 4 * g.se);
  CHECK(s.mean > 4 * s.se);
  // The power: the agent's mean regret at T = 4000 against LiteralOful's (Fig. 1 with
  // Theorem 2's radius, V inverted afresh by Armadillo each step) on independent
  // streams, two-sided |z| < 4.5 (false-failure rate 6.8e-6). A radius 20% too small
  // (confidence_scale 0.8) must be at |z| > 10 from the agent. Measured: agent
  // 150.5 +- 1.1, literal 149.3 +- 1.1 (z = 0.82), scale 0.8 127.5 (z = 13.7).
  const Moments a = moments(got), e = moments(expected), n = moments(narrow_regret);
  CAPTURE(a.mean);
  CAPTURE(a.se);
  CAPTURE(e.mean);
  CAPTURE(e.se);
  CAPTURE(n.mean);
  CHECK(std::fabs(a.mean - e.mean) / std::hypot(a.se, e.se) < 4.5);
  CHECK(std::fabs(a.mean - n.mean) / std::hypot(a.se, n.se) > 10);
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
  // The posterior parameters from the script itself, not read back from the agent.
  const auto density = [&](std::size_t arm, double x) {
    const double a = 1.0 + successes[arm], b = 1.0 + failures[arm];
    if (x <= 0 || x >= 1) return 0.0;
    return std::exp((a - 1) * std::log(x) + (b - 1) * std::log1p(-x) - log_beta(a, b));
  };
  // Integer parameters: the CDF is a binomial tail, P(Beta(a, b) <= x) = P(Bin(a+b-1, x) >= a).
  const auto cdf = [&](std::size_t arm, double x) {
    const std::int64_t a = 1 + successes[arm], b = 1 + failures[arm];
    if (x <= 0) return 0.0;
    if (x >= 1) return 1.0;
    return 1 - binomial_cdf(a - 1, a + b - 1, x);
  };
  const auto exact = probability_of_max(3, 0.0, 1.0, density, cdf);
  check_choice_frequencies(agent, exact, "ts-probabilities");
}

TEST_CASE("thompson_gaussian picks each arm with its posterior probability of being best") {
  // Flat prior, known sigma = 2 (sigma != 1, so sigma and sigma^2 are told apart):
  // after three rewards per arm the posterior is N(mean_a, sigma^2 / 3), computed
  // here from the rewards, not read back from the agent.
  constexpr double kSigma = 2.0;
  ThompsonGaussian agent({.sigma = kSigma});
  agent.reset({.num_arms = 3});
  const double rewards[3][3] = {{0.3, 0.9, 0.6}, {1.2, 0.1, -0.1}, {0.8, 0.8, 0.2}};
  double mean[3], sd[3];
  for (std::size_t a = 0; a < 3; ++a) {
    for (double r : rewards[a]) agent.observe(a, r);
    mean[a] = (rewards[a][0] + rewards[a][1] + rewards[a][2]) / 3;
    sd[a] = kSigma / std::sqrt(3.0);
  }
  const auto density = [&](std::size_t arm, double x) {
    const double z = (x - mean[arm]) / sd[arm];
    return std::exp(-0.5 * z * z) / (std::sqrt(2 * std::numbers::pi) * sd[arm]);
  };
  const auto cdf = [&](std::size_t arm, double x) {
    return 0.5 * std::erfc(-(x - mean[arm]) / (sd[arm] * std::sqrt(2.0)));
  };
  const auto exact = probability_of_max(3, -10.0, 11.0, density, cdf);
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
