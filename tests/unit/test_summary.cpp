// `banditsim summary` text: the numbers and interval bounds of a tiny file.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <sstream>
#include <string>
#include <vector>

#include "sim/output/results_file.hpp"
#include "sim/output/results_reader.hpp"
#include "sim/output/summary.hpp"
#include "tests/support/results_fixture.hpp"

using namespace banditsim;
using namespace banditsim::testing;

namespace {

std::string summary_of(const ResultsFile& results) {
  std::ostringstream out;
  print_summary(results, out);
  return out.str();
}

/// The lines of `text` with runs of spaces collapsed, so rows compare without alignment.
std::vector<std::string> collapsed_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    std::istringstream words(line);
    std::string collapsed, word;
    while (words >> word) collapsed += (collapsed.empty() ? "" : " ") + word;
    lines.push_back(collapsed);
  }
  return lines;
}

}  // namespace

TEST_CASE("format_summary_number is printf %.4g") {
  CHECK(format_summary_number(2) == "2");
  CHECK(format_summary_number(0.868416) == "0.8684");
  CHECK(format_summary_number(3.131584) == "3.132");
  CHECK(format_summary_number(123456.0) == "1.235e+05");
  CHECK(format_summary_number(0.00012345) == "0.0001234");  // round-half-even of the binary value
  CHECK(format_summary_number(-0.0) == "0");
  CHECK(format_summary_number(-std::nan("")) == "nan");
}

namespace {

/// The summary's two heading lines with the default quantiles (q10, q90).
const std::string kHeading =
    "Final values: mean and 95% confidence interval; paired difference to the first agent in "
    "the same replication.";
const std::string kQuantileHeading =
    "Median: 95% order-statistic (binomial) interval; q10, q90: quantiles (type 7); intervals "
    "stay in the metric's range.";

/// An in-memory results file: one cell, `finals[agent]` of one metric.
ResultsFile one_metric(const MetricInfo& info, const std::vector<std::vector<double>>& finals) {
  ResultsFile results;
  results.path = "mem.h5";
  results.family = "bandit";
  results.num_cells = 1;
  results.num_agents = finals.size();
  results.num_replications = finals.front().size();
  for (std::size_t a = 0; a < finals.size(); ++a)
    results.agent_labels.push_back(a == 0 ? "a" : "b" + std::to_string(a));
  results.horizons = {100};
  std::vector<double> all;
  for (const auto& agent : finals) all.insert(all.end(), agent.begin(), agent.end());
  results.metrics = {{info, all}};
  return results;
}

/// The collapsed data rows (after the column header) of a one-metric summary.
std::vector<std::string> data_rows(const std::string& text) {
  const auto lines = collapsed_lines(text);
  std::vector<std::string> rows;
  for (std::size_t i = 0; i < lines.size(); ++i)
    if (lines[i].rfind("agent ", 0) == 0)
      rows.assign(lines.begin() + static_cast<std::ptrdiff_t>(i) + 1, lines.end());
  return rows;
}

}  // namespace

