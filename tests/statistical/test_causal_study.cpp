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
  study.finals.assign(cell.agents.size(), std::vector<std::vector<double>>(
                                              kNumCausalMetrics, std::vector<double>(reps)));
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

TEST_CASE(
    "causal study, stationary: CSL-UCB and LinSEM-TS far below GOLEM-MAB, far below Vanilla UCB") {
  // Spec A.9-9 on scenarios/causal/stationary_small.toml (20 instances, seed 2025).
  // Reference frequencies from the 100-instance study (stationary.toml, same seed,
  // bench/README.md): per instance, CSL-UCB's pseudo-regret is below GOLEM-MAB's on
  // 96 of 100 and below Vanilla UCB's on 99; GOLEM-MAB below Vanilla UCB on 93.
  // Thresholds on 20 instances, binomial false-failure rates at those frequencies:
  // >= 16 of 20 (0.3%), >= 17 (1e-4), >= 15 (0.3%). Mean regret / (T x best): CSL
  // 0.087, LinSEM-TS 0.011, GOLEM 0.448, Vanilla 0.726 over 100 instances (0.164,
  // 0.004, 0.504, 0.747 on these 20); "far below" is a factor 2 (CSL, GOLEM), 4
  // (LinSEM-TS, GOLEM) and 1.25 (GOLEM, Vanilla), each at least 1.3 times the
  // ratio seen on the 20 (heavy-tailed instances: the means carry s.e. of 30%).
  const StudyFinals study = run_study("stationary_small.toml");
  std::map<std::string, double> normalized;
  for (const auto& agent : study.agents) {
    normalized[agent] = mean(study.of(agent, kNormalizedRegret));
    MESSAGE(agent << ": mean pseudo-regret at T = " << mean(study.of(agent, kPseudoRegret))
                  << ", mean normalised regret " << normalized[agent]);
  }
  CHECK(normalized["CSL-UCB"] < 0.5 * normalized["GOLEM-MAB"]);
  CHECK(normalized["LinSEM-TS"] < 0.25 * normalized["GOLEM-MAB"]);
  CHECK(normalized["GOLEM-MAB"] < 0.8 * normalized["Vanilla-UCB"]);
  const auto& csl = study.of("CSL-UCB", kPseudoRegret);
  const auto& golem = study.of("GOLEM-MAB", kPseudoRegret);
  const auto& vanilla = study.of("Vanilla-UCB", kPseudoRegret);
  MESSAGE("CSL-UCB below GOLEM-MAB on " << wins(csl, golem) << " of 20, below Vanilla UCB on "
                                        << wins(csl, vanilla) << "; GOLEM-MAB below Vanilla UCB on "
                                        << wins(golem, vanilla));
  CHECK(wins(csl, golem) >= 16);
  CHECK(wins(csl, vanilla) >= 17);
  CHECK(wins(golem, vanilla) >= 15);
}
