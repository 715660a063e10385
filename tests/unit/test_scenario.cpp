// Scenario files: parsing, overrides, sweeps, and the error messages a user sees.
#include <doctest/doctest.h>

#include "sim/families/families.hpp"
#include "sim/scenario/scenario.hpp"

using namespace banditsim;

namespace {
Scenario parse(const std::string& text, std::vector<std::string> overrides = {}) {
  return parse_scenario(text, "test.toml", {std::move(overrides), ""}, builtin_families());
}

/// All messages, one per line (readable in a failing CHECK).
std::string messages_of(const std::vector<ScenarioIssue>& issues) {
  std::string text;
  for (const auto& issue : issues) text += issue.to_string() + "\n";
  return text;
}

std::vector<ScenarioIssue> issues_of(const std::string& text,
                                     std::vector<std::string> overrides = {}) {
  try {
    parse(text, std::move(overrides));
  } catch (const ScenarioError& error) {
    return error.issues();
  }
  FAIL("expected a ScenarioError");
  return {};
}

std::string join_lines(const std::vector<std::string>& lines) {
  std::string text;
  for (const auto& line : lines) text += line + "\n";
  return text;
}

const char* kMinimal = R"(
[run]
seed = 7
replications = 10
horizon = 1000

[env]
kind = "bernoulli"
means = [0.2, 0.5]

[[agents]]
kind = "ucb1"
)";
}  // namespace

TEST_CASE("a minimal scenario gives one cell with defaults filled in") {
  const Scenario s = parse(kMinimal);
  CHECK(s.name == "test");
  CHECK(s.output == "results/test.h5");
  CHECK(s.seed == 7);
  CHECK(s.replications == 10);
  REQUIRE(s.cells.size() == 1);
  const Cell& cell = s.cells[0];
  CHECK(cell.horizon == 1000);
  CHECK(cell.record_steps.front() == 10);
  CHECK(cell.record_steps.back() == 1000);
  CHECK(cell.record_steps.size() == 100);
  REQUIRE(cell.agents.size() == 1);
  CHECK(cell.agents[0].label == "ucb1");
  CHECK(cell.agents[0].params.real("c") == 2.0);  // the default
  CHECK(cell.agents[0].canonical == "kind = \"ucb1\"\nc = 2.0\n");
  CHECK(cell.env.canonical == "kind = \"bernoulli\"\nmeans = [0.2, 0.5]\n");
  CHECK(s.total_steps() == 10.0 * 1000.0);
}

TEST_CASE("three mistakes give three messages, each with file:line:column and key") {
  const auto issues = issues_of(R"([run]
replications = 10
horizon = 1000
[env]
kind = "bernoulli"
means = [0.2, 1.5]
[[agents]]
kind = "ucb1"
c = "large"
[[agents]]
kind = "ucb1"
label = "ucb-b"
cc = 1.0
)");
  REQUIRE(issues.size() == 3);
  CHECK(issues[0].to_string() == "test.toml:6:9: env.means: element 1 must be in [0, 1], got 1.5");
  CHECK(issues[1].to_string() ==
        "test.toml:9:5: agents.ucb1.c: expected a real number, got a string");
  CHECK(issues[2].to_string() ==
        "test.toml:13:1: agents.ucb-b.cc: unknown parameter of agent 'ucb1' (did you mean 'c'?)");
}

TEST_CASE("missing sections, unknown kinds and unknown [run] keys are reported together") {
  const auto issues = issues_of(R"([run]
replications = 0
horizn = 5
[env]
kind = "bernouli"
[[agents]]
kind = "ucb"
)");
  CHECK(messages_of(issues) ==
        join_lines({"test.toml:1:1: run.horizon: missing required key 'horizon' (or 'budget', "
                    "'steps', 'samples' or 'iterations'): "
                    "steps per replication (regret minimisation; or give budget)",
                    "test.toml:2:16: run.replications: must be in [1, 1000000000], got 0",
                    "test.toml:3:1: run.horizn: unknown key in [run] (did you mean 'horizon'?)",
                    "test.toml:5:8: env.kind: unknown environment 'bernouli' (did you mean "
                    "'bernoulli'?)",
                    "test.toml:7:8: agents.ucb.kind: unknown agent 'ucb' (did you mean 'ucb1'?)"}));
}

TEST_CASE("a TOML syntax error is reported with its position") {
  const auto issues = issues_of("[run]\nreplications = = 3\n");
  REQUIRE(issues.size() == 1);
  CHECK(issues[0].where.line == 2);
  CHECK(issues[0].where.file == "test.toml");
}

