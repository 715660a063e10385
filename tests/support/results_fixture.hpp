// A small synthetic run for the results-file tests: 2 cells with different
// horizons and interleaved record steps (so each cell has NaN holes on the
// union t axis), 2 agents, 3 replications, an ordinary and an indicator metric,
// and sweep coordinates of every storage type, some absent in a cell.
#pragma once

#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include "sim/output/results_model.hpp"

namespace banditsim::testing {

inline constexpr std::size_t kCells = 2, kAgents = 2, kReps = 3, kMetrics = 2;

/// t = {10, 15, 20, 30}: cell 0 (horizon 20) records 10 and 20, cell 1 (horizon 30) 15 and 30.
inline const std::vector<std::vector<std::size_t>> kTIndex{{0, 2}, {1, 3}};

/// finals[metric][cell][agent][rep]; the summary test's expected numbers come from these.
inline const double kFinals[kMetrics][kCells][kAgents][kReps] = {
    {{{1, 2, 3}, {2, 4, 6}}, {{10, 10, 10}, {11, 13, 12}}},  // regret
    {{{0, 1, 1}, {1, 1, 1}}, {{0, 0, 0}, {0, 0, 1}}},        // error (indicator)
};

/// A curve value that names where it came from: statistic s (0 mean, 1 std,
/// 2 diff mean, 3 diff std), metric m, cell c, agent a, record j.
inline double curve_value(int s, std::size_t m, std::size_t c, std::size_t a, std::size_t j) {
  return 10000.0 * s + 1000.0 * m + 100.0 * c + 10.0 * a + j + 0.25;
}

/// A scenario text longer than 64 KiB, with non-ASCII characters.
inline std::string long_scenario_text() {
  std::string text = "# scénario µ\n";
  while (text.size() < 100 * 1024) text += "[[agents]]\nkind = \"ucb1\"\n";
  return text;
}

inline ResultsHeader sample_header() {
  using Value = std::variant<std::monostate, ParamValue>;
  ResultsHeader header;
  header.family = "bandit";
  header.agent_labels = {"ucb", "greedy"};
  header.agent_kinds = {"ucb1", "epsilon_greedy"};
  header.metrics = {{"regret", "Cumulative regret", "reward", "Sum of gaps.", false},
                    {"error", "Error probability", "1", "1 if the recommendation is wrong.", true}};
  header.num_cells = kCells;
  header.num_replications = kReps;
  header.t = {10, 15, 20, 30};
  header.horizons = {20, 30};
  header.cell_configs = {"horizon = 20\n", "horizon = 30\n"};
  header.env_kinds = {"gaussian", "bernoulli"};
  header.coordinates = {
      {"arms",
       "env.arms",
       {Value{ParamValue{std::int64_t{5}}}, Value{ParamValue{std::int64_t{10}}}}},
      {"epsilon", "agents.greedy.epsilon", {Value{ParamValue{0.1}}, Value{}}},
      {"offset", "env.offset", {Value{ParamValue{std::int64_t{7}}}, Value{}}},
      {"mixed", "env.mixed", {Value{ParamValue{std::int64_t{3}}}, Value{ParamValue{0.5}}}},
      {"optimistic", "agents.ucb.optimistic", {Value{ParamValue{true}}, Value{}}},
      {"shuffle", "env.shuffle", {Value{ParamValue{false}}, Value{ParamValue{true}}}},
      {"noise", "env.noise", {Value{ParamValue{std::string("gaussian")}}, Value{}}},
      {"means",
       "env.means",
       {Value{ParamValue{RealList{0.5, 1e-20}}}, Value{ParamValue{RealMatrix{{1, 0}, {0, 1}}}}}},
  };
  header.attributes = {{"scenario_name", std::string("demo")},
                       {"scenario_toml", long_scenario_text()},
                       {"master_seed", std::uint64_t{9223372036854775813ULL}},
                       {"threads", std::int64_t{2}},
                       {"wall_seconds", 1.5}};
  return header;
}

inline CellStatistics sample_cell(std::size_t c) {
  CellStatistics cell;
  cell.cell = c;
  cell.t_index = kTIndex[c];
  const std::size_t records = cell.t_index.size();
  for (std::size_t m = 0; m < kMetrics; ++m) {
    MetricStatistics stats;
    for (auto* curve : {&stats.value.mean, &stats.value.std, &stats.paired_difference.mean,
                        &stats.paired_difference.std})
      curve->resize(kAgents * records);
    for (std::size_t a = 0; a < kAgents; ++a)
      for (std::size_t j = 0; j < records; ++j) {
        stats.value.mean[a * records + j] = curve_value(0, m, c, a, j);
        stats.value.std[a * records + j] = curve_value(1, m, c, a, j);
        stats.paired_difference.mean[a * records + j] = curve_value(2, m, c, a, j);
        stats.paired_difference.std[a * records + j] = curve_value(3, m, c, a, j);
      }
    for (std::size_t a = 0; a < kAgents; ++a)
      for (std::size_t r = 0; r < kReps; ++r) stats.finals.push_back(kFinals[m][c][a][r]);
    cell.metrics.push_back(std::move(stats));
  }
  return cell;
}

/// An empty scratch directory for one test.
inline std::filesystem::path scratch_dir(const std::string& name) {
  const auto dir = std::filesystem::path(BANDITSIM_TEST_TMP) / name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

}  // namespace banditsim::testing
