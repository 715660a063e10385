// Monte-Carlo checks of the linear_sem environment against its closed forms
// (spec A.7-1, A.9-2): E[X_{N-1} | a] = [(I - B_a^T)^{-1} nu]_{N-1} and
// Var(X_{N-1} | a) = c_a^T Sigma c_a with c_a = [(I - B_a)^{-1}]_{:, N-1}
// (= ||c_a||^2 sigma^2 for Sigma = sigma^2 I).
//
// Every check is a z-test at 4 standard errors: a correct environment fails one
// with probability P(|Z| > 4) = 6.3e-5 (10^5 draws make the normal approximation
// accurate there); the count of checks per test case is in its comments.
#include <doctest/doctest.h>

#include <armadillo>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "envs/causal/linear_sem.hpp"
#include "sim/core/rng.hpp"
#include "sim/families/causal/sem_model.hpp"
#include "tests/support/moment_tests.hpp"

using namespace banditsim;
using namespace banditsim::causal;
using banditsim::testing::SampleMoments;

namespace {

constexpr double kMaxZ = 4.0;

/// c_a = [(I - B_a)^{-1}]_{:, N-1}: X_{N-1} = c_a^T eps (eq. 5).
arma::vec reward_column(const SemWeights& w, std::uint64_t code) {
  const std::size_t n = w.nodes();
  arma::mat mixed(n, n);
  mix_weights(w, code, mixed);
  arma::vec unit(n, arma::fill::zeros);
  unit(n - 1) = 1.0;
  return arma::solve(arma::eye(n, n) - mixed, unit);
}

SampleMoments sample_reward(LinearSem& env, std::size_t action, std::size_t draws,
                            std::uint64_t seed) {
  env.start_noise(seed);
  std::vector<double> x(env.nodes());
  SampleMoments moments;
  for (std::size_t t = 0; t < draws; ++t) {
    env.step(action, x);
    moments.add(x.back());
  }
  return moments;
}

/// z-tests of the sample mean and variance of a normal sample (mean, variance).
void check_normal_moments(const SampleMoments& sample, double mean, double variance,
                          const std::string& what) {
  const auto n = static_cast<double>(sample.count());
  const double z_mean = (sample.mean() - mean) / std::sqrt(variance / n);
  // Normal: fourth central moment 3 variance^2 (Casella & Berger, Exercise 5.8).
  const double var_se = std::sqrt((3.0 - (n - 3.0) / (n - 1.0)) / n) * variance;
  const double z_var = (sample.variance() - variance) / var_se;
  INFO(what << ": mean " << sample.mean() << " vs " << mean << " (z = " << z_mean << "), variance "
            << sample.variance() << " vs " << variance << " (z = " << z_var << ")");
  CHECK(std::abs(z_mean) < kMaxZ);
  CHECK(std::abs(z_var) < kMaxZ);
}

}  // namespace

TEST_CASE("linear_sem Monte-Carlo reward moments match the closed forms (Sigma = 2 I)") {
  // The authors' generator at N = 10 with sigma^2 = 2 (so that a variance/sd mix-up,
  // P-A4, shows). Five actions x 2 z-tests = 10 checks: false-failure rate 6.3e-4.
  LinearSem::Config config;
  config.noise_covariance = {{2.0}};
  LinearSem env(config);
  Rng rng(41);
  env.draw_instance(rng);
  const SemSegment& segment = env.segments()[0];
  std::size_t best = 0;
  std::size_t worst = 0;
  for (std::size_t k = 0; k < env.num_actions(); ++k) {
    if (segment.expected_reward[k] > segment.expected_reward[best]) best = k;
    if (segment.expected_reward[k] < segment.expected_reward[worst]) worst = k;
  }
  const std::vector<std::size_t> actions{0, 1023, best, worst, 357};
  for (const std::size_t action : actions) {
    const arma::vec c = reward_column(segment.weights, env.action_codes()[action]);
    const double variance = 2.0 * arma::dot(c, c);
    // The closed-form mean agrees with the dense one too (recursion vs solve).
    const double dense_mean = arma::dot(c, arma::vec(10, arma::fill::ones));
    CHECK(segment.expected_reward[action] == doctest::Approx(dense_mean).epsilon(1e-12).scale(1.0));
    check_normal_moments(sample_reward(env, action, 100000, 500 + action),
                         segment.expected_reward[action], variance,
                         "action " + std::to_string(action));
  }
}

TEST_CASE("linear_sem Monte-Carlo reward variance is c_a^T Sigma c_a with correlated noise") {
  // A 5-node random instance with a non-diagonal Sigma (Cholesky path) and a non-
  // constant nu. Four actions x 2 z-tests = 8 checks: false-failure rate 5.1e-4.
  LinearSem::Config config;
  config.nodes = 5;
  config.noise_mean = {0.5, 1.0, -1.0, 2.0, 0.0};
  config.noise_covariance = {{1.0, 0.3, 0.0, 0.0, 0.2},
                             {0.3, 2.0, -0.4, 0.0, 0.0},
                             {0.0, -0.4, 1.5, 0.5, 0.0},
                             {0.0, 0.0, 0.5, 1.0, -0.3},
                             {0.2, 0.0, 0.0, -0.3, 0.8}};
  LinearSem env(config);
  Rng rng(42);
  env.draw_instance(rng);
  arma::mat sigma(5, 5);
  for (std::size_t r = 0; r < 5; ++r)
    for (std::size_t c = 0; c < 5; ++c) sigma(r, c) = config.noise_covariance[r][c];
  const SemSegment& segment = env.segments()[0];
  for (const std::size_t action : {0U, 5U, 18U, 31U}) {
    const arma::vec c = reward_column(segment.weights, env.action_codes()[action]);
    check_normal_moments(sample_reward(env, action, 100000, 600 + action),
                         segment.expected_reward[action], arma::as_scalar(c.t() * sigma * c),
                         "correlated, action " + std::to_string(action));
  }
}

TEST_CASE("linear_sem Monte-Carlo means follow the segment in force after change points") {
  // Random 6-node instance with change_graph segments from steps 100000 and 200000;
  // one action played throughout; each segment's sample mean against its closed form.
  // The action is the initial optimum, whose reward change_graph is built to lower.
  // 3 segments x 2 z-tests = 6 checks: false-failure rate 3.8e-4.
  LinearSem::Config config;
  config.nodes = 6;
  config.change_points = {100000, 200000};
  LinearSem env(config);
  Rng rng(43);
  env.draw_instance(rng);
  std::size_t action = 0;
  for (std::size_t k = 0; k < env.num_actions(); ++k)
    if (env.segments()[0].optimal[k] != 0) {
      action = k;
      break;
    }
  env.start_noise(700);
  std::vector<double> x(6);
  for (std::size_t j = 0; j < 3; ++j) {
    SampleMoments moments;
    for (int t = 0; t < 100000; ++t) {
      env.step(action, x);
      moments.add(x.back());
    }
    const SemSegment& segment = env.segments()[j];
    const arma::vec c = reward_column(segment.weights, env.action_codes()[action]);
    check_normal_moments(moments, segment.expected_reward[action], arma::dot(c, c),
                         "segment " + std::to_string(j));
  }
}