TEST_CASE("--set overrides values, and its mistakes name the argument") {
  const Scenario s =
      parse(kMinimal, {"agents.ucb1.c=0.5", "run.replications=3", "env.means=[0.1, 0.9]"});
  CHECK(s.cells[0].agents[0].params.real("c") == 0.5);
  CHECK(s.replications == 3);
  CHECK(s.cells[0].env.params.real_list("means") == RealList{0.1, 0.9});
  const auto issues = issues_of(kMinimal, {"agents.ucb2.c=1", "env.means=oops", "c=3"});
  REQUIRE(issues.size() == 3);
  CHECK(issues[0].to_string() ==
        "--set agents.ucb2.c=1: agents.ucb2.c: no agent is labelled 'ucb2' (did you mean 'ucb1'?)");
  CHECK(issues[1].to_string() ==
        "--set c=3: c: unknown section 'c' (valid: run, env, agents); "
        "expected run.KEY, env.KEY or agents.LABEL.KEY");
  CHECK(issues[2].to_string() ==
        "--set env.means=oops: env.means: expected an array of numbers, got a string");
}

TEST_CASE("grid, zip and list sweeps expand and cross in file order") {
  const Scenario s = parse(std::string(kMinimal) + R"(
[[agents]]
kind = "ucb1"
label = "wide"

[[sweep]]
agents.ucb1.c = [0.5, 1.0]
agents.wide.c = [4.0, 8.0, 16.0]

[[sweep]]
mode = "zip"
run.horizon = [100, 1000]
run.record_every = [10, 100]

[[sweep]]
mode = "list"
cases = [ { env.means = [0.1, 0.2] }, { env = { means = [0.3, 0.4, 0.5] } } ]
)");
  REQUIRE(s.cells.size() == 2 * 3 * 2 * 2);
  // The first block varies slowest; within a grid, the first key slowest.
  const Cell& last = s.cells.back();
  CHECK(last.agents[0].params.real("c") == 1.0);
  CHECK(last.agents[1].params.real("c") == 16.0);
  CHECK(last.horizon == 1000);
  CHECK(last.record_steps.size() == 10);
  CHECK(last.env.params.real_list("means").size() == 3);
  const Cell& second = s.cells[1];
  CHECK(second.agents[0].params.real("c") == 0.5);
  CHECK(second.agents[1].params.real("c") == 4.0);
  CHECK(second.horizon == 100);
  CHECK(second.env.params.real_list("means").size() == 3);
  std::vector<std::string> names;
  for (const auto& key : s.swept_keys) names.push_back(key.key + "->" + key.coordinate_name);
  CHECK(names == std::vector<std::string>{"agents.ucb1.c->ucb1_c", "agents.wide.c->wide_c",
                                          "run.horizon->horizon", "run.record_every->record_every",
                                          "env.means->means"});
  REQUIRE(last.swept.size() == 5);
  CHECK(std::get<double>(last.swept[1].value) == 16.0);
}

TEST_CASE("sweep mistakes: bad keys, unequal zip lengths, a key swept twice") {
  const auto issues = issues_of(std::string(kMinimal) + R"(
[[sweep]]
agents.ucb1.c = [0.5, "x"]
run.seed = [1, 2]

[[sweep]]
mode = "zip"
run.horizon = [100, 1000]
run.record_every = [10]

[[sweep]]
mode = "grid"
agents.ucb1.c = [3.0]
)");
  CHECK(messages_of(issues) ==
        join_lines({"test.toml:15:23: agents.ucb1.c: expected a real number, got a string",
                    "test.toml:16:1: run.seed: run.seed cannot be swept (sweepable [run] keys: "
                    "horizon, budget, record_every, record_log_points)",
                    "test.toml:21:1: run.record_every: zip sweep arrays must have equal "
                    "lengths: run.horizon has 2 values, run.record_every has 1",
                    "test.toml:25:1: agents.ucb1.c: already swept by the [[sweep]] block at "
                    "line 14; sweep each key in one block"}));
}

TEST_CASE("the fingerprint ignores comments but not values") {
  const Scenario a = parse(kMinimal);
  const Scenario b = parse(std::string("# a comment\n") + kMinimal);
  const Scenario c = parse(kMinimal, {"agents.ucb1.c=2.5"});
  CHECK(a.fingerprint == b.fingerprint);
  CHECK(a.fingerprint != c.fingerprint);
}

TEST_CASE("coordinate names never take a reserved name, even as a fallback") {
  const Scenario s = parse(std::string(kMinimal) + R"(
[[agents]]
kind = "epsilon_greedy"
label = "eps"

[[sweep]]
mode = "list"
cases = [
  { env = { kind = "bernoulli", means = [0.2, 0.5] }, agents.eps.kind = "epsilon_greedy" },
  { env = { kind = "gaussian", means = [0.2, 0.5] }, agents.eps = { kind = "ucb1", c = 1.0 } },
]
)");
  std::vector<std::string> names;
  for (const auto& key : s.swept_keys) names.push_back(key.key + "->" + key.coordinate_name);
  // "kind" is swept twice (so owner-prefixed), and env_kind is reserved for the
  // per-cell environment kind, so the environment's gets the whole key.
  CHECK(names == std::vector<std::string>{"env.kind->sweep_env_kind", "env.means->means",
                                          "agents.eps.kind->eps_kind", "agents.eps.c->c"});
}

