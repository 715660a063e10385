// The engine's side of the bandit contract, pinned to exact numbers: the metric
// loop (bandit::run_replication) on a scripted agent and environment, common
// random numbers across the agents of a cell (through the family's cell runner),
// and the order in which [[sweep]] blocks expand into cells.
#include <doctest/doctest.h>

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "sim/core/rng.hpp"
#include "sim/families/bandit/metrics.hpp"
#include "sim/families/bandit/runner.hpp"
#include "sim/families/families.hpp"
#include "sim/scenario/scenario.hpp"
#include "tests/support/replicate.hpp"

using namespace banditsim;
using namespace banditsim::bandit;

namespace {

// ---------------------------------------------------------------------------
// The metric loop on a script.

/// Arm a pays 10 a + n on its n-th pull (0-based), so the test sees which pull
/// produced each observed reward. Means as given (only gaps enter the metrics).
class ScriptedEnv {
 public:
  explicit ScriptedEnv(std::vector<double> means) : means_(std::move(means)) {
    pulls_.assign(means_.size(), 0);
  }
  void draw_instance(Rng& /*rng*/) {}
  void start_rewards(std::uint64_t /*seed*/) { pulls_.assign(means_.size(), 0); }
  double pull(std::size_t arm) { return 10.0 * static_cast<double>(arm) + pulls_[arm]++; }
  std::size_t num_arms() const { return means_.size(); }
  double mean(std::size_t arm) const { return means_[arm]; }
  BanditProblem problem() const { return {.num_arms = means_.size()}; }

 private:
  std::vector<double> means_;
  std::vector<int> pulls_;
};
static_assert(BanditEnvironment<ScriptedEnv>);

/// Plays `arms` in order; recommends recommendations[n] after n observations; records
/// what it observed and one draw of its stream per select.
class ScriptedAgent {
 public:
  ScriptedAgent(std::vector<std::size_t> arms, std::vector<std::size_t> recommendations)
      : arms_(std::move(arms)), recommendations_(std::move(recommendations)) {}
  void reset(const BanditProblem& /*problem*/) {}
  std::size_t select(Rng& rng) {
    draws.push_back(rng());
    return arms_.at(selected++);
  }
  void observe(std::size_t arm, double reward) {
    observed_arms.push_back(arm);
    rewards.push_back(reward);
  }
  std::size_t recommend() const { return recommendations_.at(observed_arms.size()); }

  std::size_t selected = 0;
  std::vector<std::size_t> observed_arms;
  std::vector<double> rewards;
  std::vector<std::uint64_t> draws;

 private:
  std::vector<std::size_t> arms_;
  std::vector<std::size_t> recommendations_;
};
static_assert(BanditAgent<ScriptedAgent>);

// ---------------------------------------------------------------------------
// The family's cell runner: the only place this file touches Family/CellRunner,
// so an interface change is adapted here.

/// Curves of replication `rep` of every agent of `cell`, [agent][metric][record].
std::vector<double> run_cell_replication(const Scenario& scenario, const Cell& cell,
                                         std::uint64_t rep) {
  const auto runner = scenario.prepared.at(cell.index)->make_runner();
  return testing::replicate(*scenario.family, *runner, cell, rep);
}

Scenario parse(const std::string& text) {
  return parse_scenario(text, "test.toml", {}, builtin_families());
}

std::span<const double> agent_curves(const std::vector<double>& curves, const Cell& cell,
                                     std::size_t agent) {
  // An agent's slots: the curve metrics, then the categorical pull_sequence (one slot).
  const std::size_t records = cell.record_steps.size();
  const std::size_t per_agent = kNumBanditMetrics * records + 1;
  return std::span<const double>(curves).subspan(agent * per_agent, kNumBanditMetrics * records);
}

std::size_t agent_index(const Cell& cell, const std::string& label) {
  for (std::size_t i = 0; i < cell.agents.size(); ++i)
    if (cell.agents[i].label == label) return i;
  FAIL("no agent " << label);
  return 0;
}

}  // namespace

