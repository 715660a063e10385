// Causal scenarios with bad input (issue 8, item 7): each is refused before anything
// runs, with file, line and dotted key. Also: the shipped causal scenarios load.
#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include "sim/engine/work_plan.hpp"
#include "sim/families/families.hpp"
#include "sim/scenario/scenario.hpp"

using namespace banditsim;

namespace {

std::vector<ScenarioIssue> issues_of(const std::string& text) {
  try {
    parse_scenario(text, "causal.toml", {{}, ""}, builtin_families());
  } catch (const ScenarioError& error) {
    return error.issues();
  }
  FAIL("expected a ScenarioError");
  return {};
}

ScenarioIssue only_issue(const std::string& text) {
  const auto issues = issues_of(text);
  REQUIRE(issues.size() == 1);
  return issues.front();
}

/// A scenario whose [env] table (from line 6 on) is `env`.
std::string with_env(const std::string& env) {
  return "[run]\nreplications = 2\nhorizon = 100\nrecord_every = 50\n[env]\n"
         "kind = \"linear_sem\"\n" +
         env + "[[agents]]\nkind = \"csl_ucb\"\n";
}

}  // namespace

TEST_CASE("causal scenarios: a cyclic graph is refused at its key, naming the cycle") {
  const auto issue = only_issue(
      with_env("graph = \"given\"\n"
               "weights = [[0.0, 1.0, 0.0], [0.0, 0.0, 1.0], [0.0, 0.0, 0.0]]\n"
               "interventional_weights = [[0.0, 0.0, 0.0], [0.0, 0.0, 0.0], [1.0, 0.0, 0.0]]\n"));
  CHECK(issue.where.line >= 7);
  CHECK(issue.key.rfind("env.", 0) == 0);
  CHECK(issue.message.find("0 -> 1 -> 2 -> 0") != std::string::npos);
}

TEST_CASE("causal scenarios: a weight matrix of the wrong shape is refused at its key") {
  const auto issue = only_issue(
      with_env("graph = \"given\"\n"
               "weights = [[0.0, 1.0], [0.0, 0.0]]\n"
               "interventional_weights = [[0.0, 1.0, 0.0], [0.0, 0.0, 1.0], [0.0, 0.0, 0.0]]\n"));
  CHECK(issue.key.rfind("env.", 0) == 0);
  CHECK(issue.where.line >= 7);
}

TEST_CASE("causal scenarios: a change point at or beyond the horizon is refused at its line") {
  const auto issue = only_issue(with_env("nodes = 4\nchange_points = [40, 100]\n"));
  CHECK(issue.key == "env.change_points");
  CHECK(issue.where.line == 8);
  CHECK(issue.message.find("horizon") != std::string::npos);
}

TEST_CASE("causal scenarios: a covariance that is not positive definite is refused at its line") {
  const auto issue =
      only_issue(with_env("nodes = 2\nnoise_covariance = [[1.0, 2.0], [2.0, 1.0]]\n"));
  CHECK(issue.key == "env.noise_covariance");
  CHECK(issue.where.line == 8);
}

TEST_CASE("causal scenarios: too many nodes to enumerate the actions asks for a subset") {
  const auto issue = only_issue(with_env("nodes = 30\n"));
  CHECK(issue.key.rfind("env.", 0) == 0);
  CHECK(issue.where.line == 7);
  CHECK(issue.message.find("actions") != std::string::npos);
}

TEST_CASE("causal scenarios: GOLEM-MAB on an action subset without the all-off action") {
  const auto issue = only_issue(
      "[run]\nreplications = 2\nhorizon = 100\n[env]\nkind = \"linear_sem\"\nnodes = 2\n"
      "actions = [[0, 1], [1, 1]]\n[[agents]]\nkind = \"golem_mab\"\n");
  CHECK(issue.key.rfind("agents.golem_mab", 0) == 0);
  CHECK(issue.where.line == 8);  // the agent's [[agents]] table
}

TEST_CASE("causal scenarios: every shipped scenario loads") {
  const std::filesystem::path dir =
      std::filesystem::path(BANDITSIM_SOURCE_DIR) / "scenarios/causal";
  int loaded = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".toml") continue;
    INFO(entry.path().string());
    const Scenario scenario = load_scenario(entry.path(), {{}, ""}, builtin_families());
    CHECK(scenario.family->name() == "causal");
    ++loaded;
  }
  CHECK(loaded >= 6);
}

TEST_CASE("causal scenarios: blocks are sized by the cost of a causal step, not by steps alone") {
  // 20 replications of 5 agents x 1500 steps = 150k agent-steps: one block of 1e6
  // bandit steps. A causal step over 1024 actions costs ~1e4 bandit steps
  // (PreparedCell::step_cost), so each replication is a block of its own and both
  // threads of the study have work (the whole study as one block used one core).
  const Scenario scenario = load_scenario(
      std::filesystem::path(BANDITSIM_SOURCE_DIR) / "scenarios/causal/stationary_small.toml",
      {{}, ""}, builtin_families());
  CHECK(scenario.prepared[0]->step_cost() == 10.0 * 1024);
  CHECK(WorkPlan::for_scenario(scenario).items().size() == 20);
}
