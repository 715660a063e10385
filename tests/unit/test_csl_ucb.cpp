// The CSL-UCB agent (agents/causal/csl_ucb.hpp; spec A.4.4): its description and
// parameters, the exploration rule, replay between recomputations, determinism
// across resets, action subsets, the published graph, and change handling.
// End-to-end regret is checked in tests/statistical/test_csl_statistical.cpp.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <set>
#include <vector>

#include "agents/causal/csl_ucb.hpp"
#include "sim/core/check.hpp"
#include "tests/support/causal_test_sem.hpp"

using namespace banditsim;
using namespace banditsim::causal;
using banditsim::testing::run_on_instance;

TEST_CASE("csl_ucb describes itself and its defaults are the authors' values") {
  const ComponentInfo info = CslUcb::info();
  CHECK(info.name == "csl_ucb");
  CHECK(info.family == "causal");
  CHECK(info.role == ComponentRole::kAgent);
  CHECK(info.fidelity == Fidelity::kReconstruction);
  CHECK(info.reference.find("CalixPeng/Causal_Bandit") != std::string::npos);
  CHECK(info.params.size() == 15);
  for (const ParamSpec& spec : info.params) CHECK_MESSAGE(!spec.help.empty(), spec.name);
  std::vector<ParamProblem> problems;
  const ParamMap defaults = complete_params(info, {}, problems);
  REQUIRE(problems.empty());
  const CslUcb::Config config = CslUcb::Config::from(defaults);
  const CslUcb::Config expected{};
  CHECK(config.n_es == 20);
  CHECK(config.t_static == 200);
  CHECK(config.f_graph == 50);
  CHECK(config.f_est == 20);
  CHECK(config.n_max == 100);
  CHECK(config.delta == 0.05);
  CHECK(config.ksg_k == 5);
  CHECK(config.score_weight == 1.0);
  CHECK(config.detection_window == 20);
  CHECK(config.detection_threshold == 2.0);
  CHECK(config.bonus_scale == 0.5);
  CHECK(config.anneal);
  CHECK(config.change_detection == CslUcb::ChangeDetection::kAuto);
  CHECK(config.bound == BoundForm::kCode);
  CHECK(config.variance_convention == VarianceConvention::kVariance);
  CHECK(expected.n_es == config.n_es);
  ParamMap given;
  given.set("bound", std::string("paper"));
  given.set("variance_convention", std::string("code"));
  given.set("change_detection", std::string("off"));
  const CslUcb::Config other = CslUcb::Config::from(complete_params(info, given, problems));
  CHECK(other.bound == BoundForm::kPaper);
  CHECK(other.variance_convention == VarianceConvention::kCode);
  CHECK(other.change_detection == CslUcb::ChangeDetection::kOff);
}

TEST_CASE("csl_ucb refuses a problem without actions") {
  CslUcb agent({});
  testing::TestProblem problem = testing::standard_problem(3, 100);
  problem.actions.clear();
  CHECK_THROWS_AS(agent.reset(problem.problem()), ConfigError);
}

TEST_CASE(
    "csl_ucb explores uniformly until every cell has n_es samples, then replays between "
    "recomputations") {
  Rng instance_rng(31);
  const auto weights = testing::random_system(5, instance_rng);
  const auto problem = testing::standard_problem(5, 400);
  CslUcb agent({});
  agent.reset(problem.problem());
  Rng rng(32), mirror(32), noise(33);
  std::vector<double> x(5);
  std::int64_t first_exploit = -1;
  std::size_t previous = 0;
  for (std::int64_t t = 0; t < 400; ++t) {
    const bool exploring = agent.exploring();
    const std::size_t k = agent.select(rng);
    if (exploring) {
      // The agent's only draw: uniform_index over the action set.
      CHECK(k == uniform_index(mirror, problem.actions.size()));
      CHECK(agent.status().graph[0].empty());
    } else {
      if (first_exploit < 0) {
        first_exploit = t;
        for (std::size_t n = 0; n < 5; ++n)
          for (std::size_t m = 0; m < 2; ++m) CHECK(agent.samples_since_start(n, m) >= 20);
      } else if (t % 20 != 0) {
        CHECK(k == previous);  // P-A12: replayed
      }
    }
    previous = k;
    testing::sample_sem(weights, problem.actions[k], problem.noise_mean, problem.noise_variance,
                        noise, x);
    agent.observe(k, x);
  }
  CHECK(first_exploit > 20);
  // The graph is published from the first exploitation on: a DAG per mode, no self-loops.
  for (std::size_t m = 0; m < 2; ++m) {
    REQUIRE(agent.status().graph[m].size() == 25);
    CHECK(is_acyclic(agent.status().graph[m], 5));
  }
  CHECK(agent.status().graph_version >= 1);
  CHECK(agent.status().detections == 0);
  CHECK_FALSE(agent.change_detection_on());  // auto: the problem is stationary
}

