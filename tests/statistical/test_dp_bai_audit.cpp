// The privacy audit of the dp_bai agents on scenarios/dp_bai/audit.toml, where the
// Laplace noise decides the recommendation so its frequencies have closed forms:
// it finds no violation for dp_bai, dp_sh and dp_od at epsilon = 1, and finds one
// for dp_bai with its noise halved (the audit can fail).
#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "sim/engine/audit.hpp"
#include "sim/families/families.hpp"
#include "sim/scenario/scenario.hpp"

using namespace banditsim;

namespace {

const Scenario& audit_scenario() {
  static const Scenario scenario = load_scenario(
      std::string(BANDITSIM_SOURCE_DIR) + "/scenarios/dp_bai/audit.toml", {}, builtin_families());
  return scenario;
}

AuditResult audit(const std::string& label) {
  const Scenario& scenario = audit_scenario();
  const Cell& cell = scenario.cells[0];
  for (std::size_t a = 0; a < cell.agents.size(); ++a)
    if (cell.agents[a].label == label)
      return run_audit(*scenario.family, cell, a,
                       {.runs = 200000, .alpha = 0.01, .random_cases = 3, .seed = 7});
  FAIL("no agent " << label);
  return {};
}

/// P(L_0 - L_1 > c) for two independent Lap(b): (1 + c/(2b)) e^(-c/b) / 2, c >= 0.
double laplace_difference_tail(double c, double b) {
  return 0.5 * (1 + c / (2 * b)) * std::exp(-c / b);
}

/// |observed - p| within 4.4 binomial standard errors over `runs`: two-sided
/// false-failure rate 1e-5 per check.
void check_frequency(std::uint64_t count, std::uint64_t runs, double p) {
  const double n = static_cast<double>(runs);
  CHECK(std::abs(static_cast<double>(count) / n - p) <= 4.4 * std::sqrt(p * (1 - p) / n));
}

}  // namespace

TEST_CASE("dp_bai audit: epsilon = 1 agents show the closed-form log-ratio, below epsilon") {
  // One phase, n = 10 pulls per arm, Lap(b) on each mean with b = 1/(epsilon n) = 0.1.
  // Worst case x[0][0] = 0 vs 1: arm 0 wins when its noise beats arm 1's by 0.3 (D)
  // or 0.2 (D'): the audited event "arm 0 recommended".
  for (const std::string label : {"dp_bai", "dp_sh", "dp_od"}) {
    CAPTURE(label);
    const AuditResult result = audit(label);
    CHECK(result.epsilon == 1.0);
    CHECK(result.outcome == "recommended_arm");
    REQUIRE(result.cases.size() == 2 + 3);
    const AuditBound& worst = result.cases[0].bound;
    REQUIRE(worst.event.outcomes == std::vector<double>{0.0});
    check_frequency(worst.count_first, worst.runs, laplace_difference_tail(0.3, 0.1));
    check_frequency(worst.count_second, worst.runs, laplace_difference_tail(0.2, 0.1));
    // The true log-ratio is log(0.1353 / 0.0622) = 0.777; certified at alpha = 0.01
    // with 100000 certifying runs it lies within about 0.06 below that.
    CHECK(result.epsilon_lower > 0.65);
    CHECK(result.epsilon_lower < 0.777);
    CHECK_FALSE(result.violation);
    CHECK(result.total_runs == 5 * 2 * 200000);
    // Each case's bound is certified at beta = alpha / (2 cases) (Bonferroni).
    for (const AuditCaseResult& c : result.cases) {
      const bool forward = c.bound.event.favours_first;
      const double lo = clopper_pearson_lower(forward ? c.bound.count_first : c.bound.count_second,
                                              c.bound.runs, 0.01 / 10);
      const double hi = clopper_pearson_upper(forward ? c.bound.count_second : c.bound.count_first,
                                              c.bound.runs, 0.01 / 10);
      if (lo > 0) CHECK(c.bound.epsilon_lower == doctest::Approx(std::log(lo / hi)).epsilon(1e-12));
    }
  }
}

TEST_CASE("dp_bai audit: halving the noise is caught as a violation") {
  const AuditResult result = audit("dp_bai_broken");
  const AuditBound& worst = result.cases[0].bound;
  // Lap(0.05): the truth is log(0.0275 / 0.00496) = 1.71, above the claimed 1.
  check_frequency(worst.count_first, worst.runs, laplace_difference_tail(0.3, 0.05));
  check_frequency(worst.count_second, worst.runs, laplace_difference_tail(0.2, 0.05));
  CHECK(result.epsilon_lower > 1.4);
  CHECK(result.epsilon_lower < 1.71);
  CHECK(result.violation);
}
