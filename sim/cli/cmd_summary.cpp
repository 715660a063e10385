// banditsim summary: the final metrics of a results file, as a table.
#include <charconv>
#include <iostream>
#include <string>
#include <vector>

#include "sim/cli/options.hpp"
#include "sim/output/results_reader.hpp"
#include "sim/output/summary.hpp"

namespace banditsim::cli {

namespace {
constexpr const char* kHelp = R"(Usage: banditsim summary FILE.h5 [--quantiles LIST]

Prints, for each cell and metric, every agent's final value (at the horizon):
  mean     its mean over replications with a 95% confidence interval (normal
           interval; Wilson score interval for 0/1 metrics such as the error
           probability);
  vs A     the paired difference to the cell's first agent A with its 95%
           normal interval. Paired differences use the same replications
           (common random numbers), so they are much tighter than the
           difference of two independent means;
  median   the sample median with a distribution-free 95% interval: the order
           statistics [x_(l), x_(u)] whose ranks come from Binomial(n, 1/2)
           so that coverage is at least 95% for any distribution (exact sums,
           no resampling: the same digits everywhere);
  q10 q90  further sample quantiles (Hyndman-Fan type 7, numpy's default:
           linear between the order statistics at (n - 1) p); --quantiles.
Heavy-tailed finals (a few replications stuck on a bad arm) make the mean and
its interval misleading; the median and quantiles show the typical run.

Metrics declare their valid range (the heading shows it, e.g. "range [0, 1]").
Normal intervals are clipped to it, paired differences of a metric in [a, b]
to [a - b, b - a]; a median interval with too few replications for a rank
reaches the range's bound (-inf/inf if unbounded). NaN finals (a metric that
does not apply to an agent) are left out; "n/a" where nothing remains or an
interval needs at least 2 values. analysis.table gives the same numbers, with
intervals for every quantile. Formulas: sim/output/confidence.hpp.)";

/// "10,90" -> {10, 90}; "none" or "" -> {}. Percentages must be integers in 1..99, not 50.
std::vector<int> parse_quantiles(const std::string& text) {
  std::vector<int> percents;
  if (text == "none" || text.empty()) return percents;
  std::size_t begin = 0;
  while (begin <= text.size()) {
    const std::size_t end = std::min(text.find(',', begin), text.size());
    const std::string item = text.substr(begin, end - begin);
    int percent = 0;
    const auto [ptr, error] = std::from_chars(item.data(), item.data() + item.size(), percent);
    if (item.empty() || error != std::errc() || ptr != item.data() + item.size() || percent < 1 ||
        percent > 99 || percent == 50)
      throw UsageError(
          "--quantiles takes percentages 1..99 (the median is always shown), "
          "separated by commas, or 'none'; got '" +
          item + "'");
    percents.push_back(percent);
    begin = end + 1;
  }
  return percents;
}
}  // namespace

int summary_command(const Args& args) {
  std::string file;
  std::string quantiles = "10,90";
  po::options_description options("Options");
  options.add_options()("help,h", "show this help")("file", po::value(&file), "results file")(
      "quantiles", po::value(&quantiles)->value_name("LIST"),
      "quantiles shown after the median, in percent (default 10,90; e.g. 10,25,75,90; none)");
  po::positional_options_description positional;
  positional.add("file", 1);
  po::variables_map values;
  if (!parse_options(args, options, positional, values, kHelp)) return kExitOk;
  if (file.empty()) throw UsageError("missing the results FILE.h5");
  SummaryOptions summary;
  summary.quantiles = parse_quantiles(quantiles);
  print_summary(read_results(file), std::cout, summary);
  return kExitOk;
}

}  // namespace banditsim::cli
