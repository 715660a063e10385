#include "sim/output/summary.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <utility>
#include <vector>

#include "sim/core/check.hpp"
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

ValidRange valid_range(const MetricInfo& info) { return {info.valid_min, info.valid_max}; }

namespace {

/// A value as printed in the table: "n/a" where there is none (NaN).
std::string format_value(double x) { return std::isnan(x) ? "n/a" : format_summary_number(x); }

std::string format_interval(const Interval& interval) {
  if (std::isnan(interval.lo) || std::isnan(interval.hi)) return "n/a";
  // Appending (rather than "[" + ...) avoids a false GCC 12 -Wrestrict warning.
  std::string text = "[";
  text += format_summary_number(interval.lo);
  text += ", ";
  text += format_summary_number(interval.hi);
  return text + "]";
}

/// "range [0, 1]", "range >= 0", or "" when unbounded.
std::string format_range(ValidRange range) {
  const bool low = std::isfinite(range.min), high = std::isfinite(range.max);
  if (low && high) return "range " + format_interval({range.min, range.max});
  if (low) return "range >= " + format_summary_number(range.min);
  if (high) return "range <= " + format_summary_number(range.max);
  return "";
}

/// Rows of text cells printed in aligned columns; `right[i]` right-aligns column i.
using Row = std::vector<std::string>;

void print_table(const std::vector<Row>& rows, const std::vector<bool>& right, std::ostream& out) {
  std::vector<std::size_t> width(right.size(), 0);
  for (const auto& row : rows)
    for (std::size_t i = 0; i < row.size(); ++i) width[i] = std::max(width[i], row[i].size());
  for (const auto& row : rows) {
    std::string line = "    ";
    for (std::size_t i = 0; i < row.size(); ++i) {
      const std::string padding(width[i] - row[i].size(), ' ');
      line += right[i] ? padding + row[i] : row[i] + padding;
      if (i + 1 < row.size()) line += "  ";
    }
    line.erase(line.find_last_not_of(' ') + 1);
    out << line << "\n";
  }
}

/// The pairs (values[r], reference[r]) where neither is NaN, as two vectors.
std::pair<std::vector<double>, std::vector<double>> complete_pairs(
    std::span<const double> values, std::span<const double> reference) {
  std::pair<std::vector<double>, std::vector<double>> pairs;
  for (std::size_t r = 0; r < values.size() && r < reference.size(); ++r)
    if (!std::isnan(values[r]) && !std::isnan(reference[r])) {
      pairs.first.push_back(values[r]);
      pairs.second.push_back(reference[r]);
    }
  return pairs;
}

/// "q10" (appending: "q" + std::to_string gives a false GCC 12 -Wrestrict warning).
std::string quantile_name(int percent) {
  std::string name = "q";
  name += std::to_string(percent);
  return name;
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

/// "3, 7" (trailing NaN padding dropped; at most 8 values, then "...").
std::string format_values(std::span<const double> values) {
  std::size_t n = values.size();
  while (n > 0 && std::isnan(values[n - 1])) --n;
  std::string text;
  for (std::size_t i = 0; i < n && i < 8; ++i)
    text += (i ? ", " : "") + format_summary_number(values[i]);
  if (n > 8) text += ", ... (" + std::to_string(n) + " values)";
  return text.empty() ? "n/a" : text;
}

/// The family's reference values of one cell, one line each.
void print_references(const ResultsFile& results, std::size_t cell, std::ostream& out) {
  if (results.references.empty()) return;
  out << "  reference values of the cell (exact, a paper's bound, or an estimate):\n";
  for (const auto& reference : results.references) {
    std::string dims;
    for (std::size_t d = reference.per_agent() ? 2 : 1; d < reference.dims.size(); ++d)
      dims += (dims.empty() ? "" : ", ") + reference.dims[d];
    out << "  - " << reference.name << (dims.empty() ? "" : "[" + dims + "]");
    if (reference.per_agent()) {
      out << ":";
      for (std::size_t a = 0; a < results.num_agents; ++a)
        out << (a ? "; " : " ") << results.agent_labels[a] << " "
            << format_values(reference.of(cell, a));
    } else {
      out << " = " << format_values(reference.of(cell));
    }
    out << "  (" << reference.source << ": " << reference.long_name
        << (reference.units.empty() ? "" : " [" + reference.units + "]") << ")\n";
  }
}

/// Categorical outcomes of one cell: the share of replications per outcome.
void print_outcomes(const ResultsFile& results, std::size_t cell, std::ostream& out) {
  const std::size_t reps = results.num_replications;
  for (const auto& outcome : results.outcomes) {
    out << "  " << outcome.info.name << " (" << outcome.info.long_name
        << "), share of replications per outcome:\n";
    for (std::size_t a = 0; a < results.num_agents; ++a) {
      std::map<std::int64_t, std::size_t> counts;
      const auto first = outcome.values.begin() +
                         static_cast<std::ptrdiff_t>((cell * results.num_agents + a) * reps);
      for (auto it = first; it != first + static_cast<std::ptrdiff_t>(reps); ++it)
        if (*it >= 0) ++counts[*it];
      out << "  - " << results.agent_labels[a] << ":";
      if (counts.empty()) out << " n/a";
      std::size_t shown = 0;
      for (const auto& [value, n] : counts) {
        if (++shown > 12) {
          out << " ... (" << counts.size() << " outcomes)";
          break;
        }
        out << " " << value << ": "
            << format_summary_number(100.0 * static_cast<double>(n) / static_cast<double>(reps))
            << "%";
      }
      out << "\n";
    }
  }
}

}  // namespace

void print_summary(const ResultsFile& results, std::ostream& out, const SummaryOptions& options) {
  const std::string name =
      results.scenario_name.empty() ? results.path.string() : results.scenario_name;
  std::string quantile_names;
  for (int percent : options.quantiles) {
    BANDITSIM_CHECK(percent > 0 && percent < 100 && percent != 50, "a quantile in 1..99, not 50");
    if (!quantile_names.empty()) quantile_names += ", ";
    quantile_names += quantile_name(percent);
  }
  out << name << " (" << results.family << "): " << count(results.num_cells, "cell") << ", "
      << count(results.num_agents, "agent") << ", "
      << count(results.num_replications, "replication") << "\n"
      << "Final values: mean and 95% confidence interval; paired difference to the first agent "
         "in the same replication.\nMedian: 95% order-statistic (binomial) interval; "
      << (quantile_names.empty() ? "" : quantile_names + ": quantiles (type 7); ")
      << "intervals stay in the metric's range.\n";
  const std::string& reference = results.agent_labels.front();
  std::vector<bool> right{false, true, false, true, false, true, false};
  for (std::size_t i = 0; i < options.quantiles.size(); ++i) right.push_back(true);
  std::vector<bool> without_paired = right;
  without_paired.erase(without_paired.begin() + 3, without_paired.begin() + 5);
  for (std::size_t cell = 0; cell < results.num_cells; ++cell) {
    out << "\n" << cell_heading(results, cell) << "\n";
    for (std::size_t m = 0; m < results.metrics.size(); ++m) {
      const MetricInfo& info = results.metrics[m].info;
      const ValidRange range = valid_range(info);
      out << "  " << info.name << ": " << info.long_name;
      if (!info.units.empty()) out << " [" << info.units << "]";
      std::string notes = format_range(range);
      if (info.is_indicator)
        notes += (notes.empty() ? "" : "; ") + std::string("indicator: Wilson interval");
      if (!notes.empty()) out << " (" << notes << ")";
      out << "\n";
      Row header{"agent", "mean", "95% CI", "vs " + reference, "95% CI", "median", "95% CI"};
      for (int percent : options.quantiles) header.push_back(quantile_name(percent));
      std::vector<Row> rows{header};
      const auto baseline = results.finals(m, cell, 0);
      for (std::size_t a = 0; a < results.num_agents; ++a) {
        const auto finals = results.finals(m, cell, a);
        std::vector<double> values = without_nan(finals);
        Estimate value =
            info.is_indicator ? estimate_proportion(values) : estimate_mean(values, range);
        value.ci = clip(value.ci, range);  // Wilson is in [0, 1] already
        Row row{results.agent_labels[a], format_value(value.mean), format_interval(value.ci), "ref",
                ""};
        if (a > 0) {
          const auto [x, y] = complete_pairs(finals, baseline);
          const Estimate difference = estimate_paired_difference(x, y, range);
          row[3] = format_value(difference.mean);
          row[4] = format_interval(difference.ci);
        }
        std::sort(values.begin(), values.end());
        const Estimate median = estimate_quantile(values, 0.5, range);
        row.push_back(format_value(median.mean));
        row.push_back(format_interval(median.ci));
        for (int percent : options.quantiles)
          row.push_back(format_value(sample_quantile(values, percent / 100.0)));
        rows.push_back(std::move(row));
      }
      if (results.num_agents == 1) {  // no one to compare with: no "vs" columns
        for (auto& row : rows) row.erase(row.begin() + 3, row.begin() + 5);
        print_table(rows, without_paired, out);
      } else {
        print_table(rows, right, out);
      }
    }
    print_outcomes(results, cell, out);
    print_references(results, cell, out);
  }
}

}  // namespace banditsim
