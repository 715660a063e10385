// Causal sub-graph learning and EstWt (agents/causal/subgraph_learning.hpp; spec
// A.4.1-A.4.2) on constructed samples. The statistical checks (the chain of spec
// A.9-4, least-squares recovery) are in tests/statistical/test_csl_statistical.cpp.
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "agents/causal/subgraph_learning.hpp"
#include "sim/core/distributions.hpp"
#include "tests/support/causal_test_sem.hpp"

using namespace banditsim;
using namespace banditsim::causal;

namespace {
auto mode_zero = [](std::size_t) { return std::size_t{0}; };
}

TEST_CASE("csl is_acyclic tells DAGs from digraphs with cycles") {
  const std::vector<unsigned char> chain{0, 1, 0, 0, 0, 1, 0, 0, 0};      // 0->1->2
  const std::vector<unsigned char> cycle{0, 1, 0, 0, 0, 1, 1, 0, 0};      // 0->1->2->0
  const std::vector<unsigned char> two_cycle{0, 1, 0, 1, 0, 0, 0, 0, 0};  // 0<->1
  const std::vector<unsigned char> empty(9, 0);
  CHECK(is_acyclic(chain, 3));
  CHECK_FALSE(is_acyclic(cycle, 3));
  CHECK_FALSE(is_acyclic(two_cycle, 3));
  CHECK(is_acyclic(empty, 3));
  CHECK_FALSE(is_acyclic(std::vector<unsigned char>{1}, 1));  // a self-loop
}

TEST_CASE("csl LearnTopo on two nodes removes exactly one edge") {
  // Spec A.9-4: from the complete digraph {0->1, 1->0} one removal gives a DAG.
  for (std::uint64_t seed : {1U, 2U, 3U}) {
    Rng rng(seed);
    NodeModeSamples samples;
    samples.reset(2, 200, 2);
    for (int t = 0; t < 200; ++t) {
      const double x0 = 1.0 + standard_normal(rng);
      const double x1 = 1.0 + 1.5 * x0 + standard_normal(rng);
      const std::vector<double> x{x0, x1};
      samples.add(x, mode_zero);
    }
    SubgraphLearner learner({.ksg_k = 5, .score_weight = 1.0});
    std::vector<unsigned char> parents(4);
    const std::vector<double> nu{1.0, 1.0};
    CHECK(learner.learn(samples, 0, nu, parents) == 1);
    CHECK(parents[0 * 2 + 1] + parents[1 * 2 + 0] == 1);
    CHECK(parents[0] == 0);
    CHECK(parents[3] == 0);
  }
}

TEST_CASE("csl LearnTopo removes zero-weight edges first, ties in row-major order") {
  // Nodes 0 and 1 are identically 0, so every edge out of them has least-squares
  // weight 0 and score +inf (P-A10). First maximum in row-major order (P-A11):
  // (0,1), then (0,2) (node 2 re-scored: (1,2) becomes +inf), then (1,0) before
  // (1,2), then (1,2): 4 removals leaving 2->0, 2->1. Removing (1,2) before (1,0)
  // would stop after 3 removals with 1->0 kept.
  Rng rng(9);
  NodeModeSamples samples;
  samples.reset(3, 50, 2);
  for (int t = 0; t < 50; ++t) {
    const std::vector<double> x{0.0, 0.0, 1.0 + standard_normal(rng)};
    samples.add(x, mode_zero);
  }
  SubgraphLearner learner({.ksg_k = 5, .score_weight = 1.0});
  std::vector<unsigned char> parents(9);
  const std::vector<double> nu{1.0, 1.0, 1.0};
  CHECK(learner.learn(samples, 0, nu, parents) == 4);
  CHECK(parents == std::vector<unsigned char>{0, 0, 0, 0, 0, 0, 1, 1, 0});
}

TEST_CASE("csl EstWt recovers exact weights from noise-free samples, 0 off the parent sets") {
  // x1 = nu1 + 2 x0, x2 = nu2 - 0.5 x0 + 1.5 x1 exactly: least squares without
  // intercept on y = x - nu recovers the weights to rounding.
  Rng rng(10);
  NodeModeSamples samples;
  samples.reset(3, 40, 2);
  for (int t = 0; t < 40; ++t) {
    const double x0 = standard_normal(rng);
    const double x1 = 1.0 + 2.0 * x0;
    const double x2 = 3.0 - 0.5 * x0 + 1.5 * x1;
    const std::vector<double> x{x0, x1, x2};
    samples.add(x, mode_zero);
  }
  SubgraphLearner learner({.ksg_k = 5, .score_weight = 1.0});
  const std::vector<unsigned char> parents{0, 1, 1, 0, 0, 1, 0, 0, 0};
  const std::vector<double> nu{0.0, 1.0, 3.0};
  arma::mat weights(3, 3, arma::fill::value(9.0));
  learner.estimate_weights(samples, 0, nu, parents,
                           std::span<double>(weights.memptr(), weights.n_elem));
  CHECK(std::fabs(weights(0, 1) - 2.0) <= 1e-12);
  CHECK(std::fabs(weights(0, 2) + 0.5) <= 1e-12);
  CHECK(std::fabs(weights(1, 2) - 1.5) <= 1e-12);
  for (std::size_t p = 0; p < 3; ++p)
    for (std::size_t n = 0; n < 3; ++n)
      if (parents[p * 3 + n] == 0) CHECK(weights(p, n) == 0.0);
}

TEST_CASE("csl learning reads only the cells of its mode and their first n_max samples") {
  // Mode-1 samples of node 1 carry a different mechanism; mode 0's estimate and
  // the samples after the first n_max = 30 must not affect it.
  Rng rng(11);
  NodeModeSamples samples;
  samples.reset(2, 30, 5);
  for (int t = 0; t < 90; ++t) {
    const bool late = t >= 60;  // beyond n_max for mode 0 (which gets the even steps)
    const std::size_t mode = t % 2 == 0 ? 0 : 1;
    const double x0 = standard_normal(rng);
    const double weight = mode == 1 ? -3.0 : (late ? 10.0 : 2.0);
    const std::vector<double> x{x0, weight * x0};
    samples.add(x, [&](std::size_t n) { return n == 1 ? mode : std::size_t{0}; });
  }
  CHECK(samples.segment_size(1, 0) == 30);
  CHECK(samples.segment_size(1, 1) == 30);
  SubgraphLearner learner({.ksg_k = 5, .score_weight = 1.0});
  const std::vector<unsigned char> parents{0, 1, 0, 0};
  const std::vector<double> nu{0.0, 0.0};
  arma::mat b0(2, 2), b1(2, 2);
  learner.estimate_weights(samples, 0, nu, parents, std::span<double>(b0.memptr(), 4));
  learner.estimate_weights(samples, 1, nu, parents, std::span<double>(b1.memptr(), 4));
  CHECK(std::fabs(b0(0, 1) - 2.0) <= 1e-12);
  CHECK(std::fabs(b1(0, 1) + 3.0) <= 1e-12);
}
