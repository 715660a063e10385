// The scenario loader with a family's own vocabulary: step axes and [run] keys
// (Family::step_axes, Family::run_params), and parameters of the newer types
// (integer lists, tensors), through a small test-only family next to the
// bandit family.
#include <doctest/doctest.h>

#include <array>

#include "sim/families/families.hpp"
#include "sim/scenario/scenario.hpp"

using namespace banditsim;

namespace {

/// Writes zeros: the loader only prepares cells, but the contract wants a runner.
class ZeroRunner final : public CellRunner {
 public:
  void run_replication(std::uint64_t, ReplicationOutput& output) override {
    std::fill(output.buffer().begin(), output.buffer().end(), 0.0);
  }
};

class ZeroPreparedCell final : public PreparedCell {
 public:
  std::unique_ptr<CellRunner> make_runner() const override {
    return std::make_unique<ZeroRunner>();
  }
};

/// One agent, one environment (with an integer list and a tensor), one metric,
/// the step axis "iterations" and two [run] keys of its own.
class TestFamily final : public Family {
 public:
  std::string_view name() const override { return "testfam"; }
  std::string_view description() const override { return "a family for loader tests"; }
  std::span<const ComponentInfo> agents() const override { return agents_; }
  std::span<const ComponentInfo> environments() const override { return envs_; }
  std::span<const MetricInfo> metrics() const override { return metrics_; }
  std::span<const ParamSpec> step_axes() const override { return axes_; }
  std::span<const ParamSpec> run_params() const override { return run_; }
  std::vector<std::string> example_scenarios() const override { return {}; }
  std::unique_ptr<const PreparedCell> prepare(const Cell& cell, std::uint64_t) const override {
    if (cell.run.real("discount") == 0.5)
      throw ConfigError("still", "gain", "the test family rejects discount 0.5");
    return std::make_unique<ZeroPreparedCell>();
  }

 private:
  std::array<ComponentInfo, 1> agents_{
      ComponentInfo{.name = "still",
                    .family = "testfam",
                    .role = ComponentRole::kAgent,
                    .params = {real_param("gain", 0.5, Range::closed(0, 1), "a gain")}}};
  std::array<ComponentInfo, 1> envs_{ComponentInfo{
      .name = "grid",
      .family = "testfam",
      .role = ComponentRole::kEnvironment,
      .params = {int_list_param("sizes", std::nullopt, Range::at_least(1), 1, "grid sizes"),
                 real_tensor_param("P", RealTensor{}, Range::closed(0, 1), 0, "transitions")}}};
  std::array<MetricInfo, 1> metrics_{MetricInfo{.name = "score"}};
  std::array<ParamSpec, 1> axes_{
      int_param("iterations", std::nullopt, Range::at_least(1), "iterations per replication")};
  std::array<ParamSpec, 2> run_{
      real_param("discount", 0.9, Range::left_open(0, 1), "discount factor"),
      int_param("episodes", std::nullopt, Range::at_least(1), "episodes per iteration")};
};

const TestFamily kTestFamily;

std::vector<const Family*> families() {
  std::vector<const Family*> all(builtin_families().begin(), builtin_families().end());
  all.push_back(&kTestFamily);
  return all;
}

Scenario parse(const std::string& text, std::vector<std::string> overrides = {}) {
  return parse_scenario(text, "test.toml", {std::move(overrides), ""}, families());
}

std::string messages_of(const std::string& text, std::vector<std::string> overrides = {}) {
  try {
    parse(text, std::move(overrides));
  } catch (const ScenarioError& error) {
    std::string messages;
    for (const auto& issue : error.issues()) messages += issue.to_string() + "\n";
    return messages;
  }
  FAIL("expected a ScenarioError");
  return {};
}

const char* kGrid = R"([run]
replications = 4
iterations = 50
episodes = 3

[env]
kind = "grid"
sizes = [2, 3]

[[agents]]
kind = "still"
)";

const char* kBandit = R"([run]
replications = 4
horizon = 50

[env]
kind = "bernoulli"
means = [0.2, 0.5]

[[agents]]
kind = "ucb1"
)";

}  // namespace

TEST_CASE("a family's step axis and [run] keys: defaults, Cell::run, canonical text") {
  const Scenario s = parse(kGrid);
  CHECK(s.family == &kTestFamily);
  CHECK(s.horizon_key == "iterations");
  REQUIRE(s.cells.size() == 1);
  REQUIRE(s.prepared.size() == 1);
  const Cell& cell = s.cells[0];
  CHECK(cell.horizon == 50);
  CHECK(cell.run.real("discount") == 0.9);  // the default
  CHECK(cell.run.integer("episodes") == 3);
  CHECK(cell.env.params.int_list("sizes") == IntList{2, 3});
  CHECK(cell.env.params.real_tensor("P").empty());
  CHECK(cell.canonical ==
        "[run]\niterations = 50\nrecord = \"every auto\"\ndiscount = 0.9\nepisodes = 3\n\n"
        "[env]\nkind = \"grid\"\nP = []\nsizes = [2, 3]\n\n"
        "[[agents]]\nlabel = \"still\"\nkind = \"still\"\ngain = 0.5\n");
  // The family's keys enter the fingerprint through the canonical text.
  CHECK(parse(kGrid, {"run.discount=0.8"}).fingerprint != s.fingerprint);
  CHECK(parse(kGrid, {"run.discount=0.9"}).fingerprint == s.fingerprint);
}

