#include "sim/families/bandit/metrics.hpp"

namespace banditsim::bandit {

const std::array<MetricInfo, kNumBanditMetrics>& bandit_metrics() {
  static const std::array<MetricInfo, kNumBanditMetrics> metrics = {{
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
  }};
  return metrics;
}

}  // namespace banditsim::bandit
