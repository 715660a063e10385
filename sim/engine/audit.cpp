#include "sim/engine/audit.hpp"

#include <oneapi/tbb/parallel_for.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <stdexcept>

#include "sim/core/check.hpp"
#include "sim/engine/interrupt.hpp"
#include "sim/families/metric_expansion.hpp"

namespace banditsim {

namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

/// The audited outcome of replications 0..runs-1 of the cell's one agent.
std::vector<double> run_outcomes(const Family& family, const Cell& cell, const std::string& outcome,
                                 const AuditOptions& options) {
  const auto prepared = family.prepare(cell, options.seed);
  const ExpandedMetrics metrics = cell_metrics(family, *prepared);
  const auto found = std::find_if(metrics.metrics.begin(), metrics.metrics.end(),
                                  [&](const MetricInfo& m) { return m.name == outcome; });
  if (found == metrics.metrics.end() || found->kind != MetricKind::kCategorical)
    throw InternalError("audit: family '" + std::string(family.name()) + "' names outcome '" +
                        outcome + "', not one of its categorical metrics");
  const auto metric = static_cast<std::size_t>(found - metrics.metrics.begin());
  const OutputLayout layout(metrics.metrics, 1, cell.record_steps.size());
  const std::size_t slot = layout.final_slot(metric);

  std::vector<double> outcomes(options.runs);
  constexpr std::uint64_t kBlock = 2048;  // replications per runner
  const std::uint64_t blocks = (options.runs + kBlock - 1) / kBlock;
  tbb::parallel_for(std::uint64_t{0}, blocks, [&](std::uint64_t block) {
    const auto runner = prepared->make_runner();
    std::vector<double> buffer(layout.size());
    const std::uint64_t end = std::min(options.runs, (block + 1) * kBlock);
    for (std::uint64_t rep = block * kBlock; rep < end; ++rep) {
      if (interrupt_requested()) return;
      ReplicationOutput output(layout, buffer);
      runner->run_replication(rep, output);
      outcomes[rep] = buffer[slot];
    }
  });
  if (interrupt_requested()) throw std::runtime_error("audit interrupted before it finished");
  return outcomes;
}

}  // namespace

AuditResult run_audit(const Family& family, const Cell& cell, std::size_t agent,
                      const AuditOptions& options) {
  if (options.runs < 2) throw ConfigError("audit", "runs", "an audit needs at least 2 runs");
  if (!(options.alpha > 0 && options.alpha < 1))
    throw ConfigError("audit", "alpha", "alpha must lie in (0, 1)");
  const auto start = std::chrono::steady_clock::now();
  const std::optional<AuditPlan> plan =
      family.audit_plan(cell, agent, {.seed = options.seed, .random_cases = options.random_cases});
  if (!plan)
    throw ConfigError(cell.agents[agent].kind,
                      "family '" + std::string(family.name()) + "' has no private agents to audit");
  if (plan->cases.empty()) throw InternalError("audit: the family's plan has no cases");

  AuditResult result;
  result.agent_label = cell.agents[agent].label;
  result.agent_kind = cell.agents[agent].kind;
  result.outcome = plan->outcome;
  result.epsilon = plan->epsilon;
  // Bonferroni over the cases, two bounds per case (audit_statistics.hpp).
  const double beta = options.alpha / (2.0 * static_cast<double>(plan->cases.size()));
  for (const AuditCase& audit_case : plan->cases) {
    const auto case_start = std::chrono::steady_clock::now();
    const std::vector<double> first =
        run_outcomes(family, audit_case.first, plan->outcome, options);
    const std::vector<double> second =
        run_outcomes(family, audit_case.second, plan->outcome, options);
    AuditCaseResult case_result{.description = audit_case.description,
                                .bound = audit_pair(first, second, beta),
                                .seconds = seconds_since(case_start)};
    result.epsilon_lower = std::max(result.epsilon_lower, case_result.bound.epsilon_lower);
    result.total_runs += 2 * options.runs;
    result.cases.push_back(std::move(case_result));
  }
  result.violation = result.epsilon_lower > result.epsilon;
  result.seconds = seconds_since(start);
  return result;
}

}  // namespace banditsim