TEST_CASE("a family's [run] keys can be swept and set, and become coordinates") {
  const Scenario s = parse(std::string(kGrid) + R"(
[[sweep]]
run.discount = [0.25, 1.0]
run.iterations = [10, 20]
)",
                           {"run.episodes=7"});
  REQUIRE(s.cells.size() == 4);
  CHECK(s.cells[3].run.real("discount") == 1.0);
  CHECK(s.cells[3].run.integer("episodes") == 7);
  CHECK(s.cells[3].horizon == 20);
  CHECK(s.cells[0].canonical != s.cells[2].canonical);
  std::vector<std::string> names;
  for (const auto& key : s.swept_keys) names.push_back(key.key + "->" + key.coordinate_name);
  CHECK(names == std::vector<std::string>{"run.discount->discount", "run.iterations->iterations"});
  REQUIRE(s.cells[3].swept.size() == 2);
  CHECK(s.cells[3].swept[0].present);
  CHECK(std::get<double>(s.cells[3].swept[0].value) == 1.0);
  CHECK(std::get<std::int64_t>(s.cells[3].swept[1].value) == 20);
}

TEST_CASE("a family's [run] keys are validated like component parameters") {
  CHECK(messages_of(R"([run]
replications = 4
iterations = 50
discount = 1.5
discont = 0.5
horizon = 10
[env]
kind = "grid"
sizes = [2]
[[agents]]
kind = "still"
[[sweep]]
run.discount = [0.5, "high"]
)") == "test.toml:1:1: run.episodes: missing required key 'episodes' of the testfam family "
       "(episodes per iteration)\n"
       "test.toml:4:12: run.discount: must be in (0, 1], got 1.5\n"
       "test.toml:5:1: run.discont: unknown key in [run] (did you mean 'discount'?)\n"
       "test.toml:6:1: run.horizon: 'horizon' is the step count of the bandit family, but "
       "environment 'grid' is in the testfam family (its step count: iterations)\n"
       "test.toml:13:22: run.discount: expected a real number, got a string\n");
  CHECK(messages_of(kGrid, {"run.discount=\"x\"", "run.episodes=0"}) ==
        "--set run.discount=\"x\": run.discount: expected a real number, got a string\n"
        "--set run.episodes=0: run.episodes: must be >= 1, got 0\n");
}

TEST_CASE("a key of another family in a bandit scenario says whose it is") {
  CHECK(messages_of(std::string(kBandit) + "[extra]\n", {"run.iterations=5", "run.discount=0.5"}) ==
        "--set run.discount=0.5: run.discount: 'discount' is a [run] key of the testfam family, "
        "but environment 'bernoulli' is in the bandit family (its step count: horizon or "
        "budget)\n"
        "--set run.iterations=5: run.iterations: 'iterations' is the step count of the mdp "
        "family, but environment 'bernoulli' is in the bandit family (its step count: horizon or "
        "budget)\n"
        "test.toml:11:2: extra: unknown top-level key (valid: run, env, agents, sweep)\n");
  // With the environment unknown, any family's keys are accepted (the kind is the mistake).
  CHECK(messages_of(kGrid, {"env.kind=gridd"}) ==
        "--set env.kind=gridd: env.kind: unknown environment 'gridd' (did you mean 'grid'?)\n");
}

TEST_CASE("ConfigErrors of prepare name the component and key, with the cells") {
  CHECK(messages_of(std::string(kGrid) + R"(
[[sweep]]
run.discount = [0.5, 0.9]
)") == "test.toml:10:1: agents.still.gain: still: the test family rejects discount 0.5 "
       "(in 1 of 2 cells: 0)\n");
}

TEST_CASE("integer lists and tensors in a scenario: file:line:key errors, --set, sweeps") {
  CHECK(messages_of(R"([run]
replications = 4
iterations = 50
episodes = 1
[env]
kind = "grid"
sizes = [2, 0]
P = [[[0.5, 0.5], [1.0, 0.0]], [[0.5, 0.5]]]
)"
                    "[[agents]]\nkind = \"still\"\n") ==
        "test.toml:7:9: env.sizes: element 1 must be >= 1, got 0\n"
        "test.toml:8:5: env.P: matrix 1 has 1 rows but matrix 0 has 2 (all matrices need one "
        "shape)\n");
  CHECK(messages_of(kGrid, {"env.sizes=[1.5]", "env.P=[[[0.5, 2]]]"}) ==
        "--set env.P=[[[0.5, 2]]]: env.P: entry [0][0][1] must be in [0, 1], got 2.0\n"
        "--set env.sizes=[1.5]: env.sizes: element 0 is the real 1.5, expected an integer\n");

  const Scenario s = parse(std::string(kGrid) + R"(
[[sweep]]
env.sizes = [[4], [5, 6]]
env.P = [[[[1, 0]]], [[[0.5, 0.5]], [[0, 1]]]]
)",
                           {"env.P=[[[1, 0]]]"});
  REQUIRE(s.cells.size() == 4);
  CHECK(s.cells[3].env.params.int_list("sizes") == IntList{5, 6});
  CHECK(s.cells[3].env.params.real_tensor("P") == RealTensor{{{0.5, 0.5}}, {{0.0, 1.0}}});
  REQUIRE(s.cells[3].swept.size() == 2);
  CHECK(format_value(s.cells[3].swept[0].value) == "[5, 6]");
  CHECK(format_value(s.cells[3].swept[1].value) == "[[[0.5, 0.5]], [[0.0, 1.0]]]");
  CHECK(s.cells[3].canonical.find("P = [[[0.5, 0.5]], [[0.0, 1.0]]]\nsizes = [5, 6]\n") !=
        std::string::npos);
}
