// The conformance checks every mdp agent passes (beside the family battery of
// test_family_battery.cpp), through the family's own runner: for each agent of
// AnyMdpAgent, on each data mode it supports (a Baird trajectory, i.i.d. samples
// of the dial chain, expected updates),
//   - the same replication gives the same numbers, after other replications too;
//   - once warmed up (a first replication), no heap allocation through operator new
//     per step: a replication of 40000 steps allocates exactly as often as one of
//     20000 with the same 4 record steps (the data source, observe(),
//     expected_update(), the metrics), and online agents not at all. reset() may
//     allocate (a batch agent's per-replication buffers); Armadillo takes its
//     memory from malloc, which this counter does not see, so the batch agents'
//     solves at record steps are not covered.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "agents/mdp/all.hpp"
#include "sim/families/families.hpp"
#include "sim/scenario/scenario.hpp"
#include "tests/support/allocation_counter.hpp"

using namespace banditsim;

namespace {

struct Replication {
  std::vector<double> buffer;
  long allocations = 0;
};

Replication replicate(const Scenario& scenario, CellRunner& runner, std::uint64_t rep) {
  const Cell& cell = scenario.cells[0];
  const OutputLayout layout(scenario.metrics.metrics, cell.agents.size(), cell.record_steps.size());
  Replication out;
  out.buffer.assign(layout.size(), 0.0);
  ReplicationOutput output(layout, out.buffer);
  const auto before = static_cast<long>(testing::allocation_count());
  runner.run_replication(rep, output);
  out.allocations = static_cast<long>(testing::allocation_count()) - before;
  return out;
}

bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (!(a[i] == b[i] || (std::isnan(a[i]) && std::isnan(b[i])))) return false;
  return true;
}

}  // namespace

TEST_CASE("mdp agents: reproducible, no allocation per step on every data mode they support") {
  const std::string baird = "kind = \"baird\"";
  const std::string dial = "kind = \"dial_chain\"\ntheta = 0.5\nt = 0.2";
  for (const ComponentInfo& info : mdp::MdpAgentFactory::infos()) {
    const bool traces = info.name == "td_lambda" || info.name == "etd";
    struct Mode {
      std::string axis, env, w0;
    };
    std::vector<Mode> modes = {{"iterations", dial, "[0.0, 0.0]"}};
    if (traces)
      modes.push_back({"steps", baird, "[1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 10.0, 1.0]"});
    else
      modes.push_back({"samples", dial, "[0.0, 0.0]"});
    for (const Mode& mode : modes) {
      INFO("agent " << info.name << " on " << mode.axis);
      const bool online = info.find("alpha") != nullptr;
      auto scenario_for = [&](int steps) {
        const std::string text =
            "[run]\nseed = 9\nreplications = 4\n" + mode.axis + " = " + std::to_string(steps) +
            "\nrecord_every = " + std::to_string(steps / 4) + "\n[env]\n" + mode.env +
            "\n[[agents]]\nkind = \"" + info.name + "\"\n" + (online ? "alpha = 0.001\n" : "") +
            (info.find("initial_weights") ? "initial_weights = " + mode.w0 + "\n" : "");
        return parse_scenario(text, "conformance.toml", {}, builtin_families());
      };
      const Scenario shorter = scenario_for(20000), longer = scenario_for(40000);
      const auto runner = shorter.prepared[0]->make_runner();
      const Replication first = replicate(shorter, *runner, 1);  // warm-up
      const Replication other = replicate(shorter, *runner, 2);
      const Replication again = replicate(shorter, *runner, 1);
      CHECK(same_bits(first.buffer, again.buffer));
      const auto long_runner = longer.prepared[0]->make_runner();
      replicate(longer, *long_runner, 1);  // warm-up
      const Replication twice = replicate(longer, *long_runner, 2);
      CHECK(twice.allocations == other.allocations);
      CHECK(again.allocations == other.allocations);
      if (online) CHECK(other.allocations == 0);
      CHECK(other.allocations <= 4);  // at most a few per replication (reset)
    }
  }
}
