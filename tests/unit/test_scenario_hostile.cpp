// Scenario files written to break the loader (issue 7, section 2): values that
// would run and give NaN or inf, sizes that would exhaust memory, names that
// would write outside results/, empty strings that silently became defaults,
// and misspelt sweep keys. Each is refused with file, line and dotted key.
#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>

#include "sim/families/families.hpp"
#include "sim/scenario/scenario.hpp"
#include "tests/support/run_helpers.hpp"

using namespace banditsim;

namespace {
std::vector<ScenarioIssue> issues_of(const std::string& text,
                                     std::vector<std::string> overrides = {}) {
  try {
    parse_scenario(text, "test.toml", {std::move(overrides), ""}, builtin_families());
  } catch (const ScenarioError& error) {
    return error.issues();
  }
  FAIL("expected a ScenarioError");
  return {};
}

/// The one issue of a scenario; fails unless there is exactly one.
ScenarioIssue only_issue(const std::string& text, std::vector<std::string> overrides = {}) {
  const auto issues = issues_of(text, std::move(overrides));
  REQUIRE(issues.size() == 1);
  return issues.front();
}

const char* kGaussian = R"([run]
replications = 10
horizon = 100
[env]
kind = "gaussian"
means = [0.5, 0.0, 0.0]
sd = 1.0
[[agents]]
kind = "ucb1"
)";

const char* kSphere = R"([run]
replications = 10
horizon = 100
[env]
kind = "linear"
arm_set = "sphere"
num_arms = 100000000
dim = 100000
[[agents]]
kind = "lin_ucb"
)";

std::string with_run_line(const std::string& line) {
  return "[run]\n" + line + "\n" + std::string(kGaussian).substr(6);
}
}  // namespace

TEST_CASE("an infinite real parameter is refused where it is written") {
  const auto sd = only_issue(R"([run]
replications = 10
horizon = 100
[env]
kind = "gaussian"
means = [0.5, 0.0, 0.0]
sd = inf
[[agents]]
kind = "ucb1"
)");
  CHECK(sd.to_string() ==
        "test.toml:7:6: env.sd: must be finite (inf is not allowed here), got inf");
  const auto c = only_issue(kGaussian, {"agents.ucb1.c=inf"});
  CHECK(c.key == "agents.ucb1.c");
  CHECK(c.message == "must be finite (inf is not allowed here), got inf");
  // NaN was already refused by every range; -inf by "> 0".
  CHECK(only_issue(kGaussian, {"env.sd=nan"}).key == "env.sd");
}

TEST_CASE("a spec that allows infinity keeps it: thompson_gaussian's flat prior") {
  const std::string text = std::string(kGaussian) + "[[agents]]\nkind = \"thompson_gaussian\"\n";
  const Scenario s = parse_scenario(
      text, "test.toml", {{"agents.thompson_gaussian.prior_sd=inf"}, ""}, builtin_families());
  CHECK(std::isinf(s.cells[0].agents[1].params.real("prior_sd")));
  CHECK(only_issue(text, {"agents.thompson_gaussian.sigma=inf"}).key ==
        "agents.thompson_gaussian.sigma");
}

TEST_CASE("gaussian means are finite and at most 1e100 in magnitude") {
  const auto inf = only_issue(R"([run]
replications = 10
horizon = 100
[env]
kind = "gaussian"
means = [inf, 0.0, 0.0]
[[agents]]
kind = "ucb1"
)");
  CHECK(inf.to_string() ==
        "test.toml:6:9: env.means: element 0 must be in [-1e+100, 1e+100], got inf");
  const auto huge = only_issue(kGaussian, {"env.means=[1e308, -1e308, 0.0]"});
  CHECK(huge.key == "env.means");
  CHECK(huge.message == "element 0 must be in [-1e+100, 1e+100], got 1e+308");
  CHECK_NOTHROW(parse_scenario(kGaussian, "t.toml", {{"env.means=[1e100, -1e100, 0.0]"}, ""},
                               builtin_families()));
}

TEST_CASE("linear means are bounded through ||x_a|| ||theta||, before any run") {
  const std::string text = R"([run]
replications = 10
horizon = 100
[env]
kind = "linear"
features = [[1.0, 0.0], [0.0, 1.0]]
theta = [1e200, 0.0]
[[agents]]
kind = "lin_ucb"
)";
  const auto given = only_issue(text);
  CHECK(
      given.to_string().starts_with("test.toml:7:9: env.theta: linear: the means <x_a, theta> "
                                    "can reach max ||x_a|| ||theta|| = 1e+200"));
  const auto scaled =
      only_issue(kSphere, {"env.num_arms=10", "env.dim=3", "env.theta_scale=1e200"});
  CHECK(scaled.key == "env.theta_scale");
}

