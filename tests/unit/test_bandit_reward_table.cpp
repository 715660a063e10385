// The bandit family's reward table (envs/bandit/reward_table.hpp), its pull_sequence
// metric, and BanditFamily::audit_plan: every case's two tables differ in exactly one
// entry, the plan names dp_ucb's epsilon and the outcome, and non-private agents are refused.
#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "envs/bandit/reward_table.hpp"
#include "sim/families/bandit/metrics.hpp"
#include "sim/families/families.hpp"
#include "sim/registry/bandit_family.hpp"
#include "sim/scenario/scenario.hpp"
#include "tests/support/config_error_key.hpp"

using namespace banditsim;
using namespace banditsim::bandit;

namespace {

Scenario parse(const std::string& text) {
  return parse_scenario(text, "table.toml", {}, builtin_families());
}

/// Entries in which two equally shaped tables differ.
int differing_entries(const RealMatrix& a, const RealMatrix& b) {
  REQUIRE(a.size() == b.size());
  int differ = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    REQUIRE(a[i].size() == b[i].size());
    for (std::size_t n = 0; n < a[i].size(); ++n) differ += a[i][n] != b[i][n] ? 1 : 0;
  }
  return differ;
}

}  // namespace

TEST_CASE("bandit_reward_table: the n-th pull of arm i pays table[i][n], in any order") {
  const RealMatrix table = {{1.0, 0.0, 0.5, 1.0}, {0.0, 0.25, 1.0, 0.0}};
  RewardTable env({.table = table, .means = {}});
  CHECK(env.num_arms() == 2);
  CHECK(env.columns() == 4);
  CHECK(env.mean(0) == doctest::Approx(0.625));  // row means by default
  CHECK(env.mean(1) == doctest::Approx(0.3125));
  CHECK(env.problem().rewards_in_unit_interval());
  env.start_rewards(1);
  // Interleaved pulls: arm 1, arm 0, arm 0, arm 1, arm 0.
  CHECK(env.pull(1) == 0.0);
  CHECK(env.pull(0) == 1.0);
  CHECK(env.pull(0) == 0.0);
  CHECK(env.pull(1) == 0.25);
  CHECK(env.pull(0) == 0.5);
  env.start_rewards(2);  // rewinds every row (the seed does not matter)
  CHECK(env.pull(0) == 1.0);
  CHECK(env.pull(1) == 0.0);

  RewardTable given({.table = table, .means = {0.9, 0.1}});
  CHECK(given.mean(0) == 0.9);
  CHECK(given.mean(1) == 0.1);
  using banditsim::testing::config_error_key;
  CHECK(config_error_key([&] { RewardTable bad({.table = table, .means = {0.5}}); }) == "means");
  CHECK(config_error_key([&] {
          RewardTable bad({.table = {{1.0, 0.0}, {1.0}}, .means = {}});
        }) == "table");
}

TEST_CASE("bandit_reward_table: rows shorter than the horizon are a scenario error") {
  const std::string text = R"([run]
seed = 1
replications = 2
horizon = 5
[env]
kind = "bandit_reward_table"
table = [[1.0, 0.0, 1.0, 1.0], [0.0, 1.0, 0.0, 0.0]]
[[agents]]
kind = "ucb1"
)";
  try {
    parse(text);
    FAIL("a table with 4 columns and a horizon of 5 was accepted");
  } catch (const std::exception& error) {
    CHECK(std::string(error.what()).find("table") != std::string::npos);
  }
}

TEST_CASE("pull_sequence: the base-K number of the pulls, only where K^T <= 2^53") {
  CHECK(pull_sequence_fits(2, 53));
  CHECK_FALSE(pull_sequence_fits(2, 54));
  CHECK(pull_sequence_fits(3, 33));  // 3^33 = 5.6e15 <= 2^53 = 9.0e15
  CHECK_FALSE(pull_sequence_fits(3, 34));
  CHECK(pull_sequence_fits(1, 1000000));
  CHECK(bandit_metrics()[kPullSequence].name == "pull_sequence");
  CHECK(bandit_metrics()[kPullSequence].kind == MetricKind::kCategorical);

  // Round robin over 3 arms for 5 steps pulls 0 1 2 0 1: 0*81 + 1*27 + 2*9 + 0*3 + 1 = 46.
  // ucb1 on the table: arms 0, 1, 2 first, then the index decides (exact arithmetic below).
  const std::string text = R"([run]
seed = 1
replications = 2
horizon = 5
[env]
kind = "bandit_reward_table"
table = [[1.0, 1.0, 1.0, 1.0, 1.0], [0.0, 0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0, 0.0]]
[[agents]]
kind = "round_robin"
[[agents]]
kind = "ucb1"
c = 0.0
)";
  const Scenario scenario = parse(text);
  const Cell& cell = scenario.cells[0];
  const OutputLayout layout(scenario.metrics.metrics, 2, cell.record_steps.size());
  std::vector<double> buffer(layout.size());
  ReplicationOutput output(layout, buffer);
  const auto runner = scenario.prepared[0]->make_runner();
  runner->run_replication(0, output);
  CHECK(output.value(0, kPullSequence) == 46.0);
  // Greedy ucb1 (c = 0): 0 1 2, then arm 0 (mean 1) twice: 0*81 + 1*27 + 2*9 + 0 + 0 = 45.
  CHECK(output.value(1, kPullSequence) == 45.0);
  CHECK(scenario.prepared[0]->applies(0, kPullSequence));
  CHECK(scenario.prepared[0]->applies(0, kRegret));

  // K = 2, T = 54: 2^54 > 2^53, the metric does not apply.
  const Scenario long_run = parse(R"([run]
seed = 1
replications = 2
horizon = 54
[env]
kind = "bernoulli"
means = [0.5, 0.4]
[[agents]]
kind = "ucb1"
)");
  CHECK_FALSE(long_run.prepared[0]->applies(0, kPullSequence));
  CHECK(long_run.prepared[0]->applies(0, kRegret));
}