TEST_CASE("run_replication: exact regret, simple regret, error and best-arm rate per record") {
  // Means {0.5, 1, 1, 0.75}: gaps {0.5, 0, 0, 0.25}; arms 1 and 2 are both optimal.
  ScriptedEnv env({0.5, 1.0, 1.0, 0.75});
  const std::vector<double> gap = {0.5, 0.0, 0.0, 0.25};
  const std::vector<unsigned char> optimal = {0, 1, 1, 0};
  // Pulls 0, 1, 3, 2, 0, 3, 1, 2: regret after each step .5 .5 .75 .75 1.25 1.5 1.5 1.5;
  // optimal pulls after each step 0 1 1 2 2 2 3 4.
  ScriptedAgent agent({0, 1, 3, 2, 0, 3, 1, 2}, {9, 3, 9, 2, 0, 9, 9, 9, 1});
  const std::vector<std::int64_t> record_steps = {1, 3, 4, 8};
  std::vector<double> curves(kNumBanditMetrics * 4, -1.0);
  Rng rng(99);
  Rng copy = rng;
  run_replication(agent, env, ArmGaps{gap, optimal}, record_steps, rng, curves);

  const auto metric = [&](BanditMetric m) {
    return std::vector<double>(curves.begin() + static_cast<std::ptrdiff_t>(m * 4),
                               curves.begin() + static_cast<std::ptrdiff_t>(m * 4 + 4));
  };
  CHECK(metric(kRegret) == std::vector<double>{0.5, 0.75, 0.75, 1.5});
  // Recommendations after 1, 3, 4, 8 observations: arms 3, 2, 0, 1.
  CHECK(metric(kSimpleRegret) == std::vector<double>{0.25, 0.0, 0.5, 0.0});
  CHECK(metric(kError) == std::vector<double>{1.0, 0.0, 1.0, 0.0});
  CHECK(metric(kBestArmRate) == std::vector<double>{0.0, 1.0 / 3.0, 0.5, 0.5});

  // Exactly record_steps.back() steps, each the env's reward for the selected arm.
  CHECK(agent.selected == 8);
  CHECK(agent.observed_arms == std::vector<std::size_t>{0, 1, 3, 2, 0, 3, 1, 2});
  CHECK(agent.rewards == std::vector<double>{0, 10, 30, 20, 1, 31, 11, 21});
  // The agent draws from the stream it was given, in order.
  for (std::uint64_t draw : agent.draws) CHECK(draw == copy());
  CHECK(rng == copy);
}

TEST_CASE("run_replication with one record step at the horizon") {
  ScriptedEnv env({0.0, 1.0});
  const std::vector<double> gap = {1.0, 0.0};
  const std::vector<unsigned char> optimal = {0, 1};
  ScriptedAgent agent({1, 0, 0, 1, 1}, {0, 0, 0, 0, 0, 1});
  const std::vector<std::int64_t> record_steps = {5};
  std::vector<double> curves(kNumBanditMetrics, -1.0);
  Rng rng(1);
  run_replication(agent, env, ArmGaps{gap, optimal}, record_steps, rng, curves);
  CHECK(curves[kRegret] == 2.0);
  CHECK(curves[kSimpleRegret] == 0.0);
  CHECK(curves[kError] == 0.0);
  CHECK(curves[kBestArmRate] == 3.0 / 5.0);
}

namespace {
const char* kCrnScenario = R"(
[run]
seed = 5
replications = 3
horizon = 200
record_every = 50

[env]
kind = "bernoulli"
means = [0.45, 0.55, 0.5]

[[agents]]
kind = "thompson_bernoulli"
label = "ts_a"

[[agents]]
kind = "round_robin"

[[agents]]
kind = "thompson_bernoulli"
label = "ts_b"

[[agents]]
kind = "epsilon_greedy"
epsilon = 0.2
label = "eps_a"

[[agents]]
kind = "epsilon_greedy"
epsilon = 0.2
label = "eps_b"

[[agents]]
kind = "ucb1"
)";
}  // namespace

