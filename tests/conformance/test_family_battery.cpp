// The conformance battery of every family: the built-in ones (builtin_families())
// and the test-only probe family, so a component registered in any family is
// tested the day it is registered, and so is a new family.
//
// For every component: described (summary, reference, help on every parameter),
// defaults valid, out-of-range values rejected naming the key. For every cell of
// the family's example scenarios (which together must use every agent and
// environment): the same seed gives the same output bit for bit; a replication
// does not depend on the replications a runner ran before; the runner writes
// every slot of the declared layout; NaN appears only where a metric is declared
// not to apply; values lie in the metric's declared range; categorical outcomes
// are whole numbers >= 0. A replication returns soon after a stop is requested,
// however long it is.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <future>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "sim/core/stop_flag.hpp"
#include "sim/families/families.hpp"
#include "sim/scenario/scenario.hpp"
#include "tests/support/probe_family.hpp"
#include "tests/support/replicate.hpp"

using namespace banditsim;

namespace {

std::vector<const Family*> all_families() {
  static const testing::ProbeFamily probe;
  std::vector<const Family*> families(builtin_families().begin(), builtin_families().end());
  families.push_back(&probe);
  return families;
}

/// A value a runner never writes: marks slots it left alone.
constexpr double kUnwritten = -1.2345e300;

std::vector<double> run_with_sentinel(const ExpandedMetrics& metrics, CellRunner& runner,
                                      const Cell& cell, std::uint64_t rep) {
  const OutputLayout layout(metrics.metrics, cell.agents.size(), cell.record_steps.size());
  std::vector<double> buffer(layout.size(), kUnwritten);
  ReplicationOutput output(layout, buffer);
  runner.run_replication(rep, output);
  return buffer;
}

bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (!(a[i] == b[i] || (std::isnan(a[i]) && std::isnan(b[i])))) return false;
  return true;
}

void check_components(const Family& family, std::span<const ComponentInfo> infos) {
  for (const ComponentInfo& info : infos) {
    INFO(family.name() << " component " << info.name);
    CHECK(info.family == family.name());
    CHECK_FALSE(info.summary.empty());
    CHECK_FALSE(info.reference.empty());
    std::vector<ParamProblem> problems;
    complete_params(info, {}, problems);
    for (const auto& problem : problems) CHECK(problem.kind == ParamProblem::Kind::kMissing);
    for (const ParamSpec& spec : info.params) {
      INFO("parameter " << spec.name);
      CHECK_FALSE(spec.help.empty());
      if (spec.default_value) CHECK_FALSE(spec.check(*spec.default_value).has_value());
      if (spec.type != ParamType::kInt && spec.type != ParamType::kReal) continue;
      for (const double outside : {spec.range.lo - 1.0, spec.range.hi + 1.0}) {
        if (!std::isfinite(outside)) continue;
        ParamMap given;
        if (spec.type == ParamType::kInt)
          given.set(spec.name, static_cast<std::int64_t>(outside));
        else
          given.set(spec.name, outside);
        std::vector<ParamProblem> found;
        complete_params(info, given, found);
        bool named = false;
        for (const auto& problem : found)
          named |= problem.kind == ParamProblem::Kind::kOutOfRange && problem.name == spec.name;
        CHECK_MESSAGE(named, "value " << outside << " is not rejected");
      }
    }
  }
}

