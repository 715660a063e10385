// `banditsim summary` text: the numbers and interval bounds of a tiny file.
#include <doctest/doctest.h>

#include <sstream>

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

TEST_CASE("summary of a written file: means, intervals and paired differences") {
  ResultsFileWriter writer(scratch_dir("summary") / "run.h5", sample_header());
  writer.write_cell(sample_cell(0));
  writer.write_cell(sample_cell(1));
  writer.commit();
  const std::string text = summary_of(read_results(writer.final_path()));
  CAPTURE(text);
  // Expected values by hand: regret {1,2,3} -> 2 -/+ 1.96/sqrt(3); {2,4,6} -> 4 -/+ 2*1.96/sqrt(3);
  // error {0,1,1} -> Wilson(2/3, 3); difference {1,0,0} -> 1/3 -/+ 1.96*sqrt(1/3)/sqrt(3).
  const std::vector<std::string> expected{
      "demo (bandit): 2 cells, 2 agents, 3 replications",
      "Final values: mean and 95% confidence interval; paired difference to the first agent in "
      "the same replication.",
      "",
      "cell 0: arms=5, epsilon=0.1, offset=7.0, mixed=3.0, optimistic=true, shuffle=false, "
      "noise=gaussian, means=[0.5, 1e-20], horizon 20",
      "regret: Cumulative regret [reward]",
      "agent mean 95% CI vs ucb 95% CI",
      "ucb 2 [0.8684, 3.132] ref",
      "greedy 4 [1.737, 6.263] 2 [0.8684, 3.132]",
      "error: Error probability [1] (indicator: Wilson interval)",
      "agent mean 95% CI vs ucb 95% CI",
      "ucb 0.6667 [0.2077, 0.9385] ref",
      "greedy 1 [0.4385, 1] 0.3333 [-0.32, 0.9867]",
      "",
      "cell 1: arms=10, mixed=0.5, shuffle=true, means=[[1.0, 0.0], [0.0, 1.0]], horizon 30",
      "regret: Cumulative regret [reward]",
      "agent mean 95% CI vs ucb 95% CI",
      "ucb 10 [10, 10] ref",
      "greedy 12 [10.87, 13.13] 2 [0.8684, 3.132]",
      "error: Error probability [1] (indicator: Wilson interval)",
      "agent mean 95% CI vs ucb 95% CI",
      "ucb 0 [0, 0.5615] ref",
      "greedy 0.3333 [0.06149, 0.7923] 0.3333 [-0.32, 0.9867]",
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
        "one.h5 (bandit): 1 cell, 2 agents, 1 replication\n"
        "Final values: mean and 95% confidence interval; paired difference to the first agent "
        "in the same replication.\n"
        "\n"
        "cell 0: horizon 100\n"
        "  regret: Regret\n"
        "    agent   mean  95% CI  vs a  95% CI\n"
        "    a        1.5  n/a      ref\n"
        "    longer  2.25  n/a     0.75  n/a\n");
}
