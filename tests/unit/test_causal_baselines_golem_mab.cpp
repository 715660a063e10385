// GOLEM-MAB and its change detector DetChangeAll (spec A.4.7): the statistic
// against an independent computation and against the Wishart closed form of its
// null mean, alarms, the explore-then-commit schedule, the action-set check, and
// reproducibility after reset().
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "agents/causal/all_change_detector.hpp"
#include "agents/causal/golem_mab.hpp"
#include "sim/core/distributions.hpp"

using namespace banditsim;
using namespace banditsim::causal;

namespace {

/// Linear SEM with strictly upper-triangular weights and its sampler
/// X_n = sum_p B_a(p, n) X_p + eps_n, eps_n ~ N(1, 1) in index order.
struct SmallSem {
  SemWeights weights;
  std::vector<std::uint64_t> actions;
  std::vector<double> nu, variance;
  bool stationary = true;
  std::size_t nodes() const { return weights.nodes(); }
  CausalProblem problem() const {
    CausalProblem p;
    p.nodes = nodes();
    p.actions = actions;
    p.noise_mean = nu;
    p.noise_variance = variance;
    p.horizon = 2000;
    p.stationary = stationary;
    return p;
  }
  void sample(std::uint64_t code, Rng& rng, std::vector<double>& x) const {
    const std::size_t d = nodes();
    for (std::size_t n = 0; n < d; ++n) {
      const arma::mat& b = weights.of_mode(mode_of(code, d, n));
      double v = nu[n] + std::sqrt(variance[n]) * standard_normal(rng);
      for (std::size_t p = 0; p < n; ++p) v += b(p, n) * x[p];
      x[n] = v;
    }
  }
};

SmallSem chain_sem() {
  SmallSem sem;
  arma::mat b(3, 3, arma::fill::zeros), bi(3, 3, arma::fill::zeros);
  b(0, 1) = 1.5;
  b(1, 2) = 1.5;
  bi(0, 1) = -1.5;
  bi(0, 2) = 1.5;
  bi(1, 2) = -1.0;
  sem.weights = {b, bi};
  for (std::uint64_t k = 0; k < 8; ++k) sem.actions.push_back(k);
  sem.nu.assign(3, 1.0);
  sem.variance.assign(3, 1.0);
  return sem;
}

/// digamma at n/2 for a positive integer n (closed forms at integers and halves).
double digamma_half(int n) {
  const double euler = 0.57721566490153286;
  double value = 0.0;
  if (n % 2 == 0) {
    value = -euler;
    for (int k = 1; k < n / 2; ++k) value += 1.0 / k;
  } else {
    value = -euler - 2.0 * std::log(2.0);
    for (int k = 1; k <= n / 2; ++k) value += 2.0 / (2 * k - 1);
  }
  return value;
}

/// Draws W samples of N(mu, Cov) with mu = C^T nu, Cov = C^T C for B (Sigma = I).
void push_model_samples(AllChangeDetector& detector, const arma::mat& b, double shift, Rng& rng,
                        std::size_t count) {
  const std::size_t d = b.n_rows;
  std::vector<double> x(d);
  for (std::size_t s = 0; s < count; ++s) {
    for (std::size_t n = 0; n < d; ++n) {
      double v = 1.0 + shift + standard_normal(rng);
      for (std::size_t p = 0; p < n; ++p) v += b(p, n) * x[p];
      x[n] = v;
    }
    detector.push(x);
  }
}

}  // namespace

TEST_CASE("det_change_all equals the formula computed independently") {
  Rng rng(5);
  const std::size_t d = 4, w = 20;
  arma::mat b(d, d, arma::fill::zeros);
  b(0, 1) = 1.2;
  b(1, 3) = -0.7;
  b(2, 3) = 1.6;
  const std::vector<double> nu = {1.0, 0.5, 2.0, 1.0}, var = {1.0, 2.0, 0.5, 1.5};
  AllChangeDetector detector(w, 20.0);
  detector.reset(nu, var);
  REQUIRE(detector.set_model(b));
  CHECK(std::isnan(detector.statistic()));  // fewer than W samples
  arma::mat x(d, w + 7);
  for (auto& v : x) v = 3.0 * standard_normal(rng);
  for (std::size_t s = 0; s < x.n_cols; ++s) detector.push(std::span<const double>(x.colptr(s), d));
  const arma::mat last = x.cols(x.n_cols - w, x.n_cols - 1);  // the ring keeps the last W
  const arma::mat flow = arma::inv(arma::eye(d, d) - b);
  const arma::vec mu = flow.t() * arma::vec(nu);
  const arma::mat cov = flow.t() * arma::diagmat(arma::vec(var)) * flow;
  const arma::mat sample_cov = arma::cov(last.t());  // ddof = 1
  const arma::vec sample_mean = arma::mean(last, 1);
  double model_q = 0.0, sample_q = 0.0;
  for (std::size_t s = 0; s < w; ++s) {
    const arma::vec e = last.col(s) - mu, f = last.col(s) - sample_mean;
    model_q += arma::as_scalar(e.t() * arma::inv(cov) * e);
    sample_q += arma::as_scalar(f.t() * arma::inv(sample_cov) * f);
  }
  const double expected = (0.5 * w * std::log(arma::det(cov) / arma::det(sample_cov)) +
                           0.5 * model_q - 0.5 * sample_q) /
                          static_cast<double>(w * d);
  CHECK(detector.statistic() == doctest::Approx(expected).epsilon(1e-10));
  CHECK(sample_q == doctest::Approx(static_cast<double>((w - 1) * d)));  // ddof-1 identity
}

