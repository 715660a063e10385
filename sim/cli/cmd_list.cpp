// banditsim list: every family's agents, environments and metrics.
#include <algorithm>
#include <iomanip>
#include <iostream>

#include "sim/cli/options.hpp"
#include "sim/families/families.hpp"

namespace banditsim::cli {

namespace {
constexpr const char* kHelp = R"(Usage: banditsim list

Lists the problem families and, for each, its agents, environments and
metrics, with one line each, and the [run] keys the family adds (the name of
its step count: horizon, budget, iterations, ...). Use the names in scenario files
(kind = "NAME") and see a component's parameters with `banditsim describe NAME`.)";

void print_components(std::span<const ComponentInfo> components) {
  std::size_t width = 0;
  for (const auto& info : components) width = std::max(width, info.name.size());
  for (const auto& info : components)
    std::cout << "    " << std::left << std::setw(static_cast<int>(width) + 2) << info.name
              << info.summary
              << (info.fidelity == Fidelity::kReconstruction ? "  [reconstruction]"
                  : info.fidelity == Fidelity::kOurs         ? "  [our design]"
                                                             : "")
              << "\n";
}
}  // namespace

int list_command(const Args& args) {
  po::options_description options("Options");
  options.add_options()("help,h", "show this help");
  po::variables_map values;
  if (!parse_options(args, options, {}, values, kHelp)) return kExitOk;
  for (const Family* family : builtin_families()) {
    std::cout << "family " << family->name() << ": " << family->description() << "\n";
    std::cout << "  agents:\n";
    print_components(family->agents());
    std::cout << "  environments:\n";
    print_components(family->environments());
    std::cout << "  metrics:\n";
    std::size_t metric_width = 0;
    for (const auto& metric : family->metrics())
      metric_width = std::max(metric_width, metric.name.size());
    for (const auto& metric : family->metrics())
      std::cout << "    " << std::left << std::setw(static_cast<int>(metric_width) + 2)
                << metric.name << metric.long_name
                << (!metric.extent.empty()
                        ? "  (one value per " + metric.extent + " and replication: " + metric.name +
                              "_0, " + metric.name + "_1, ...)"
                    : metric.kind == MetricKind::kFinal       ? "  (one value per replication)"
                    : metric.kind == MetricKind::kCategorical ? "  (categorical outcome)"
                                                              : "")
                << "\n";
    std::cout << "  [run] step count:";
    for (const auto& axis : family->step_axes()) std::cout << " " << axis.name;
    std::cout << "\n";
    for (const auto& key : family->run_params())
      std::cout << "  [run] " << key.name << ": " << key.help << "\n";
  }
  std::cout << "\n`banditsim describe NAME` shows parameters, defaults, ranges and references.\n";
  return kExitOk;
}

}  // namespace banditsim::cli
