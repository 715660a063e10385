// Environments inside the engine: the result of replication r depends only on
// (cell, master seed, r), not on which replications the same CellRunner ran
// before (the engine reuses a runner across a block of replications, on one
// thread, starting anywhere). Random linear instances are the risky case: fixed
// ones must not depend on the first replication a runner sees, redrawn ones must
// come from replication r's instance stream.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "agents/bandit/all.hpp"
#include "envs/bandit/all.hpp"
#include "sim/core/hash.hpp"
#include "sim/families/bandit/metrics.hpp"
#include "sim/registry/bandit_family.hpp"
#include "sim/scenario/cell.hpp"
#include "tests/support/param_defaults.hpp"
#include "tests/support/replicate.hpp"

using namespace banditsim;
using namespace banditsim::bandit;
using banditsim::testing::find_info;
using banditsim::testing::with_defaults;

namespace {

Cell linear_cell(bool redraw) {
  ParamMap env;
  env.set("arm_set", std::string("sphere"));
  env.set("dim", std::int64_t{3});
  env.set("num_arms", std::int64_t{6});
  env.set("redraw", redraw);
  Cell cell;
  cell.env.kind = "linear";
  cell.env.params = with_defaults(find_info(BanditEnvironmentFactory::infos(), "linear"), env);
  cell.env.canonical = "kind = \"linear\"\nredraw = " + std::string(redraw ? "true" : "false");
  cell.env.hash = fnv1a64(cell.env.canonical);
  AgentSetup agent;
  agent.kind = "ucb1";
  agent.label = "ucb1";
  agent.params = with_defaults(find_info(BanditAgentFactory::infos(), "ucb1"), {});
  agent.canonical = "kind = \"ucb1\"";
  agent.hash = fnv1a64(agent.canonical);
  cell.agents = {agent};
  cell.horizon = 300;
  cell.record_steps = {10, 100, 300};
  return cell;
}

std::vector<double> run(CellRunner& runner, const Cell& cell, std::uint64_t rep) {
  return testing::replicate(BanditFamily(), runner, cell, rep);
}

}  // namespace

TEST_CASE("linear instances: replication r is the same whichever replications ran before") {
  const BanditFamily family;
  for (const bool redraw : {false, true}) {
    INFO("redraw = " << redraw);
    const Cell cell = linear_cell(redraw);
    const auto prepared = family.prepare(cell, 77);  // outlives its runners
    const auto in_order = prepared->make_runner();
    std::vector<std::vector<double>> expected;
    for (std::uint64_t rep = 0; rep < 6; ++rep) expected.push_back(run(*in_order, cell, rep));

    const auto backwards = prepared->make_runner();
    for (std::uint64_t rep = 6; rep-- > 0;) CHECK(run(*backwards, cell, rep) == expected[rep]);
    const auto fresh = prepared->make_runner();
    CHECK(run(*fresh, cell, 4) == expected[4]);
  }
}