TEST_CASE("det_change_all under no change: null mean matches the Wishart closed form, no alarm") {
  // Under the model, E[D] = [ (W/2)(N ln((W-1)/2) - sum_{i<N} psi((W-1-i)/2)) + N/2 ] / (W N)
  // (E ln det of a Wishart(W-1, Cov) matrix). 4000 replications, tolerance 4 s.e.
  // (false failure ~6e-5). The threshold 20 is never crossed under the null:
  // E[D] = 0.207 here (the closed form above), so a single alarm fails the test.
  const std::size_t d = 10, w = 20;
  Rng rng(77);
  arma::mat b(d, d, arma::fill::zeros);
  for (std::size_t p = 0; p < d; ++p)
    for (std::size_t n = p + 1; n < d; ++n)
      if (uniform01(rng) < 0.5)
        b(p, n) = (uniform01(rng) < 0.5 ? -1.0 : 1.0) * (0.5 + 1.5 * uniform01(rng));
  const std::vector<double> nu(d, 1.0), var(d, 1.0);
  AllChangeDetector detector(w, 20.0);
  detector.reset(nu, var);
  REQUIRE(detector.set_model(b));
  double sum = 0.0, sum_sq = 0.0;
  int alarms = 0;
  const int reps = 4000;
  for (int r = 0; r < reps; ++r) {
    push_model_samples(detector, b, 0.0, rng, w);
    const double value = detector.statistic();
    sum += value;
    sum_sq += value * value;
    alarms += detector.change() ? 1 : 0;
  }
  const double mean = sum / reps;
  const double se = std::sqrt((sum_sq / reps - mean * mean) / reps);
  double psi_sum = 0.0;
  for (std::size_t i = 0; i < d; ++i) psi_sum += digamma_half(static_cast<int>(w - 1 - i));
  const double nd = static_cast<double>(d), wd = static_cast<double>(w);
  const double expected =
      (0.5 * wd * (nd * std::log((wd - 1.0) / 2.0) - psi_sum) + 0.5 * nd) / (wd * nd);
  CAPTURE(mean);
  CAPTURE(se);
  CHECK(std::abs(mean - expected) < 4.0 * se);
  CHECK(alarms == 0);
}

TEST_CASE("det_change_all alarms after a large mean shift") {
  // A shift of every noise mean by 30 sigma moves mu by C^T 30 1: D >= 30^2 / 2 ~ 450 > 20.
  const std::size_t d = 5, w = 20;
  arma::mat b(d, d, arma::fill::zeros);
  b(0, 1) = 0.8;
  b(2, 4) = -1.1;
  const std::vector<double> nu(d, 1.0), var(d, 1.0);
  AllChangeDetector detector(w, 20.0);
  detector.reset(nu, var);
  REQUIRE(detector.set_model(b));
  Rng rng(9);
  push_model_samples(detector, b, 0.0, rng, w);
  CHECK_FALSE(detector.change());
  push_model_samples(detector, b, 30.0, rng, w);
  CHECK(detector.change());
  detector.clear();
  CHECK(detector.held() == 0);
  CHECK_FALSE(detector.change());
}

TEST_CASE("golem_mab refuses action sets without code 0 or the all-on code") {
  SmallSem sem = chain_sem();
  GolemMab agent({});
  sem.actions = {1, 2, 3, 4, 5, 6, 7};
  try {
    agent.reset(sem.problem());
    FAIL("no error");
  } catch (const ConfigError& e) {
    CHECK(std::string(e.what()).find("code 0") != std::string::npos);
    CHECK(std::string(e.what()).find("2^N - 1") == std::string::npos);
  }
  sem.actions = {0, 1, 2, 3, 4, 5, 6};
  try {
    agent.reset(sem.problem());
    FAIL("no error");
  } catch (const ConfigError& e) {
    CHECK(std::string(e.what()).find("2^N - 1") != std::string::npos);
  }
  sem.actions = {7, 0};  // any order is fine
  CHECK_NOTHROW(agent.reset(sem.problem()));
  CHECK_THROWS_AS(GolemMab({.change_detection = "sometimes"}), ConfigError);
}