TEST_CASE("summary of a written file: means, intervals, paired differences, quantiles") {
  ResultsHeader header = sample_header();
  header.metrics[0].valid_min = 0;  // regret >= 0
  header.metrics[1].valid_min = 0;  // error in [0, 1]
  header.metrics[1].valid_max = 1;
  ResultsFileWriter writer(scratch_dir("summary") / "run.h5", header);
  writer.write_cell(sample_cell(0));
  writer.write_cell(sample_cell(1));
  writer.commit();
  const std::string text = summary_of(read_results(writer.final_path()));
  CAPTURE(text);
  // Expected values by hand: regret {1,2,3} -> 2 -/+ 1.96/sqrt(3); {2,4,6} -> 4 -/+ 2*1.96/sqrt(3);
  // error {0,1,1} -> Wilson(2/3, 3); difference {1,0,0} -> 1/3 -/+ 1.96*sqrt(1/3)/sqrt(3).
  // Medians of 3 values: x_(2); no rank has P(B <= l - 1) <= 2.5% (P(B = 0) = 1/8), so the
  // interval is the metric's range. q10 = x_0 + 0.2 (x_1 - x_0), q90 = x_1 + 0.8 (x_2 - x_1).
  const std::vector<std::string> expected{
      "demo (bandit): 2 cells, 2 agents, 3 replications",
      kHeading,
      kQuantileHeading,
      "",
      "cell 0: arms=5, epsilon=0.1, offset=7.0, mixed=3.0, optimistic=true, shuffle=false, "
      "noise=gaussian, means=[0.5, 1e-20], horizon 20",
      "regret: Cumulative regret [reward] (range >= 0)",
      "agent mean 95% CI vs ucb 95% CI median 95% CI q10 q90",
      "ucb 2 [0.8684, 3.132] ref 2 [0, inf] 1.2 2.8",
      "greedy 4 [1.737, 6.263] 2 [0.8684, 3.132] 4 [0, inf] 2.4 5.6",
      "error: Error probability [1] (range [0, 1]; indicator: Wilson interval)",
      "agent mean 95% CI vs ucb 95% CI median 95% CI q10 q90",
      "ucb 0.6667 [0.2077, 0.9385] ref 1 [0, 1] 0.2 1",
      "greedy 1 [0.4385, 1] 0.3333 [-0.32, 0.9867] 1 [0, 1] 1 1",
      "",
      "cell 1: arms=10, mixed=0.5, shuffle=true, means=[[1.0, 0.0], [0.0, 1.0]], horizon 30",
      "regret: Cumulative regret [reward] (range >= 0)",
      "agent mean 95% CI vs ucb 95% CI median 95% CI q10 q90",
      "ucb 10 [10, 10] ref 10 [0, inf] 10 10",
      "greedy 12 [10.87, 13.13] 2 [0.8684, 3.132] 12 [0, inf] 11.2 12.8",
      "error: Error probability [1] (range [0, 1]; indicator: Wilson interval)",
      "agent mean 95% CI vs ucb 95% CI median 95% CI q10 q90",
      "ucb 0 [0, 0.5615] ref 0 [0, 1] 0 0",
      "greedy 0.3333 [0.06149, 0.7923] 0.3333 [-0.32, 0.9867] 0 [0, 1] 0 0.8",
  };
  CHECK(collapsed_lines(text) == expected);
}

TEST_CASE("summary columns are aligned and one replication gives no interval") {
  ResultsFile results;
  results.path = "one.h5";
  results.family = "bandit";
  results.num_cells = 1;
  results.num_agents = 2;
  results.num_replications = 1;
  results.agent_labels = {"a", "longer"};
  results.horizons = {100};
  results.metrics = {{{"regret", "Regret", "", "", false}, {1.5, 2.25}}};
  CHECK(summary_of(results) ==
        "one.h5 (bandit): 1 cell, 2 agents, 1 replication\n" + kHeading + "\n" + kQuantileHeading +
            "\n"
            "\n"
            "cell 0: horizon 100\n"
            "  regret: Regret\n"
            "    agent   mean  95% CI  vs a  95% CI  median  95% CI   q10   q90\n"
            "    a        1.5  n/a      ref             1.5  n/a      1.5   1.5\n"
            "    longer  2.25  n/a     0.75  n/a       2.25  n/a     2.25  2.25\n");
}

