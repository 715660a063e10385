// What the dp_bai family writes per replication, through its own runner: the error
// indicator, simple regret and recommended arm agree with the instance's means,
// and pulls stay within the budget.
#include <doctest/doctest.h>

#include <algorithm>
#include <vector>

#include "sim/families/dp_bai/metrics.hpp"
#include "sim/families/families.hpp"
#include "sim/scenario/scenario.hpp"

using namespace banditsim;

TEST_CASE("dp_bai output: error, simple regret and pulls follow from the recommended arm") {
  // Instance A's means (spec 1.8.3); a small budget so that recommendations vary.
  const std::vector<double> means{0.70, 0.40, 0.64, 0.62, 0.59, 0.65, 0.57, 0.26};
  const std::string text = R"([run]
seed = 5
replications = 300
budget = 48
[env]
kind = "bai_linear"
instance = "A"
[[agents]]
kind = "dp_sh"
epsilon = 0.5
[[agents]]
kind = "dp_bai"
epsilon = 0.2
)";
  const Scenario scenario = parse_scenario(text, "out.toml", {}, builtin_families());
  const Cell& cell = scenario.cells[0];
  const OutputLayout layout(scenario.metrics.metrics, 2, cell.record_steps.size());
  std::vector<double> buffer(layout.size());
  ReplicationOutput output(layout, buffer);
  const auto runner = scenario.prepared[0]->make_runner();
  std::vector<int> recommended(8, 0);
  for (std::uint64_t rep = 0; rep < 300; ++rep) {
    runner->run_replication(rep, output);
    for (std::size_t agent = 0; agent < 2; ++agent) {
      const auto arm = static_cast<std::size_t>(output.value(agent, dp_bai::kRecommended));
      REQUIRE(arm < 8);
      ++recommended[arm];
      CHECK(output.value(agent, dp_bai::kSimpleRegret) == doctest::Approx(0.70 - means[arm]));
      CHECK(output.value(agent, dp_bai::kError) == (arm == 0 ? 0.0 : 1.0));
      CHECK(output.value(agent, dp_bai::kPulls) <= 48);
    }
  }
  // The test sees several recommendations, so it can tell arms apart.
  CHECK(std::count_if(recommended.begin(), recommended.end(), [](int c) { return c > 0; }) >= 3);
}