TEST_CASE("common random numbers: identical agents of a cell give identical curves") {
  const Scenario scenario = parse(kCrnScenario);
  REQUIRE(scenario.cells.size() == 1);
  const Cell& cell = scenario.cells[0];
  REQUIRE(cell.record_steps == std::vector<std::int64_t>{50, 100, 150, 200});
  const std::size_t ts_a = agent_index(cell, "ts_a"), ts_b = agent_index(cell, "ts_b");
  const std::size_t eps_a = agent_index(cell, "eps_a"), eps_b = agent_index(cell, "eps_b");
  const std::size_t ucb = agent_index(cell, "ucb1");
  std::vector<std::vector<double>> ts_by_rep;
  for (std::uint64_t rep = 0; rep < 3; ++rep) {
    CAPTURE(rep);
    const auto curves = run_cell_replication(scenario, cell, rep);
    const auto a = agent_curves(curves, cell, ts_a), b = agent_curves(curves, cell, ts_b);
    CHECK(std::vector<double>(a.begin(), a.end()) == std::vector<double>(b.begin(), b.end()));
    const auto e = agent_curves(curves, cell, eps_a), f = agent_curves(curves, cell, eps_b);
    CHECK(std::vector<double>(e.begin(), e.end()) == std::vector<double>(f.begin(), f.end()));
    // Not vacuous: the agents do differ from each other, and learn something.
    const auto u = agent_curves(curves, cell, ucb);
    CHECK(std::vector<double>(a.begin(), a.end()) != std::vector<double>(u.begin(), u.end()));
    CHECK(a[kRegret * 4 + 3] > 0.0);
    ts_by_rep.emplace_back(a.begin(), a.end());
    // The same replication again gives the same numbers (a runner has no hidden state).
    CHECK(run_cell_replication(scenario, cell, rep) == curves);
  }
  // Different replications see different streams.
  CHECK(ts_by_rep[0] != ts_by_rep[1]);
  CHECK(ts_by_rep[1] != ts_by_rep[2]);
}

TEST_CASE("common random numbers: round-robin sees the directly drawn reward stream of each arm") {
  // The stream derivation of the README's guarantee: the n-th reward of arm a in
  // replication r is the n-th draw of Rng(substream_seed(stream_seed(seed, reward,
  // env hash, r), a)), paying 1 if uniform01 < mu_a. Round-robin pulls arm t mod K, so
  // its recommendation (the empirically best arm) at each record step follows from
  // those streams alone.
  const Scenario scenario = parse(kCrnScenario);
  const Cell& cell = scenario.cells[0];
  const std::vector<double> means = {0.45, 0.55, 0.5};
  const std::size_t rr = agent_index(cell, "round_robin");
  int recommendations_not_best = 0;
  for (std::uint64_t rep = 0; rep < 3; ++rep) {
    CAPTURE(rep);
    const auto curves = run_cell_replication(scenario, cell, rep);
    const auto got = agent_curves(curves, cell, rr);
    const std::uint64_t reward_seed =
        stream_seed(scenario.seed, StreamPurpose::kReward, cell.env.hash, rep);
    std::vector<Rng> streams;
    for (std::size_t a = 0; a < 3; ++a) streams.emplace_back(substream_seed(reward_seed, a));
    std::vector<double> sums(3, 0.0), pulls(3, 0.0);
    double regret = 0.0;
    std::int64_t t = 0;
    for (std::size_t j = 0; j < 4; ++j) {
      for (; t < cell.record_steps[j]; ++t) {
        const auto arm = static_cast<std::size_t>(t % 3);
        sums[arm] += uniform01(streams[arm]) < means[arm] ? 1.0 : 0.0;
        pulls[arm] += 1.0;
        regret += 0.55 - means[arm];
      }
      std::size_t best = 0;
      for (std::size_t a = 1; a < 3; ++a)
        if (sums[a] / pulls[a] > sums[best] / pulls[best]) best = a;
      recommendations_not_best += best != 1;
      CAPTURE(j);
      CHECK(got[kRegret * 4 + j] == doctest::Approx(regret).epsilon(1e-12));
      CHECK(got[kSimpleRegret * 4 + j] == 0.55 - means[best]);
      CHECK(got[kError * 4 + j] == (best == 1 ? 0.0 : 1.0));
      CHECK(got[kBestArmRate * 4 + j] == pulls[1] / static_cast<double>(t));
    }
  }
  // Small samples: some recommendations are wrong, so the check sees the streams.
  CHECK(recommendations_not_best > 0);
}