TEST_CASE(
    "golem_mab explores code 0 then all-on, commits to an optimal action, and a second "
    "reset reproduces the run") {
  SmallSem sem = chain_sem();
  std::vector<double> truth(sem.actions.size());
  const std::vector<std::size_t> order = {0, 1, 2};
  expected_rewards(sem.weights, sem.actions, order, sem.nu, truth);
  const double best = *std::max_element(truth.begin(), truth.end());
  GolemMab agent({.n_learn = 200});
  std::vector<std::size_t> first_run;
  for (int run = 0; run < 2; ++run) {
    agent.reset(sem.problem());
    CHECK(agent.status().graph_version == 0);
    CHECK(agent.status().graph[0].empty());
    Rng env(123), rng(5);
    std::vector<double> x(3);
    std::vector<std::size_t> played;
    for (int t = 0; t < 450; ++t) {
      const std::size_t k = agent.select(rng);
      played.push_back(k);
      if (t < 200)
        REQUIRE(sem.actions[k] == 0);
      else if (t < 400)
        REQUIRE(sem.actions[k] == 7);
      else
        REQUIRE(k == agent.committed_action());
      sem.sample(sem.actions[k], env, x);
      agent.observe(k, x);
    }
    CHECK(agent.committed());
    CHECK(agent.status().graph_version == 1);
    CHECK(agent.status().detections == 0);
    CHECK(best - truth[agent.committed_action()] < 0.01);  // is_opt (A.3)
    // The learned graphs are the true ones (EV identifiable, weights 1.0..1.5, n = 200).
    for (std::size_t m = 0; m < 2; ++m)
      for (std::size_t p = 0; p < 3; ++p)
        for (std::size_t n = 0; n < 3; ++n)
          CHECK((agent.status().graph[m][p * 3 + n] != 0) == (sem.weights.of_mode(m)(p, n) != 0.0));
    if (run == 0)
      first_run = played;
    else
      CHECK(played == first_run);
  }
}

TEST_CASE("golem_mab restarts its exploration after a large change when change detection is on") {
  SmallSem sem = chain_sem();
  sem.stationary = false;  // auto => on
  GolemMab agent({.n_learn = 100});
  agent.reset(sem.problem());
  CHECK(agent.change_detection());
  Rng env(7), rng(8);
  std::vector<double> x(3);
  int restart_step = -1;
  for (int t = 0; t < 400; ++t) {
    if (t == 250) sem.nu.assign(3, 40.0);  // a 39-sigma shift of every noise mean
    const std::size_t k = agent.select(rng);
    if (restart_step < 0 && agent.status().detections == 1) restart_step = t;
    if (restart_step >= 0 && t < restart_step + 100) REQUIRE(sem.actions[k] == 0);
    sem.sample(sem.actions[k], env, x);
    agent.observe(k, x);
  }
  // The first W = 20 samples after the commit at t = 200 fill the window by t = 220;
  // the change at 250 is detected once the window holds enough shifted samples.
  CHECK(agent.status().detections == 1);
  CHECK(restart_step > 250);
  CHECK(restart_step <= 270);
  GolemMab off({.n_learn = 100, .change_detection = "off"});
  off.reset(sem.problem());
  CHECK_FALSE(off.change_detection());
}

TEST_CASE("golem_mab satisfies CausalAgent and its declared defaults are the authors' values") {
  static_assert(CausalAgent<GolemMab>);
  std::vector<ParamProblem> problems;
  const ParamMap full = complete_params(GolemMab::info(), ParamMap{}, problems);
  REQUIRE(problems.empty());
  const GolemMab::Config c = GolemMab::Config::from(full);
  CHECK(c.n_learn == 300);
  CHECK(c.lambda1 == 2e-2);
  CHECK(c.lambda2 == 5.0);
  CHECK(c.iterations == 100000);
  CHECK(c.learning_rate == 1e-3);
  CHECK(c.weight_threshold == 0.3);
  CHECK(c.detection_window == 20);
  CHECK(c.detection_threshold == 20.0);
  CHECK(c.change_detection == "auto");
  CHECK(GolemMab::info().family == "causal");
}

TEST_CASE("golem_mab's published graph belongs to the agent it is read from, also after a copy") {
  SmallSem sem = chain_sem();
  auto original = std::make_unique<GolemMab>(GolemMab::Config{.n_learn = 100});
  original->reset(sem.problem());
  Rng env(1), rng(2);
  std::vector<double> x(3);
  for (int t = 0; t < 201; ++t) {
    const std::size_t k = original->select(rng);
    sem.sample(sem.actions[k], env, x);
    original->observe(k, x);
  }
  REQUIRE(original->status().graph[0].size() == 9);
  const std::vector<unsigned char> expected(original->status().graph[0].begin(),
                                            original->status().graph[0].end());
  const GolemMab copy = *original;
  // The copy must not point into freed memory: without status()'s refresh the
  // read below is a use-after-free (reported by the BANDITSIM_SANITIZE=address
  // build; a plain build may read stale bytes), and the data() check fails.
  const unsigned char* original_buffer = original->status().graph[0].data();
  original.reset();
  const auto graph = copy.status().graph[0];
  REQUIRE(graph.size() == 9);
  CHECK(graph.data() != original_buffer);
  CHECK(std::vector<unsigned char>(graph.begin(), graph.end()) == expected);
}
