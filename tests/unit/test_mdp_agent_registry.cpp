// The mdp agents as the registry builds them (agents/mdp/all.hpp): every ComponentInfo
// is the mdp family's, carries its fidelity markers, and builds from its own defaults;
// every agent runs on samples, trajectories and expected updates from those defaults,
// and is reproducible after reset.
#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <variant>
#include <vector>

#include "agents/mdp/all.hpp"
#include "tests/support/mdp_test_problem.hpp"
#include "tests/support/param_defaults.hpp"

using namespace banditsim;
using namespace banditsim::mdp;
using namespace banditsim::testing;

namespace {

std::vector<double> run(AnyMdpAgent& agent, const MdpTestProblem& test, int steps) {
  Rng rng(99);
  return std::visit(
      [&](auto& a) {
        a.reset(test.problem());
        for (int k = 0; k < steps; ++k) {
          if (test.problem().data == DataMode::kExpected) {
            a.expected_update();
          } else {
            Transition t = test.sample(rng, 0.1);
            t.episode_start = test.problem().data != DataMode::kTrajectory || k == 0;
            a.observe(t);
          }
        }
        a.refresh();
        return std::vector<double>(a.weights().begin(), a.weights().end());
      },
      agent);
}

}  // namespace

TEST_CASE("every mdp agent's description is the mdp family's and names its sources") {
  REQUIRE(MdpAgentFactory::infos().size() == 10);
  for (const ComponentInfo& info : MdpAgentFactory::infos()) {
    CAPTURE(info.name);
    CHECK(info.family == "mdp");
    CHECK(info.role == ComponentRole::kAgent);
    CHECK_FALSE(info.summary.empty());
    CHECK_FALSE(info.reference.empty());
    const bool marked = info.notes.find("[S&B]") != std::string::npos ||
                        info.notes.find("[P]") != std::string::npos ||
                        info.notes.find("[R]") != std::string::npos ||
                        info.notes.find("[D]") != std::string::npos;
    CHECK(marked);
    CHECK(info.find("initial_weights") != nullptr);
  }
}

TEST_CASE("every mdp agent builds from its defaults and runs on every data mode") {
  for (const ComponentInfo& info : MdpAgentFactory::infos()) {
    CAPTURE(info.name);
    const ParamMap params = with_defaults(info, ParamMap{});
    AnyMdpAgent agent = MdpAgentFactory::make(info.name, params);
    for (DataMode mode : {DataMode::kSamples, DataMode::kTrajectory, DataMode::kExpected}) {
      CAPTURE(static_cast<int>(mode));
      MdpTestProblem test(state_feature_mdp(), mode);
      const bool refused = std::visit(
          [&](const auto& a) {
            try {
              a.check(test.problem());
            } catch (const ConfigError&) {
              return true;
            }
            return false;
          },
          agent);
      // Only the trace agents refuse i.i.d. samples (td_lambda's default lambda is 0.9).
      CHECK(refused ==
            (mode == DataMode::kSamples && (info.name == "td_lambda" || info.name == "etd")));
      if (refused) continue;
      const std::vector<double> first = run(agent, test, 200);
      const std::vector<double> second = run(agent, test, 200);
      REQUIRE(first.size() == 2);
      CHECK(first == second);  // reset forgets everything
      for (double w : first) CHECK(std::isfinite(w));
      std::visit([](const auto& a) { CHECK(a.status().diverged_at == -1); }, agent);
    }
  }
}