TEST_CASE("csl_ucb: a second reset gives the identical run") {
  Rng instance_rng(41);
  const auto weights = testing::random_system(6, instance_rng);
  const auto problem = testing::standard_problem(6, 300);
  CslUcb agent({});
  const auto first = run_on_instance(agent, weights, problem, 5, 6);
  const AgentStatus status = agent.status();
  const auto second = run_on_instance(agent, weights, problem, 5, 6);
  CHECK(first.actions == second.actions);
  CHECK(status.graph_version == agent.status().graph_version);
  CslUcb fresh({});
  CHECK(run_on_instance(fresh, weights, problem, 5, 6).actions == first.actions);
  // A copy reports its own graph (same contents, its own memory).
  const CslUcb copy = fresh;
  REQUIRE(copy.status().graph[0].size() == 36);
  CHECK(copy.status().graph[0].data() != fresh.status().graph[0].data());
  CHECK(std::equal(copy.status().graph[1].begin(), copy.status().graph[1].end(),
                   fresh.status().graph[1].begin()));
  // A different agent seed explores differently.
  CHECK(run_on_instance(agent, weights, problem, 7, 6).actions != first.actions);
}

TEST_CASE("csl_ucb: the caches give exactly what recomputing every time gives") {
  // LearnTopo, EstWt, the means and the bounds are served from the cache when the
  // samples they read did not change; without the caches every f_graph / f_est step
  // recomputes them. Same seeds: the same actions, means, bounds and status.
  Rng instance_rng(45);
  const auto weights = testing::random_system(6, instance_rng);
  const auto problem = testing::standard_problem(6, 600);
  CslUcb cached({}), uncached({});
  uncached.disable_caches();
  const auto a = run_on_instance(cached, weights, problem, 8, 9);
  const auto b = run_on_instance(uncached, weights, problem, 8, 9);
  CHECK(a.actions == b.actions);
  CHECK(std::equal(cached.estimated_means().begin(), cached.estimated_means().end(),
                   uncached.estimated_means().begin()));
  CHECK(std::equal(cached.bounds().begin(), cached.bounds().end(), uncached.bounds().begin()));
  CHECK(cached.status().graph_version == uncached.status().graph_version);
  CHECK(cached.status().ill_conditioned == uncached.status().ill_conditioned);
  CHECK(cached.coefficient() == uncached.coefficient());
  // The caches did save work.
  CHECK(cached.topology_computations() < uncached.topology_computations());
  CHECK(cached.estimate_computations() < uncached.estimate_computations());
}

TEST_CASE("csl_ucb on an action subset stops exploring: unreachable cells do not count") {
  // 16 actions, codes 0..15, intervene only on the last 4 of 8 nodes: the cells
  // (n, mode 1) for n < 4 are unreachable and never get a sample.
  Rng instance_rng(51);
  const auto weights = testing::random_system(8, instance_rng);
  testing::TestProblem problem = testing::standard_problem(8, 600);
  problem.actions.resize(16);
  CslUcb agent({});
  const auto run = run_on_instance(agent, weights, problem, 52, 53);
  CHECK_FALSE(agent.exploring());
  for (std::size_t n = 0; n < 4; ++n) CHECK(agent.samples_since_start(n, 1) == 0);
  // Exploited: from some step on the actions change at most every f_est steps.
  std::set<std::size_t> late(run.actions.begin() + 500, run.actions.end());
  CHECK(late.size() <= 5);
  for (std::size_t k : run.actions) CHECK(k < 16);
}

