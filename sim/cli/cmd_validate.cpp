// banditsim validate: parse, expand and check a scenario without running it.
#include <cstdio>
#include <iostream>

#include "sim/cli/options.hpp"
#include "sim/engine/disk_estimate.hpp"
#include "sim/engine/progress.hpp"
#include "sim/families/families.hpp"
#include "sim/scenario/scenario.hpp"

namespace banditsim::cli {

namespace {
constexpr const char* kHelp = R"(Usage: banditsim validate FILE [options]

Checks the scenario FILE as `banditsim run` would (every key, type and range,
every cell built once), then prints its cells and the total number of
simulated steps, without running anything. All problems are listed at once,
each with file:line:column and key. Exit code 0 if valid, 2 if not.

Examples:
  banditsim validate scenarios/sweep_example.toml
  banditsim validate sweep.toml --set run.replications=10 --all)";
}  // namespace

namespace {
std::string format_bytes(double bytes) {
  const char* units[] = {"B", "KB", "MB", "GB", "TB"};
  int unit = 0;
  while (bytes >= 1000 && unit < 4) {
    bytes /= 1000;
    ++unit;
  }
  char text[32];
  std::snprintf(text, sizeof text, bytes < 10 && unit > 0 ? "%.1f %s" : "%.0f %s", bytes,
                units[unit]);
  return text;
}
}  // namespace

int validate_command(const Args& args) {
  std::string file, output;
  std::vector<std::string> overrides;
  po::options_description options("Options");
  options.add_options()("help,h", "show this help")("file", po::value(&file),
                                                    "scenario file (TOML)")(
      "output,o", po::value(&output)->value_name("OUT"), "as for run")(
      "set", po::value(&overrides)->composing()->value_name("KEY=VALUE"),
      "override a scenario value, as for run")("all", po::bool_switch(),
                                               "list every cell (default: the first 20)");
  po::positional_options_description positional;
  positional.add("file", 1);
  po::variables_map values;
  if (!parse_options(args, options, positional, values, kHelp)) return kExitOk;
  if (file.empty()) throw UsageError("missing the scenario FILE");

  const Scenario scenario = load_scenario(file, {overrides, output}, builtin_families());
  std::cout << scenario.file << ": valid\n"
            << "  name          " << scenario.name << "\n"
            << "  family        " << scenario.family->name() << "\n"
            << "  agents        ";
  for (std::size_t a = 0; a < scenario.agent_labels.size(); ++a)
    std::cout << (a ? ", " : "") << scenario.agent_labels[a] << " (" << scenario.agent_kinds[a]
              << ")";
  std::cout << "\n  replications  " << scenario.replications << " per cell\n"
            << "  seed          " << scenario.seed << "\n"
            << "  record        " << scenario.record.describe() << "\n"
            << "  output        " << scenario.output << "\n"
            << "  cells         " << scenario.cells.size() << "\n";
  const bool all = values["all"].as<bool>();
  const std::size_t shown =
      all ? scenario.cells.size() : std::min<std::size_t>(20, scenario.cells.size());
  for (std::size_t c = 0; c < shown; ++c) {
    const Cell& cell = scenario.cells[c];
    std::cout << "    cell " << c << ": " << scenario.horizon_key << "=" << cell.horizon
              << " env=" << cell.env.kind;
    for (const auto& swept : cell.swept)
      if (swept.key != "run." + scenario.horizon_key)
        std::cout << " " << swept.key << "=" << (swept.present ? format_value(swept.value) : "-");
    std::cout << "  (" << cell.record_steps.size() << " records)\n";
  }
  if (shown < scenario.cells.size())
    std::cout << "    ... " << scenario.cells.size() - shown << " more (--all lists them)\n";
  std::cout << "  total         " << ProgressReporter::format_count(scenario.total_steps())
            << " simulated steps (" << static_cast<long long>(scenario.total_steps())
            << "; cells x agents x replications x horizon)\n";
  const WorkPlan plan = WorkPlan::for_scenario(scenario);
  const DiskEstimate disk = estimate_disk(scenario, plan);
  std::cout << "  work          " << plan.items().size()
            << " blocks (each cell's replications in blocks of up to about "
            << ProgressReporter::format_count(BlockLayout::kTargetBlockSteps)
            << " bandit-step equivalents of work: what threads, shards and ranks share out)\n"
            << "  disk          results file up to " << format_bytes(disk.results_bytes)
            << " (before compression); journal up to " << format_bytes(disk.journal_bytes)
            << " while running (" << scenario.output << ".partial)\n";
  return kExitOk;
}

}  // namespace banditsim::cli
