#include "sim/output/summary.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <vector>

#include "sim/output/confidence.hpp"

namespace banditsim {

std::string format_summary_number(double x) {
  if (std::isnan(x)) return "nan";
  if (std::isinf(x)) return x > 0 ? "inf" : "-inf";
  if (x == 0) return "0";
  char buffer[32];
  const auto result =
      std::to_chars(buffer, buffer + sizeof buffer, x, std::chars_format::general, 4);
  return std::string(buffer, result.ptr);
}

namespace {

std::string format_interval(const Interval& interval) {
  if (std::isnan(interval.lo) || std::isnan(interval.hi)) return "n/a";
  // Appending (rather than "[" + ...) avoids a false GCC 12 -Wrestrict warning.
  std::string text = "[";
  text += format_summary_number(interval.lo);
  text += ", ";
  text += format_summary_number(interval.hi);
  return text + "]";
}

/// Rows of text cells printed in aligned columns; `right[i]` right-aligns column i.
constexpr std::size_t kColumns = 5;
using Row = std::array<std::string, kColumns>;

void print_table(const std::vector<Row>& rows, const std::array<bool, kColumns>& right,
                 std::ostream& out) {
  std::array<std::size_t, kColumns> width{};
  for (const auto& row : rows)
    for (std::size_t i = 0; i < kColumns; ++i) width[i] = std::max(width[i], row[i].size());
  for (const auto& row : rows) {
    std::string line = "    ";
    for (std::size_t i = 0; i < kColumns; ++i) {
      const std::string padding(width[i] - row[i].size(), ' ');
      line += right[i] ? padding + row[i] : row[i] + padding;
      if (i + 1 < kColumns) line += "  ";
    }
    line.erase(line.find_last_not_of(' ') + 1);
    out << line << "\n";
  }
}

/// "1 cell", "2 cells".
std::string count(std::size_t n, const std::string& noun) {
  return std::to_string(n) + " " + noun + (n == 1 ? "" : "s");
}

std::string cell_heading(const ResultsFile& results, std::size_t cell) {
  std::string heading = "cell " + std::to_string(cell) + ":";
  for (const auto& coordinate : results.coordinates)
    if (!coordinate.values[cell].empty() && coordinate.name != results.horizon_name)
      heading += " " + coordinate.name + "=" + coordinate.values[cell] + ",";
  return heading + " " + results.horizon_name + " " + std::to_string(results.horizons[cell]);
}

}  // namespace

void print_summary(const ResultsFile& results, std::ostream& out) {
  const std::string name =
      results.scenario_name.empty() ? results.path.string() : results.scenario_name;
  out << name << " (" << results.family << "): " << count(results.num_cells, "cell") << ", "
      << count(results.num_agents, "agent") << ", "
      << count(results.num_replications, "replication") << "\n"
      << "Final values: mean and 95% confidence interval; paired difference to the first agent "
         "in the same replication.\n";
  const std::string& reference = results.agent_labels.front();
  for (std::size_t cell = 0; cell < results.num_cells; ++cell) {
    out << "\n" << cell_heading(results, cell) << "\n";
    for (std::size_t m = 0; m < results.metrics.size(); ++m) {
      const MetricInfo& info = results.metrics[m].info;
      out << "  " << info.name << ": " << info.long_name;
      if (!info.units.empty()) out << " [" << info.units << "]";
      if (info.is_indicator) out << " (indicator: Wilson interval)";
      out << "\n";
      std::vector<Row> rows{{"agent", "mean", "95% CI", "vs " + reference, "95% CI"}};
      const auto baseline = results.finals(m, cell, 0);
      for (std::size_t a = 0; a < results.num_agents; ++a) {
        const auto finals = results.finals(m, cell, a);
        const Estimate value =
            info.is_indicator ? estimate_proportion(finals) : estimate_mean(finals);
        Row row{results.agent_labels[a], format_summary_number(value.mean),
                format_interval(value.ci), "ref", ""};
        if (a > 0) {
          const Estimate difference = estimate_paired_difference(finals, baseline);
          row[3] = format_summary_number(difference.mean);
          row[4] = format_interval(difference.ci);
        }
        rows.push_back(std::move(row));
      }
      print_table(rows, {false, true, false, true, false}, out);
    }
  }
}

}  // namespace banditsim