// "Every problem at once": each of these hid problems (or failed an internal
// check without a location) before the loader was split.

TEST_CASE("an unknown environment does not hide the agents' parameter errors") {
  const auto issues = issues_of(R"([run]
replications = 10
horizon = 100
[env]
kind = "bernouli"
means = [0.2, 0.5]
[[agents]]
kind = "ucb1"
c = "large"
[[agents]]
kind = "epsilon_greedy"
epsilon = 1.5
)");
  CHECK(messages_of(issues) ==
        join_lines({"test.toml:5:8: env.kind: unknown environment 'bernouli' (did you mean "
                    "'bernoulli'?)",
                    "test.toml:9:5: agents.ucb1.c: expected a real number, got a string",
                    "test.toml:12:11: agents.epsilon_greedy.epsilon: must be in [0, 1], got 1.5"}));
}

TEST_CASE("a base value of the wrong type is reported even if a sweep replaces it everywhere") {
  const auto issues = issues_of(std::string(kMinimal) + R"(
[[agents]]
kind = "epsilon_greedy"
label = "eps"
epsilon = "x"

[[sweep]]
agents.eps.epsilon = [0.1, 0.2]
)");
  CHECK(messages_of(issues) ==
        join_lines({"test.toml:17:11: agents.eps.epsilon: expected a real number, got a string"}));
  const auto run_issues = issues_of(R"([run]
replications = 10
horizon = "long"
record_every = 0
[env]
kind = "bernoulli"
means = [0.2, 0.5]
[[agents]]
kind = "ucb1"
[[sweep]]
mode = "zip"
run.horizon = [100, 200]
run.record_every = [10, 20]
)");
  CHECK(messages_of(run_issues) ==
        join_lines({"test.toml:3:11: run.horizon: expected an integer, got a string",
                    "test.toml:4:16: run.record_every: must be >= 1, got 0"}));
}

TEST_CASE("a missing horizon is a scenario issue reported with the others") {
  // No horizon at all, with another mistake elsewhere in the file.
  const auto issues = issues_of(R"([run]
replications = 10
[env]
kind = "bernoulli"
means = [0.2, 0.5]
[[agents]]
kind = "ucb1"
[extra]
)");
  CHECK(messages_of(issues) ==
        join_lines({"test.toml:1:1: run.horizon: missing required key 'horizon' (or 'budget'): "
                    "steps per replication (regret minimisation; or give budget)",
                    "test.toml:8:2: extra: unknown top-level key (valid: run, env, agents, "
                    "sweep)"}));
  // A horizon given by only some cases of a list sweep.
  const auto some = issues_of(R"([run]
replications = 10
[env]
kind = "bernoulli"
means = [0.2, 0.5]
[[agents]]
kind = "ucb1"
[[sweep]]
mode = "list"
cases = [ { run.horizon = 100 }, { env.means = [0.1, 0.9] }, { run.horizon = 200 } ]
[extra]
)");
  CHECK(messages_of(some) ==
        join_lines({"test.toml:1:1: run.horizon: missing required key 'horizon' (or 'budget'): "
                    "steps per replication (regret minimisation; or give budget) (a [[sweep]] "
                    "case leaves it out, and [run] does not give it) (in 1 of 3 cells: 1)",
                    "test.toml:11:2: extra: unknown top-level key (valid: run, env, agents, "
                    "sweep)"}));
  // No [run] table at all: that is the message, and the others still come.
  const auto no_run = issues_of(R"([env]
kind = "bernoulli"
means = [0.2, 1.5]
[[agents]]
kind = "ucb1"
)");
  CHECK(messages_of(no_run) ==
        join_lines({"test.toml:1:1: run: missing [run] table (replications and horizon at least)",
                    "test.toml:3:9: env.means: element 1 must be in [0, 1], got 1.5"}));
}

TEST_CASE("the step count may be swept under either name, but not under both") {
  const Scenario s = parse(R"([run]
replications = 10
[env]
kind = "bernoulli"
means = [0.2, 0.5]
[[agents]]
kind = "ucb1"
[[sweep]]
run.budget = [50, 100]
)");
  CHECK(s.horizon_key == "budget");
  REQUIRE(s.cells.size() == 2);
  CHECK(s.cells[1].horizon == 100);
  CHECK(s.cells[1].canonical.rfind("[run]\nbudget = 100\n", 0) == 0);
  REQUIRE(s.swept_keys.size() == 1);
  CHECK(s.swept_keys[0].coordinate_name == "budget");

  // A horizon in [run] and a swept budget: the sweep used to be silently ignored.
  const auto issues = issues_of(std::string(kMinimal) + R"(
[[sweep]]
run.budget = [50, 100]
)");
  CHECK(messages_of(issues) ==
        join_lines({"test.toml:15:1: run.budget: give either horizon or budget, not both (each "
                    "names the step count of the bandit family)"}));
}
