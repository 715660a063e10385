// The causal-bandit study end to end (issue 8, spec A.9-8/9): the small variants of
// the shipped scenarios through the family's runner, on the same instances and
// noise for every agent (common random numbers), as `banditsim run` computes them.
#include <doctest/doctest.h>

#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "sim/families/causal/metrics.hpp"
#include "sim/families/families.hpp"
#include "sim/scenario/scenario.hpp"

using namespace banditsim;
using namespace banditsim::causal;

namespace {

/// Per agent label, per replication: the final value of each metric.
struct StudyFinals {
  std::vector<std::string> agents;
  std::vector<std::vector<std::vector<double>>> finals;  // [agent][metric][rep]

  const std::vector<double>& of(const std::string& agent, CausalMetric metric) const {
    const auto it = std::find(agents.begin(), agents.end(), agent);
    REQUIRE(it != agents.end());
    return finals[static_cast<std::size_t>(it - agents.begin())][metric];
  }
};

StudyFinals run_study(const std::string& file) {
  const Scenario scenario =
      load_scenario(std::filesystem::path(BANDITSIM_SOURCE_DIR) / "scenarios/causal" / file,
                    {{}, ""}, builtin_families());
  const Family& family = *scenario.family;
  const Cell& cell = scenario.cells[0];
  const std::size_t reps = static_cast<std::size_t>(scenario.replications);
  const OutputLayout layout(family.metrics(), cell.agents.size(), cell.record_steps.size());
  std::vector<std::vector<double>> buffers(reps, std::vector<double>(layout.size()));
  tbb::parallel_for(std::size_t{0}, reps, [&](std::size_t rep) {
    const auto runner = scenario.prepared[0]->make_runner();
    ReplicationOutput output(layout, buffers[rep]);
    runner->run_replication(rep, output);
  });
  StudyFinals study;
  for (const auto& agent : cell.agents) study.agents.push_back(agent.label);
  study.finals.assign(cell.agents.size(),
                      std::vector<std::vector<double>>(kNumCausalMetrics, std::vector<double>(reps)));
  for (std::size_t a = 0; a < cell.agents.size(); ++a)
    for (std::size_t m = 0; m < kNumCausalMetrics; ++m)
      for (std::size_t r = 0; r < reps; ++r) {
        const ReplicationOutput output(layout, buffers[r]);
        study.finals[a][m][r] = output.value(a, m);
      }
  return study;
}

double mean(const std::vector<double>& v) {
  double sum = 0.0;
  for (const double x : v) sum += x;
  return sum / static_cast<double>(v.size());
}

/// Instances on which `a` has strictly less of the metric than `b`.
int wins(const std::vector<double>& a, const std::vector<double>& b) {
  int count = 0;
  for (std::size_t i = 0; i < a.size(); ++i) count += a[i] < b[i];
  return count;
}

}  // namespace

TEST_CASE("causal study, stationary: CSL-UCB and LinSEM-TS far below GOLEM-MAB, far below Vanilla UCB") {
  const StudyFinals study = run_study("stationary_small.toml");
  std::map<std::string, double> regret;
  for (const auto& agent : study.agents) {
    regret[agent] = mean(study.of(agent, kPseudoRegret));
    MESSAGE(agent << ": mean pseudo-regret at T = " << regret[agent] << ", normalised regret "
                  << mean(study.of(agent, kNormalizedRegret)));
  }
  const auto& csl = study.of("CSL-UCB", kPseudoRegret);
  MESSAGE("CSL-UCB beats GOLEM-MAB on " << wins(csl, study.of("GOLEM-MAB", kPseudoRegret))
                                        << " of 20, Vanilla UCB on "
                                        << wins(csl, study.of("Vanilla-UCB", kPseudoRegret)));
  CHECK(false);  // thresholds to be set from the first run
}
