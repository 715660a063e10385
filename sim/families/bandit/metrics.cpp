#include "sim/families/bandit/metrics.hpp"

namespace banditsim::bandit {

bool pull_sequence_fits(std::size_t arms, std::int64_t horizon) {
  if (arms <= 1) return true;
  // K^T <= 2^53, by repeated multiplication (T is at most 53 when K >= 2).
  constexpr std::uint64_t kLimit = std::uint64_t{1} << 53;
  std::uint64_t power = 1;
  for (std::int64_t t = 0; t < horizon; ++t) {
    if (power > kLimit / arms) return false;
    power *= arms;
  }
  return true;
}

const std::array<MetricInfo, kNumBanditAllMetrics>& bandit_metrics() {
  static const std::array<MetricInfo, kNumBanditAllMetrics> metrics = {{
      {.name = "regret",
       .long_name = "cumulative pseudo-regret",
       .units = "reward",
       .description = "sum over steps s <= t of mu* - mu(a_s)",
       .valid_min = 0.0},
      {.name = "simple_regret",
       .long_name = "simple regret of the recommendation",
       .units = "reward",
       .description = "mu* - mu(recommended arm) at step t",
       .valid_min = 0.0},
      {.name = "error",
       .long_name = "error probability of the recommendation",
       .units = "1",
       .description = "1 if the recommended arm is not optimal at step t (mean: P(error))",
       .is_indicator = true,
       .valid_min = 0.0,
       .valid_max = 1.0},
      {.name = "best_arm_rate",
       .long_name = "fraction of pulls on an optimal arm",
       .units = "1",
       .description = "pulls of optimal arms up to step t, divided by t",
       .valid_min = 0.0,
       .valid_max = 1.0},
      {.name = "pull_sequence",
       .long_name = "sequence of pulled arms",
       .units = "1",
       .description = "the arms a_1..a_T pulled at t = 1..T as one base-K number (a_1 most "
                      "significant: sum of a_t K^(T-t)); only when K^T <= 2^53, else -1. The "
                      "output the privacy audit compares for dp_ucb (a post-processing of its "
                      "released noisy sums)",
       .valid_min = 0.0,
       .kind = MetricKind::kCategorical},
  }};
  return metrics;
}

}  // namespace banditsim::bandit
