#include <doctest/doctest.h>

#include <armadillo>
#include <cmath>
#include <vector>

#include "agents/bandit/lin_ucb.hpp"
#include "sim/core/check.hpp"
#include "sim/core/distributions.hpp"

using namespace banditsim;
using namespace banditsim::bandit;

namespace {
struct Instance {
  std::size_t arms, dim;
  std::vector<double> features;  // row-major K x d
  BanditProblem problem() const {
    return {.num_arms = arms, .dim = dim, .features = features, .horizon = 1000};
  }
  arma::vec x(std::size_t arm) const {
    return arma::vec(std::vector<double>(features.begin() + static_cast<long>(arm * dim),
                                         features.begin() + static_cast<long>((arm + 1) * dim)));
  }
};

Instance random_instance(std::size_t arms, std::size_t dim, Rng& rng) {
  Instance instance{arms, dim, std::vector<double>(arms * dim)};
  for (double& v : instance.features) v = standard_normal(rng) / std::sqrt(double(dim));
  return instance;
}
}  // namespace

TEST_CASE("lin_ucb refuses problems without features") {
  LinUcb agent({});
  try {
    agent.reset({.num_arms = 3});
    FAIL("no ConfigError");
  } catch (const ConfigError& error) {
    CHECK(error.component() == "lin_ucb");
    CHECK(std::string(error.what()).find("kind = \"linear\"") != std::string::npos);
  }
}

TEST_CASE("lin_ucb incremental quantities equal a from-scratch computation") {
  Rng rng(12);
  const Instance instance = random_instance(7, 4, rng);
  const double lambda = 0.7;
  LinUcb agent({.lambda = lambda});
  agent.reset(instance.problem());
  arma::mat v = lambda * arma::eye(4, 4);
  arma::vec b(4, arma::fill::zeros);
  for (int t = 0; t < 500; ++t) {
    const auto arm = static_cast<std::size_t>(uniform_index(rng, instance.arms));
    const double reward = 2.0 * standard_normal(rng) + 0.3;
    agent.observe(arm, reward);
    v += instance.x(arm) * instance.x(arm).t();
    b += reward * instance.x(arm);
  }
  const arma::mat v_inv = arma::inv_sympd(v);
  const arma::vec theta = arma::solve(v, b);
  for (std::size_t i = 0; i < 4; ++i) {
    CHECK(std::fabs(agent.theta()[i] - theta(i)) <= 1e-9);
    for (std::size_t j = 0; j < 4; ++j)
      CHECK(std::fabs(agent.v_inverse()[i * 4 + j] - v_inv(i, j)) <= 1e-9);
  }
  for (std::size_t a = 0; a < instance.arms; ++a) {
    const arma::vec x = instance.x(a);
    CHECK(std::fabs(agent.estimate(a) - arma::dot(x, theta)) <= 1e-9);
    CHECK(std::fabs(agent.width_squared(a) - arma::as_scalar(x.t() * v_inv * x)) <= 1e-9);
  }
}

TEST_CASE("lin_ucb radius is Theorem 2's beta_t and select maximises the optimistic index") {
  Rng rng(5);
  const Instance instance = random_instance(6, 3, rng);
  const LinUcb::Config config{.lambda = 2.0,
                              .delta = 0.1,
                              .noise_sd = 0.5,
                              .theta_bound = 1.5,
                              .feature_bound = 0.0,
                              .confidence_scale = 0.8};
  LinUcb agent(config);
  agent.reset(instance.problem());
  double l = 0.0;
  for (std::size_t a = 0; a < instance.arms; ++a) l = std::max(l, arma::norm(instance.x(a)));
  arma::mat v = config.lambda * arma::eye(3, 3);
  arma::vec b(3, arma::fill::zeros);
  for (int t = 0; t < 200; ++t) {
    const double beta = 0.8 * (0.5 * std::sqrt(2.0 * std::log(1.0 / 0.1) +
                                               3.0 * std::log(1.0 + t * l * l / (2.0 * 3.0))) +
                               std::sqrt(2.0) * 1.5);
    CHECK(agent.radius() == doctest::Approx(beta).epsilon(1e-12));
    const arma::mat v_inv = arma::inv_sympd(v);
    const arma::vec theta = v_inv * b;
    std::size_t expected = 0;
    double best = -1e300;
    for (std::size_t a = 0; a < instance.arms; ++a) {
      const arma::vec x = instance.x(a);
      const double index =
          arma::dot(x, theta) + beta * std::sqrt(arma::as_scalar(x.t() * v_inv * x));
      if (index > best) {
        best = index;
        expected = a;
      }
    }
    const std::size_t arm = agent.select(rng);
    REQUIRE(arm == expected);
    const double reward =
        0.5 * standard_normal(rng) + arma::dot(instance.x(arm), arma::vec{0.5, -0.3, 0.8});
    agent.observe(arm, reward);
    v += instance.x(arm) * instance.x(arm).t();
    b += reward * instance.x(arm);
  }
}

TEST_CASE("lin_ucb recommends the arm with the largest estimated reward") {
  // Orthonormal features: theta_hat_i is the ridge mean of arm i's rewards.
  const std::vector<double> features = {1, 0, 0, 0, 1, 0, 0, 0, 1};
  LinUcb agent({.lambda = 1.0});
  agent.reset({.num_arms = 3, .dim = 3, .features = features});
  CHECK(agent.recommend() == 0);
  agent.observe(0, 0.2);
  agent.observe(1, 0.9);
  agent.observe(2, 0.5);
  CHECK(agent.recommend() == 1);
  CHECK(agent.estimate(1) == doctest::Approx(0.9 / 2));  // n / (n + lambda) * mean
}