TEST_CASE("summary: intervals of a bounded metric stay in its range") {
  // A best-arm rate near 1: the normal interval of the mean reaches above 1 (0.975 +
  // 1.96 * 0.05 / 2 = 1.024), and the paired difference {0, 0, 0, -0.1} - ... of agent b
  // vs a stays in [-1, 1]. Before clipping the summary printed [0.926, 1.024].
  const MetricInfo rate{.name = "best_arm_rate",
                        .long_name = "rate",
                        .units = "1",
                        .description = "",
                        .valid_min = 0,
                        .valid_max = 1};
  const auto results = one_metric(rate, {{1, 1, 1, 0.9}, {0, 0, 0, 1}});
  const std::string text = summary_of(results);
  CAPTURE(text);
  CHECK(text.find("  best_arm_rate: rate [1] (range [0, 1])\n") != std::string::npos);
  // a: 0.975 [0.926, 1]; b: 0.25 [-0.24, 0.74] -> [0, 0.74]; b - a = {-1, -1, -1, 0.1}: -0.725
  // -/+ 1.96 * 0.55 / 2 -> [-1, -0.186]; medians of 4 values: no rank (P(B = 0) = 1/16), so [0, 1];
  // q10/q90 by type 7.
  CHECK(data_rows(text) == std::vector<std::string>{
                               "a 0.975 [0.926, 1] ref 1 [0, 1] 0.93 1",
                               "b1 0.25 [0, 0.74] -0.725 [-1, -0.186] 0 [0, 1] 0 0.7",
                           });
}

TEST_CASE("summary: NaN finals are left out, all-NaN shows n/a, --quantiles choose columns") {
  const double nan = std::nan("");
  const MetricInfo regret{.name = "regret", .long_name = "regret", .valid_min = 0};
  // a has a value in 5 replications, b in none, c in all 6.
  const auto results = one_metric(
      regret, {{1, 2, nan, 3, 4, 5}, {nan, nan, nan, nan, nan, nan}, {2, 3, 4, 5, 6, 7}});
  std::ostringstream out;
  print_summary(results, out, SummaryOptions{{25, 75}});
  const std::string text = out.str();
  CAPTURE(text);
  // a: {1, 2, 3, 4, 5}: mean 3, sd sqrt(2.5), 3 -/+ 1.96 sqrt(0.5) = [1.614, 4.386]; median 3,
  // n = 5 has no rank: [0, inf]; q25 2, q75 4. c - a over the 5 complete pairs: {1, 1, 2, 2, 2}
  // -> 1.6 [1.12, 2.08]; c: 4.5 [3.003, 5.997], median 4.5, n = 6: [x_(1), x_(6)] = [2, 7].
  // (Means and intervals checked with numpy: x.mean() -/+ z x.std(ddof=1) / sqrt(n).)
  const auto lines = collapsed_lines(text);
  CHECK(std::find(lines.begin(), lines.end(),
                  "agent mean 95% CI vs a 95% CI median 95% CI q25 q75") != lines.end());
  CHECK(data_rows(text) == std::vector<std::string>{
                               "a 3 [1.614, 4.386] ref 3 [0, inf] 2 4",
                               "b1 n/a n/a n/a n/a n/a n/a n/a n/a",
                               "b2 4.5 [3.003, 5.997] 1.6 [1.12, 2.08] 4.5 [2, 7] 3.25 5.75",
                           });
}

TEST_CASE("summary: one agent has no paired-difference columns") {
  const MetricInfo regret{.name = "regret", .long_name = "regret", .valid_min = 0};
  const auto results = one_metric(regret, {{1, 2, 3, 4, 5, 6}});
  const std::string text = summary_of(results);
  CAPTURE(text);
  // {1..6}: mean 3.5, sd sqrt(3.5): 3.5 -/+ 1.96 sqrt(3.5 / 6) = [2.003, 4.997]; median 3.5,
  // n = 6: [x_(1), x_(6)]; q10 = 1 + 0.5, q90 = 5 + 0.5.
  const auto lines = collapsed_lines(text);
  CHECK(std::find(lines.begin(), lines.end(), "agent mean 95% CI median 95% CI q10 q90") !=
        lines.end());
  CHECK(data_rows(text) == std::vector<std::string>{"a 3.5 [2.003, 4.997] 3.5 [1, 6] 1.5 5.5"});
}