void check_cell(const Family& family, const PreparedCell& prepared, const Cell& cell) {
  const ExpandedMetrics expanded = cell_metrics(family, prepared);
  const OutputLayout layout(expanded.metrics, cell.agents.size(), cell.record_steps.size());
  const auto runner = prepared.make_runner();
  const auto rep0 = run_with_sentinel(expanded, *runner, cell, 0);
  const auto rep1 = run_with_sentinel(expanded, *runner, cell, 1);
  const auto rep3 = run_with_sentinel(expanded, *runner, cell, 3);
  // Same seed, same output; and independent of what the runner ran before.
  const auto fresh = prepared.make_runner();
  CHECK(same_bits(run_with_sentinel(expanded, *fresh, cell, 3), rep3));
  CHECK(same_bits(run_with_sentinel(expanded, *fresh, cell, 0), rep0));
  CHECK(same_bits(run_with_sentinel(expanded, *fresh, cell, 1), rep1));
  if (prepared.deterministic())
    CHECK(same_bits(rep0, rep1));  // no randomness: every replication alike
  else
    CHECK_FALSE(same_bits(rep0, rep1));  // replications differ

  const auto& metrics = expanded.metrics;
  for (const auto* buffer : {&rep0, &rep1, &rep3})
    for (std::size_t a = 0; a < layout.agents(); ++a)
      for (std::size_t m = 0; m < layout.metrics(); ++m) {
        INFO("agent " << cell.agents[a].label << ", metric " << metrics[m].name);
        if (!expanded_applies(expanded, prepared, a, m)) continue;  // the engine fills these
        for (std::size_t k = 0; k < layout.width(m); ++k) {
          const double x = (*buffer)[a * layout.per_agent() + layout.offset(m) + k];
          REQUIRE_MESSAGE(x != kUnwritten, "slot " << k << " never written");
          REQUIRE_MESSAGE(!std::isnan(x), "undeclared NaN at slot " << k);
          CHECK(x >= metrics[m].valid_min);
          CHECK(x <= metrics[m].valid_max);
          if (metrics[m].is_indicator) CHECK((x == 0.0 || x == 1.0));
          if (metrics[m].kind == MetricKind::kCategorical) CHECK((x >= 0 && x == std::floor(x)));
        }
      }
}

}  // namespace

TEST_CASE("every family: components are described, defaults valid, out-of-range rejected") {
  for (const Family* family : all_families()) {
    check_components(*family, family->agents());
    check_components(*family, family->environments());
    CHECK_FALSE(family->metrics().empty());
    CHECK_FALSE(family->step_axes().empty());
    std::set<std::string> names;
    for (const MetricInfo& metric : family->metrics()) {
      CHECK(names.insert(metric.name).second);
      CHECK_FALSE(metric.long_name.empty());
      CHECK(metric.valid_min <= metric.valid_max);
    }
  }
}

namespace {

/// Values just outside a numeric parameter's range, as --set text.
std::vector<std::string> outside_values(const ParamSpec& spec) {
  std::vector<std::string> values;
  if (spec.type != ParamType::kInt && spec.type != ParamType::kReal) return values;
  for (const double x : {spec.range.lo - 1.0, spec.range.hi + 1.0})
    if (std::isfinite(x))
      values.push_back(spec.type == ParamType::kInt ? std::to_string(static_cast<std::int64_t>(x))
                                                    : format_real(x));
  return values;
}

/// Parses `text` with one override and returns the keys of the problems found.
std::set<std::string> problem_keys(const std::string& text, const std::string& override_text,
                                   std::span<const Family* const> families) {
  std::set<std::string> keys;
  try {
    parse_scenario(text, "example.toml", {{override_text}, ""}, families);
  } catch (const ScenarioError& error) {
    for (const auto& issue : error.issues()) keys.insert(issue.key);
  }
  return keys;
}

}  // namespace

TEST_CASE("every family: an out-of-range value in a scenario is an error naming its key") {
  const auto families = all_families();
  for (const Family* family : families) {
    for (const std::string& text : family->example_scenarios()) {
      const Scenario scenario = parse_scenario(text, "example.toml", {}, families);
      const Cell& cell = scenario.cells[0];
      std::vector<std::pair<std::string, const ComponentInfo*>> components;
      components.emplace_back(
          "env", find_component(families, cell.env.kind, ComponentRole::kEnvironment).info);
      for (const auto& agent : cell.agents)
        components.emplace_back("agents." + agent.label,
                                find_component(families, agent.kind, ComponentRole::kAgent).info);
      for (const auto& [prefix, info] : components)
        for (const ParamSpec& spec : info->params)
          for (const std::string& value : outside_values(spec)) {
            const std::string key = prefix + "." + spec.name;
            INFO(family->name() << ": --set " << key << "=" << value);
            CHECK(problem_keys(text, key + "=" + value, families).count(key) == 1);
          }
    }
  }
}

TEST_CASE("every family: example cells are reproducible, complete and within range") {
  const auto families = all_families();
  for (const Family* family : families) {
    std::set<std::string> used;
    for (const std::string& text : family->example_scenarios()) {
      INFO(family->name() << " example:\n" << text);
      Scenario scenario;
      REQUIRE_NOTHROW(scenario = parse_scenario(text, "example.toml", {}, families));
      REQUIRE(scenario.family == family);
      REQUIRE(scenario.prepared.size() == scenario.cells.size());
      for (std::size_t c = 0; c < scenario.cells.size(); ++c) {
        const Cell& cell = scenario.cells[c];
        used.insert(cell.env.kind);
        for (const auto& agent : cell.agents) used.insert(agent.kind);
        check_cell(*family, *scenario.prepared[c], cell);
      }
    }
    for (const auto& infos : {family->agents(), family->environments()})
      for (const ComponentInfo& info : infos)
        CHECK_MESSAGE(used.count(info.name), family->name()
                                                 << "'s examples never use '" << info.name << "'");
  }
}