TEST_CASE("a sphere arm set too large to allocate is refused, naming num_arms and dim") {
  const auto issue = only_issue(kSphere);
  CHECK(issue.to_string() ==
        "test.toml:7:12: env.num_arms: linear: num_arms = 100000000 and dim = 100000 make "
        "num_arms x dim = 1e+13 feature values (80 TB), more than the 1e8 values (800 MB) an "
        "environment may hold; reduce num_arms or dim");
  // basis_confusers: K = dim + confusers arms of dim values each.
  const auto basis = only_issue(kSphere, {"env.arm_set=\"basis_confusers\"", "env.num_arms=0",
                                          "env.dim=20000", "agents.lin_ucb.kind=\"ucb1\""});
  CHECK(basis.key == "env.dim");
  CHECK(basis.message.find("make num_arms x dim = 4.0002e+08 feature values (3.2 GB)") !=
        std::string::npos);
}

TEST_CASE("lin_ucb refuses a dim whose dim x dim matrix would not fit") {
  const auto issue = only_issue(kSphere, {"env.num_arms=10"});
  CHECK(issue.to_string() ==
        "test.toml:9:1: agents.lin_ucb: lin_ucb: keeps a dim x dim matrix V^-1, and the "
        "environment's dim = 100000 would need more than the 1e8 values (800 MB) an agent may "
        "hold; use dim <= 10000");
}

TEST_CASE("more than a million records per curve is refused before making them") {
  const auto issue = only_issue(kGaussian, {"run.horizon=1000000000000", "run.record_every=1"});
  CHECK(issue.key == "run.record_every");
  CHECK(
      issue.message.starts_with("record_every = 1 with horizon = 1000000000000 makes "
                                "1000000000000 records per curve, more than the 1000000"));
  // At the limit it is fine (the steps are made, 8 MB).
  CHECK_NOTHROW(parse_scenario(kGaussian, "t.toml",
                               {{"run.horizon=1000000", "run.record_every=1"}, ""},
                               builtin_families()));
}

TEST_CASE("a scenario name is a plain file name: results/NAME.h5 stays in results/") {
  const auto up = only_issue(with_run_line("name = \"../x\""));
  CHECK(up.to_string() ==
        "test.toml:2:8: run.name: must be a plain file name (letters, digits, '_', '-' and '.', "
        "not starting with '.'; it names results/NAME.h5), got \"../x\"");
  for (const char* bad : {"a/b", ".hidden", "x y", "/abs", ".."})
    CHECK(only_issue(kGaussian, {std::string("run.name=\"") + bad + "\""}).key == "run.name");
  const Scenario ok =
      parse_scenario(with_run_line("name = \"run-2.v1_a\""), "t.toml", {}, builtin_families());
  CHECK(ok.output == "results/run-2.v1_a.h5");
}

TEST_CASE("an empty name or output is refused, not replaced by the default") {
  CHECK(only_issue(with_run_line("name = \"\"")).to_string() ==
        "test.toml:2:8: run.name: must not be empty (it names results/NAME.h5); leave name out "
        "to use the scenario file's name");
  CHECK(only_issue(with_run_line("output = \"\"")).to_string() ==
        "test.toml:2:10: run.output: must not be empty; leave output out to write "
        "results/NAME.h5");
  CHECK(only_issue(kGaussian, {"run.output=\"\""}).key == "run.output");
  // -o replaces run.output, so the written one is not checked then.
  const Scenario s =
      parse_scenario(with_run_line("output = \"\""), "t.toml", {{}, "o.h5"}, builtin_families());
  CHECK(s.output == "o.h5");
}

TEST_CASE("a misspelt key of a sweep block gets a did-you-mean") {
  const std::string text = std::string(kGaussian) + R"([[sweep]]
modee = "grid"
agents.ucb1.c = [1.0, 2.0]
)";
  CHECK(only_issue(text).to_string() ==
        "test.toml:11:1: sweep.modee: unknown key in a [[sweep]] block (it takes mode, and run.*, "
        "env.* or agents.LABEL.* keys to sweep) (did you mean 'mode'?)");
  const auto list = only_issue(std::string(kGaussian) + R"([[sweep]]
mode = "list"
modes = 1
cases = [{ agents.ucb1.c = 1.0 }]
)");
  CHECK(list.key == "sweep.modes");
  CHECK(list.message.ends_with("(did you mean 'mode'?)"));
  const auto section = only_issue(std::string(kGaussian) + "[[sweep]]\nagent.ucb1.c = [1.0]\n");
  CHECK(section.key == "sweep.agent");
  CHECK(section.message.ends_with("(did you mean 'agents'?)"));
}

TEST_CASE("a directory or a missing file as the scenario says so") {
  const auto dir = banditsim::testing::scratch_dir("hostile-load");
  auto load_message = [](const std::filesystem::path& path) -> std::string {
    try {
      load_scenario(path, {}, builtin_families());
    } catch (const ScenarioError& error) {
      return error.issues().size() == 1 ? error.issues()[0].to_string() : error.what();
    }
    return "<loaded>";
  };
  CHECK(load_message(dir) == dir.string() +
                                 ": is a directory, not a scenario file (give a .toml file, "
                                 "e.g. scenarios/quickstart.toml)");
  CHECK(load_message(dir / "nope.toml") ==
        (dir / "nope.toml").string() + ": no such file (check the path; scenarios/ has examples)");
}
