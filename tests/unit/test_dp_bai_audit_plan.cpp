// The dp_bai family's audit plan (sim/families/dp_bai/audit.hpp): which agents it
// audits, and that every case is a pair of reward tables differing in one entry.
#include <doctest/doctest.h>

#include <string>

#include "sim/core/check.hpp"
#include "sim/families/families.hpp"
#include "sim/scenario/scenario.hpp"

using namespace banditsim;

namespace {

Scenario scenario_of(const std::string& env, const std::string& agents) {
  return parse_scenario("[run]\nseed = 5\nreplications = 2\nbudget = 64\n[env]\n" + env + agents,
                        "audit_plan.toml", {}, builtin_families());
}

std::size_t differing_entries(const RealMatrix& a, const RealMatrix& b) {
  REQUIRE(a.size() == b.size());
  std::size_t differ = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    REQUIRE(a[i].size() == b[i].size());
    for (std::size_t n = 0; n < a[i].size(); ++n) differ += a[i][n] != b[i][n];
  }
  return differ;
}

}  // namespace

TEST_CASE("dp_bai audit plan: neighbouring tables for every private agent") {
  const Scenario scenario =
      scenario_of("kind = \"bai_linear\"\ninstance = \"A\"\n",
                  "[[agents]]\nkind = \"dp_od\"\nepsilon = 0.5\n[[agents]]\nkind = \"od_linbai\"\n"
                  "[[agents]]\nkind = \"dp_sh\"\n");
  const Family& family = *scenario.family;
  const Cell& cell = scenario.cells[0];
  const auto plan = family.audit_plan(cell, 0, {.seed = 9, .random_cases = 5});
  REQUIRE(plan);
  CHECK(plan->outcome == "recommended_arm");
  CHECK(plan->epsilon == 0.5);
  REQUIRE(plan->cases.size() == 4 + 5);  // instance A has 8 arms: worst cases for 4
  for (std::size_t c = 0; c < plan->cases.size(); ++c) {
    const AuditCase& audit_case = plan->cases[c];
    CAPTURE(audit_case.description);
    for (const Cell* side : {&audit_case.first, &audit_case.second}) {
      REQUIRE(side->agents.size() == 1);
      CHECK(side->agents[0].canonical == cell.agents[0].canonical);
      CHECK(side->env.kind == "reward_table");
      CHECK(side->horizon == cell.horizon);
      CHECK(side->env.params.real_matrix("table").size() == 8);
      CHECK(side->env.params.real_matrix("table")[0].size() == 64);
      // Each case cell must prepare: it is a valid cell of the family.
      CHECK_NOTHROW(family.prepare(*side, 1));
    }
    CHECK(differing_entries(audit_case.first.env.params.real_matrix("table"),
                            audit_case.second.env.params.real_matrix("table")) == 1);
    CHECK(audit_case.first.env.hash != audit_case.second.env.hash);
    if (c < 4) {  // worst cases: x[c][0] from 0 to 1
      CHECK(audit_case.first.env.params.real_matrix("table")[c][0] == 0.0);
      CHECK(audit_case.second.env.params.real_matrix("table")[c][0] == 1.0);
    }
  }
  // The same request gives the same plan (the tables come from request.seed).
  const auto again = family.audit_plan(cell, 0, {.seed = 9, .random_cases = 5});
  CHECK(again->cases[6].second.env.canonical == plan->cases[6].second.env.canonical);
  const auto other = family.audit_plan(cell, 0, {.seed = 10, .random_cases = 5});
  CHECK(other->cases[6].second.env.canonical != plan->cases[6].second.env.canonical);
}

TEST_CASE("dp_bai audit plan: agents that are not private are refused by name") {
  const Scenario scenario =
      scenario_of("kind = \"bai_linear\"\ninstance = \"B\"\n",
                  "[[agents]]\nkind = \"od_linbai\"\n[[agents]]\nkind = \"dp_bai\"\n");
  const Cell& cell = scenario.cells[0];
  try {
    (void)scenario.family->audit_plan(cell, 0, {});
    FAIL("od_linbai audited");
  } catch (const ConfigError& error) {
    CHECK(error.component() == "od_linbai");
    CHECK(std::string(error.what()).find("not private") != std::string::npos);
  }
  try {
    (void)scenario.family->audit_plan(cell, 1, {});  // dp_bai with epsilon = inf
    FAIL("epsilon = inf audited");
  } catch (const ConfigError& error) {
    CHECK(error.key() == "epsilon");
  }
}

TEST_CASE("dp_bai audit plan: a reward table environment gives its own table") {
  const Scenario scenario = scenario_of(
      "kind = \"reward_table\"\narms = [[1.0, 0.0], [0.0, 1.0]]\ntheta = [0.2, 0.5]\n"
      "table = [" +
          [] {
            std::string rows;
            for (int arm = 0; arm < 2; ++arm) {
              rows += arm ? ", [" : "[";
              for (int n = 0; n < 64; ++n)
                rows += std::string(n ? ", " : "") + (n % 3 ? "0.25" : "1.0");
              rows += "]";
            }
            return rows;
          }() +
          "]\n",
      "[[agents]]\nkind = \"dp_bai\"\nepsilon = 2.0\n");
  const auto plan = scenario.family->audit_plan(scenario.cells[0], 0, {.random_cases = 0});
  REQUIRE(plan->cases.size() == 2);
  const RealMatrix low = plan->cases[1].first.env.params.real_matrix("table");
  CHECK(low[1][0] == 0.0);
  CHECK(low[1][1] == 0.25);  // the rest is the scenario's table
  CHECK(low[0][0] == 1.0);
}