namespace {

/// Clears the stop flag when a test leaves (also through a failed REQUIRE).
struct ClearStopOnExit {
  ClearStopOnExit() { clear_stop(); }
  ~ClearStopOnExit() { clear_stop(); }
  ClearStopOnExit(const ClearStopOnExit&) = delete;
  ClearStopOnExit& operator=(const ClearStopOnExit&) = delete;
};

}  // namespace

TEST_CASE("every family: a replication of 500 million steps returns soon after a stop request") {
  // Every example cell, its step count raised to 5e8: without the poll of
  // stop_requested() in the time loop a replication takes minutes (500 M steps
  // per agent at <= 3.6e8 steps/s). With it, the loop returns at its next poll,
  // at most 2^18 arm-steps (bandit) or 65536 steps (probe) later: milliseconds;
  // the cell's later agents return at their first poll. The bound of 2 s is that
  // plus room for a loaded 2-core machine (the other core busy, time slices of
  // the OS) and sanitizer builds; the latency measured is printed.
  //
  // A family whose replications cost less than their step count (dp_bai pulls a
  // batch of Bernoulli arms with one binomial draw) may finish some examples before
  // the stop; every family needs at least one example still running at the stop,
  // so that its poll is exercised. An example that refuses the raised step count
  // (a reward table shorter than 5e8 pulls) is skipped, with a message.
  using Clock = std::chrono::steady_clock;
  constexpr auto kStopAfter = std::chrono::milliseconds(100);
  constexpr auto kBound = std::chrono::seconds(2);
  const ClearStopOnExit clear_stop_on_exit;
  const auto families = all_families();
  double worst_seconds = 0.0;
  for (const Family* family : families) {
    std::size_t stopped_examples = 0;
    for (const std::string& text : family->example_scenarios()) {
      INFO(family->name() << " example:\n" << text);
      std::vector<std::string> sets;
      for (const ParamSpec& axis : family->step_axes())
        if (text.find("\n" + axis.name + " =") != std::string::npos)
          sets.push_back("run." + axis.name + "=500000000");
      REQUIRE(sets.size() == 1);
      if (text.find("\nrecord_every =") != std::string::npos)
        sets.push_back("run.record_every=125000000");
      std::optional<Scenario> parsed;
      try {
        parsed.emplace(parse_scenario(text, "example.toml", {sets, ""}, families));
      } catch (const ScenarioError& error) {
        MESSAGE(family->name() << ": an example refuses 5e8 steps, skipped: " << error.what());
        continue;
      }
      const Scenario& scenario = *parsed;
      REQUIRE(scenario.cells[0].horizon == 500000000);
      const Cell& cell = scenario.cells[0];
      const auto runner = scenario.prepared[0]->make_runner();
      const OutputLayout layout(scenario.metrics.metrics, cell.agents.size(),
                                cell.record_steps.size());
      std::vector<double> buffer(layout.size());
      ReplicationOutput output(layout, buffer);

      clear_stop();
      auto replication = std::async(std::launch::async, [&] {
        runner->run_replication(0, output);
        return Clock::now();
      });
      std::this_thread::sleep_for(kStopAfter);
      const auto stop_at = Clock::now();
      request_stop();
      const bool returned = replication.wait_for(kBound) == std::future_status::ready;
      CHECK_MESSAGE(returned, "no return within 2 s of request_stop(); waiting for it to finish");
      const auto returned_at = replication.get();
      clear_stop();
      if (returned_at < stop_at) continue;  // a short replication: proves nothing here
      ++stopped_examples;
      worst_seconds =
          std::max(worst_seconds, std::chrono::duration<double>(returned_at - stop_at).count());
    }
    CHECK_MESSAGE(stopped_examples > 0, family->name()
                                            << ": every example returned before the stop: the "
                                               "test proves nothing for this family");
  }
  MESSAGE("slowest return after request_stop(): " << worst_seconds * 1e3 << " ms");
}