TEST_CASE("csl_ucb detects a changed mechanism and restarts only its cells") {
  // Four nodes, all 16 actions; at t = 500 the reward node's mechanisms change
  // (both modes, new weights of the other sign and larger). Change detection is on
  // (the problem says non-stationary).
  Rng instance_rng(61);
  auto weights = testing::random_system(4, instance_rng);
  testing::TestProblem problem = testing::standard_problem(4, 1000);
  problem.stationary = false;
  CslUcb agent({});
  agent.reset(problem.problem());
  CHECK(agent.change_detection_on());
  Rng rng(62), noise(63);
  std::vector<double> x(4);
  for (std::int64_t t = 0; t < 1000; ++t) {
    if (t == 500) {
      for (std::size_t m = 0; m < 2; ++m)
        for (std::size_t p = 0; p < 3; ++p)
          weights.of_mode(m)(p, 3) = -2.0 - weights.of_mode(m)(p, 3);
      CHECK(agent.status().detections == 0);  // no false alarm before the change
    }
    const std::size_t k = agent.select(rng);
    testing::sample_sem(weights, problem.actions[k], problem.noise_mean, problem.noise_variance,
                        noise, x);
    agent.observe(k, x);
  }
  CHECK(agent.status().detections >= 1);
  // The reward node's cell of the mode in use restarted after the change; the
  // cells of nodes whose mechanisms did not change never restarted.
  CHECK(std::max(agent.segment_start(3, 0), agent.segment_start(3, 1)) >= 500);
  for (std::size_t n = 0; n < 3; ++n)
    for (std::size_t m = 0; m < 2; ++m) CHECK(agent.segment_start(n, m) == 0);
}

TEST_CASE(
    "csl_ucb: the bonus is set once to bonus_scale |max mean| / max U, then annealed by a cosine "
    "to 0 at T") {
  // Spec A.4.4: coef_init = 0.5 max_k mean[k] / max_k U[k] at the first exploitation
  // step (P-A6: |max mean|), then coef = coef_init (1 + cos(pi (t - t_i) / (T - t_i))) / 2
  // at every recomputation, t_i = 0 in a stationary run.
  Rng instance_rng(51);
  const auto weights = testing::random_system(5, instance_rng);
  const std::int64_t horizon = 1000;
  const auto problem = testing::standard_problem(5, horizon);
  CslUcb agent({});
  agent.reset(problem.problem());
  Rng rng(52), noise(53);
  std::vector<double> x(5);
  double coef_init = 0.0;
  int checked = 0;
  for (std::int64_t t = 0; t < horizon; ++t) {
    const bool exploring = agent.exploring();
    const std::size_t k = agent.select(rng);
    if (!exploring && coef_init == 0.0) {
      coef_init = agent.coefficient();
      double max_mean = -1e300, max_bound = -1e300;
      for (std::size_t a = 0; a < problem.actions.size(); ++a) {
        max_mean = std::max(max_mean, agent.estimated_means()[a]);
        max_bound = std::max(max_bound, agent.bounds()[a]);
      }
      CHECK(coef_init == doctest::Approx(0.5 * std::fabs(max_mean) / max_bound));
    } else if (!exploring && t % 20 == 0) {
      const double expected =
          coef_init * (1.0 + std::cos(std::numbers::pi * static_cast<double>(t) / horizon)) / 2.0;
      CHECK(agent.coefficient() == doctest::Approx(expected).epsilon(1e-12));
      ++checked;
    }
    testing::sample_sem(weights, problem.actions[k], problem.noise_mean, problem.noise_variance,
                        noise, x);
    agent.observe(k, x);
  }
  CHECK(coef_init > 0.0);
  CHECK(checked > 40);
}