namespace {
/// The swept values of a cell as text, "key=value" joined by spaces.
std::string swept_text(const Cell& cell) {
  std::string text;
  for (const auto& swept : cell.swept) {
    if (!text.empty()) text += ' ';
    text += swept.key + "=" + (swept.present ? format_value(swept.value) : "-");
  }
  return text;
}
}  // namespace

TEST_CASE("sweep expansion: blocks cross in file order, first block slowest, grid keys in order") {
  const Scenario s = parse(R"(
[run]
seed = 1
replications = 2
horizon = 100

[env]
kind = "bernoulli"
means = [0.2, 0.5]

[[agents]]
kind = "ucb1"

[[agents]]
kind = "epsilon_greedy"
label = "eps"

[[sweep]]
mode = "list"
cases = [ { env.means = [0.1, 0.9] }, { env.means = [0.4, 0.6], agents.eps.d = 0.3 } ]

[[sweep]]
agents.ucb1.c = [1.0, 2.0]
agents.eps.epsilon = [0.05, 0.1, 0.2]

[[sweep]]
mode = "zip"
run.horizon = [100, 300]
run.record_every = [10, 30]
)");
  std::vector<std::string> keys;
  for (const auto& key : s.swept_keys) keys.push_back(key.key);
  CHECK(keys == std::vector<std::string>{"env.means", "agents.eps.d", "agents.ucb1.c",
                                         "agents.eps.epsilon", "run.horizon", "run.record_every"});
  // Written out by nested loops in file order, the last block fastest.
  std::vector<std::string> expected;
  for (const char* list_case :
       {"env.means=[0.1, 0.9] agents.eps.d=0.1", "env.means=[0.4, 0.6] agents.eps.d=0.3"})
    for (const char* c : {"1.0", "2.0"})
      for (const char* epsilon : {"0.05", "0.1", "0.2"})
        for (const char* zip :
             {"run.horizon=100 run.record_every=10", "run.horizon=300 run.record_every=30"})
          expected.push_back(std::string(list_case) + " agents.ucb1.c=" + c +
                             " agents.eps.epsilon=" + epsilon + " " + zip);
  std::vector<std::string> got;
  for (const Cell& cell : s.cells) got.push_back(swept_text(cell));
  CHECK(got == expected);
  // The swept values are the cells' actual parameters, and cells are numbered in order.
  REQUIRE(s.cells.size() == 24);
  for (std::size_t i = 0; i < s.cells.size(); ++i) {
    const Cell& cell = s.cells[i];
    CAPTURE(i);
    CHECK(cell.index == i);
    CHECK(cell.agents[0].params.real("c") == (i / 6 % 2 == 0 ? 1.0 : 2.0));
    CHECK(cell.agents[1].params.real("epsilon") == std::vector<double>{0.05, 0.1, 0.2}[i / 2 % 3]);
    CHECK(cell.agents[1].params.real("d") == (i < 12 ? 0.1 : 0.3));
    CHECK(cell.horizon == (i % 2 == 0 ? 100 : 300));
    CHECK(cell.record_steps.size() == 10);
    CHECK(cell.env.params.real_list("means") ==
          (i < 12 ? std::vector<double>{0.1, 0.9} : std::vector<double>{0.4, 0.6}));
  }
}
