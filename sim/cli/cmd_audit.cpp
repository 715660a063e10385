// banditsim audit: an empirical lower bound on a private agent's privacy loss.
#include <oneapi/tbb/global_control.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <optional>
#include <thread>

#include "sim/cli/options.hpp"
#include "sim/core/check.hpp"
#include "sim/engine/audit.hpp"
#include "sim/engine/interrupt.hpp"
#include "sim/families/families.hpp"
#include "sim/scenario/scenario.hpp"

namespace banditsim::cli {

namespace {
constexpr const char* kHelp = R"(Usage: banditsim audit FILE [options]

Checks empirically that the private agents of scenario FILE are as private as
they claim. For each private agent of each cell, the agent's family builds pairs
of neighbouring inputs, reward tables that differ in one reward: the worst
change of one reward (the first reward of an arm, 0 against 1, in the cell's
own table when its environment is a reward table) and --cases random pairs.
The agent runs --runs times on each table of a pair (its own noise in every
run); the outcome it releases (the recommended arm, the sequence of pulls) is
tallied. Half the runs choose the most revealing set S of outcomes, the other
half certify, with Clopper-Pearson bounds,

    epsilon >= log( P[out(D) in S] / P[out(D') in S] )

holding for all pairs together with probability at least 1 - alpha. The
largest certified bound is the agent's empirical epsilon. Above the configured
epsilon it is a VIOLATION: the agent is not epsilon-DP (its noise is too small
or its sensitivity wrong). At or below it, the audit found nothing; an audit
can never prove privacy, and how close the bound gets to epsilon depends on how
revealing the scenario's table is (scenarios/dp_bai/audit.toml is built to be).

The scenario's [run] replications are not used; its seed seeds the runs and
the random tables. Exit code 0 if no violation was found, 3 if one was,
2 for a bad scenario or an agent that is not private.

Examples:
  banditsim audit scenarios/dp_bai/audit.toml
  banditsim audit scenarios/dp_bai/audit.toml --agent dp_bai --runs 1000000
  banditsim audit scenarios/dp_bai/instance_a.toml --cell 0 --agent dp_sh)";

constexpr int kExitViolation = 3;

std::string format(double value, const char* spec = "%.3f") {
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  if (std::isnan(value)) return "nan";
  char text[32];
  std::snprintf(text, sizeof text, spec, value);
  return text;
}

std::string event_text(const AuditBound& bound, const std::string& outcome) {
  std::string text = outcome + (bound.event.outcomes.size() == 1 ? " = " : " in {");
  for (std::size_t i = 0; i < bound.event.outcomes.size() && i < 4; ++i) {
    if (i) text += ',';
    text += format(bound.event.outcomes[i], "%.0f");
  }
  if (bound.event.outcomes.size() > 4)
    text += ",... (" + std::to_string(bound.event.outcomes.size()) + " outcomes)";
  if (bound.event.outcomes.size() > 1) text += "}";
  return text + (bound.event.favours_first ? ", D over D'" : ", D' over D");
}

void print_result(const AuditResult& result, std::size_t cell, double alpha) {
  std::cout << "cell " << cell << "  agent " << result.agent_label << " (" << result.agent_kind
            << ")  configured epsilon " << format(result.epsilon, "%g") << "  outcome "
            << result.outcome << "\n";
  std::printf("  %-40s %9s %9s %9s %9s %9s %7s\n", "case (D vs D')", "runs", "P[D in S]",
              "P[D' in S]", "eps_hat", "eps_lower", "time");
  for (const auto& c : result.cases) {
    const double runs = static_cast<double>(c.bound.runs);
    std::printf("  %-40s %9llu %9.5f %9.5f %9s %9s %6.1fs\n", c.description.c_str(),
                static_cast<unsigned long long>(c.bound.runs),
                static_cast<double>(c.bound.count_first) / runs,
                static_cast<double>(c.bound.count_second) / runs,
                format(c.bound.epsilon_estimate).c_str(),
                format(std::max(0.0, c.bound.epsilon_lower)).c_str(), c.seconds);
    std::cout << "      S: " << event_text(c.bound, result.outcome) << "\n";
  }
  std::cout << "  empirical epsilon >= " << format(result.epsilon_lower) << " with "
            << format(100 * (1 - alpha), "%g") << "% confidence; configured "
            << format(result.epsilon, "%g") << ": "
            << (result.violation ? "VIOLATION (the agent is not epsilon-DP)" : "no violation found")
            << "\n  " << result.total_runs << " runs (certifying half: columns above) in "
            << format(result.seconds, "%.1f") << " s\n\n";
}

}  // namespace

int audit_command(const Args& args) {
  std::string file, agent_label;
  std::vector<std::string> overrides;
  AuditOptions options;
  int threads = 0;
  std::optional<std::size_t> only_cell;
  long long cell_option = -1;
  po::options_description described("Options");
  described.add_options()("help,h", "show this help")("file", po::value(&file),
                                                      "scenario file (TOML)")(
      "agent", po::value(&agent_label)->value_name("LABEL"),
      "audit only this agent (default: every private agent; others are skipped)")(
      "cell", po::value(&cell_option)->value_name("I"), "audit only cell I (default: all)")(
      "runs", po::value(&options.runs)->default_value(options.runs)->value_name("N"),
      "runs of the agent on each table of each pair")(
      "cases", po::value(&options.random_cases)->default_value(options.random_cases),
      "random neighbouring pairs beside the worst case")(
      "alpha", po::value(&options.alpha)->default_value(options.alpha),
      "all bounds of an agent hold together with probability 1 - alpha")(
      "threads", po::value(&threads)->value_name("N"), "computing threads (default: all cores)")(
      "set", po::value(&overrides)->composing()->value_name("KEY=VALUE"),
      "override a scenario value, as for run");
  po::positional_options_description positional;
  positional.add("file", 1);
  po::variables_map values;
  if (!parse_options(args, described, positional, values, kHelp)) return kExitOk;
  if (file.empty()) throw UsageError("missing the scenario FILE");
  if (threads < 0) throw UsageError("--threads must be positive");
  if (options.runs < 2) throw UsageError("--runs must be at least 2");
  if (!(options.alpha > 0 && options.alpha < 1)) throw UsageError("--alpha must lie in (0, 1)");

  const Scenario scenario = load_scenario(file, {overrides, ""}, builtin_families());
  if (cell_option >= 0) {
    if (static_cast<std::size_t>(cell_option) >= scenario.cells.size())
      throw UsageError("--cell " + std::to_string(cell_option) + ": the scenario has " +
                       std::to_string(scenario.cells.size()) + " cells");
    only_cell = static_cast<std::size_t>(cell_option);
  }
  if (!agent_label.empty() && std::find(scenario.agent_labels.begin(), scenario.agent_labels.end(),
                                        agent_label) == scenario.agent_labels.end())
    throw UsageError("--agent " + agent_label + ": the scenario has no agent of that label");
  options.seed = scenario.seed;
  const int used_threads =
      threads > 0 ? threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism,
                            static_cast<std::size_t>(used_threads));
  install_interrupt_handlers();

  std::cout << "audit of " << scenario.file << ": " << options.runs
            << " runs per table, alpha = " << format(options.alpha, "%g") << ", " << used_threads
            << " threads\n\n";
  bool violation = false;
  std::size_t audited = 0;
  for (std::size_t c = 0; c < scenario.cells.size(); ++c) {
    if (only_cell && *only_cell != c) continue;
    const Cell& cell = scenario.cells[c];
    for (std::size_t a = 0; a < cell.agents.size(); ++a) {
      if (!agent_label.empty() && cell.agents[a].label != agent_label) continue;
      AuditResult result;
      try {
        result = run_audit(*scenario.family, cell, a, options);
      } catch (const ConfigError& error) {
        // Not private (or not auditable): an error when asked for by name.
        if (!agent_label.empty()) throw UsageError(error.what());
        std::cout << "cell " << c << "  agent " << cell.agents[a].label
                  << ": skipped: " << error.what() << "\n\n";
        continue;
      }
      print_result(result, c, options.alpha);
      violation = violation || result.violation;
      ++audited;
    }
  }
  if (audited == 0) {
    std::cerr << "banditsim audit: no private agent to audit in " << scenario.file << "\n";
    return kExitUsage;
  }
  std::cout << (violation ? "VIOLATION found" : "no violation found") << " (" << audited
            << (audited == 1 ? " audit" : " audits") << ")\n";
  return violation ? kExitViolation : kExitOk;
}

}  // namespace banditsim::cli