TEST_CASE("audit_plan: dp_ucb's cases are neighbouring tables (exactly one entry differs)") {
  const BanditFamily family;
  const std::string agents = R"(
[[agents]]
kind = "ucb1"
[[agents]]
kind = "dp_ucb"
label = "private"
epsilon = 0.7
noise_multiplier = 0.5
[[agents]]
kind = "dp_ucb"
label = "open"
epsilon = inf
)";
  const std::string bernoulli = R"([run]
seed = 1
replications = 2
horizon = 6
[env]
kind = "bernoulli"
means = [0.5, 0.4, 0.3, 0.2, 0.1]
)" + agents;
  const std::string table = R"([run]
seed = 1
replications = 2
horizon = 4
[env]
kind = "bandit_reward_table"
table = [[0.0, 1.0, 1.0, 0.0], [1.0, 1.0, 0.0, 0.25]]
)" + agents;
  for (const std::string& text : {bernoulli, table}) {
    const Scenario scenario = parse(text);
    const Cell& cell = scenario.cells[0];
    const std::size_t arms = cell.env.kind == "bernoulli" ? 5 : 2;
    const auto plan = family.audit_plan(cell, 1, {.seed = 7, .random_cases = 3});
    REQUIRE(plan.has_value());
    CHECK(plan->outcome == "pull_sequence");
    CHECK(plan->epsilon == 0.7);
    REQUIRE(plan->cases.size() == std::min<std::size_t>(arms, 4) + 3);
    for (std::size_t i = 0; i < plan->cases.size(); ++i) {
      const AuditCase& c = plan->cases[i];
      CAPTURE(c.description);
      CHECK(c.first.env.kind == "bandit_reward_table");
      CHECK(c.second.env.kind == "bandit_reward_table");
      REQUIRE(c.first.agents.size() == 1);
      CHECK(c.first.agents[0].label == "private");
      CHECK(c.first.agents[0].params.real("noise_multiplier") == 0.5);
      CHECK(c.first.horizon == cell.horizon);
      const RealMatrix& a = c.first.env.params.real_matrix("table");
      const RealMatrix& b = c.second.env.params.real_matrix("table");
      CHECK(a.size() == arms);
      CHECK(static_cast<std::int64_t>(a.front().size()) >= cell.horizon);
      CHECK(differing_entries(a, b) == 1);
      CHECK(c.first.env.params.real_list("means") == c.second.env.params.real_list("means"));
      if (i < std::min<std::size_t>(arms, 4)) {
        // Worst case i: arm i's first reward goes to the other extreme.
        CHECK(a[i][0] != b[i][0]);
        CHECK(std::fabs(a[i][0] - b[i][0]) >= 0.5);
        CHECK(c.description.find("x[" + std::to_string(i) + "][0]") != std::string::npos);
      } else {
        CHECK(c.description.find("random table") != std::string::npos);
      }
      // The cells are runnable: the family prepares them.
      CHECK_NOTHROW(family.prepare(c.first, 1));
      CHECK_NOTHROW(family.prepare(c.second, 1));
    }
    if (cell.env.kind == "bandit_reward_table") {
      CHECK(plan->cases[0].first.env.params.real_matrix("table") ==
            cell.env.params.real_matrix("table"));
    }
    // The same request gives the same plan; another seed other random tables.
    const auto again = family.audit_plan(cell, 1, {.seed = 7, .random_cases = 3});
    const auto other = family.audit_plan(cell, 1, {.seed = 8, .random_cases = 3});
    CHECK(again->cases.back().first.env.canonical == plan->cases.back().first.env.canonical);
    CHECK(other->cases.back().first.env.canonical != plan->cases.back().first.env.canonical);

    using banditsim::testing::config_error_key;
    CHECK(config_error_key([&] { family.audit_plan(cell, 0, {}); }) == "kind");  // ucb1
    CHECK(config_error_key([&] { family.audit_plan(cell, 2, {}); }) == "epsilon");
    try {
      family.audit_plan(cell, 2, {});
    } catch (const ConfigError& error) {
      CHECK(error.component() == "open");
      CHECK(std::string(error.what()).find("not private") != std::string::npos);
    }
  }

  // An environment that is not a table of rewards in [0, 1] cannot be audited.
  const Scenario gaussian = parse(R"([run]
seed = 1
replications = 2
horizon = 6
[env]
kind = "beta"
means = [0.5, 0.4]
[[agents]]
kind = "dp_ucb"
)");
  CHECK_THROWS_AS(family.audit_plan(gaussian.cells[0], 0, {}), ConfigError);
}
