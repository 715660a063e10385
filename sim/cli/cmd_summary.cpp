// banditsim summary: the final metrics of a results file, as a table.
#include <iostream>

#include "sim/cli/options.hpp"
#include "sim/output/results_reader.hpp"
#include "sim/output/summary.hpp"

namespace banditsim::cli {

namespace {
constexpr const char* kHelp = R"(Usage: banditsim summary FILE.h5

Prints, for each cell and metric, every agent's final value (at the horizon):
its mean over replications with a 95% confidence interval (normal interval;
Wilson score interval for 0/1 metrics such as the error probability), and the
paired difference to the cell's first agent with its 95% interval. Paired
differences use the same replications (common random numbers), so they are
much tighter than the difference of two independent means.)";
}  // namespace

int summary_command(const Args& args) {
  std::string file;
  po::options_description options("Options");
  options.add_options()("help,h", "show this help")("file", po::value(&file), "results file");
  po::positional_options_description positional;
  positional.add("file", 1);
  po::variables_map values;
  if (!parse_options(args, options, positional, values, kHelp)) return kExitOk;
  if (file.empty()) throw UsageError("missing the results FILE.h5");
  print_summary(read_results(file), std::cout);
  return kExitOk;
}

}  // namespace banditsim::cli
