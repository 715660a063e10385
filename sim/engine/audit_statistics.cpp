#include "sim/engine/audit_statistics.hpp"

#include <algorithm>
#include <boost/math/special_functions/beta.hpp>
#include <cmath>
#include <limits>
#include <map>

#include "sim/core/check.hpp"

namespace banditsim {

double clopper_pearson_lower(std::uint64_t successes, std::uint64_t trials, double beta) {
  BANDITSIM_CHECK(successes <= trials && trials > 0, "clopper_pearson_lower: bad counts");
  if (successes == 0) return 0.0;
  // The beta quantile: Beta(k, n - k + 1) at level beta.
  return boost::math::ibeta_inv(static_cast<double>(successes),
                                static_cast<double>(trials - successes + 1), beta);
}

double clopper_pearson_upper(std::uint64_t successes, std::uint64_t trials, double beta) {
  BANDITSIM_CHECK(successes <= trials && trials > 0, "clopper_pearson_upper: bad counts");
  if (successes == trials) return 1.0;
  return boost::math::ibeta_inv(static_cast<double>(successes + 1),
                                static_cast<double>(trials - successes), 1.0 - beta);
}

namespace {

struct Counts {
  std::uint64_t first = 0;
  std::uint64_t second = 0;
};

/// Outcome -> counts on D and D' over the replications of one parity.
std::map<double, Counts> histogram(std::span<const double> first, std::span<const double> second,
                                   std::size_t parity) {
  std::map<double, Counts> counts;
  for (std::size_t r = parity; r < first.size(); r += 2) ++counts[first[r]].first;
  for (std::size_t r = parity; r < second.size(); r += 2) ++counts[second[r]].second;
  return counts;
}

double log_ratio_lower(std::uint64_t numerator, std::uint64_t denominator, std::uint64_t runs,
                       double beta) {
  const double lo = clopper_pearson_lower(numerator, runs, beta);
  const double hi = clopper_pearson_upper(denominator, runs, beta);
  return lo > 0 ? std::log(lo / hi) : -std::numeric_limits<double>::infinity();
}

/// The event the choosing half finds most revealing: for each direction, the outcomes
/// sorted by their estimated ratio (add-one smoothed), and of the sets made by the first
/// j of them the one with the largest lower bound on that half (at a fixed 5% level: a
/// score only; the certifying half's level is what the result claims).
AuditEvent choose_event(const std::map<double, Counts>& counts, std::uint64_t runs) {
  AuditEvent best;
  double best_score = -std::numeric_limits<double>::infinity();
  struct Ranked {
    double outcome;
    std::uint64_t numerator, denominator;
  };
  for (const bool favours_first : {true, false}) {
    std::vector<Ranked> ranked;
    for (const auto& [outcome, count] : counts)
      ranked.push_back({outcome, favours_first ? count.first : count.second,
                        favours_first ? count.second : count.first});
    std::stable_sort(ranked.begin(), ranked.end(), [](const Ranked& a, const Ranked& b) {
      return (static_cast<double>(a.numerator) + 1) * (static_cast<double>(b.denominator) + 1) >
             (static_cast<double>(b.numerator) + 1) * (static_cast<double>(a.denominator) + 1);
    });
    std::uint64_t numerator = 0, denominator = 0;
    std::size_t best_size = 0;
    for (std::size_t j = 0; j < ranked.size(); ++j) {
      numerator += ranked[j].numerator;
      denominator += ranked[j].denominator;
      if (numerator == runs && denominator == runs) break;  // the whole space: ratio 1
      const double score = log_ratio_lower(numerator, denominator, runs, 0.05);
      if (score > best_score) {
        best_score = score;
        best_size = j + 1;
      }
    }
    if (best_size > 0) {
      best.favours_first = favours_first;
      best.outcomes.clear();
      for (std::size_t i = 0; i < best_size; ++i) best.outcomes.push_back(ranked[i].outcome);
    }
  }
  if (best.outcomes.empty() && !counts.empty()) best.outcomes = {counts.begin()->first};
  std::sort(best.outcomes.begin(), best.outcomes.end());
  return best;
}

}  // namespace

AuditBound audit_pair(std::span<const double> first, std::span<const double> second, double beta) {
  BANDITSIM_CHECK(first.size() == second.size() && first.size() >= 2,
                  "audit_pair: needs two equal runs of at least 2 outcomes");
  AuditBound bound;
  const std::uint64_t choosing_runs = (first.size() + 1) / 2;
  bound.event = choose_event(histogram(first, second, 0), choosing_runs);
  bound.runs = first.size() / 2;
  const auto in_event = [&](double outcome) {
    return std::binary_search(bound.event.outcomes.begin(), bound.event.outcomes.end(), outcome);
  };
  for (std::size_t r = 1; r < first.size(); r += 2) {
    bound.count_first += in_event(first[r]);
    bound.count_second += in_event(second[r]);
  }
  const std::uint64_t numerator =
      bound.event.favours_first ? bound.count_first : bound.count_second;
  const std::uint64_t denominator =
      bound.event.favours_first ? bound.count_second : bound.count_first;
  bound.epsilon_estimate =
      std::log(static_cast<double>(numerator)) - std::log(static_cast<double>(denominator));
  bound.epsilon_lower = log_ratio_lower(numerator, denominator, bound.runs, beta);
  return bound;
}

}  // namespace banditsim
