#include "sim/families/dp_bai/metrics.hpp"

namespace banditsim::dp_bai {

const std::array<MetricInfo, kNumBaiMetrics>& bai_metrics() {
  static const std::array<MetricInfo, kNumBaiMetrics> metrics = {{
      {.name = "error",
       .long_name = "error probability of the recommendation",
       .units = "1",
       .description = "1 if the arm recommended at the budget is not the best arm (the unique "
                      "argmax of the means), else 0; its mean over replications estimates "
                      "P(I_T != i*), with a Wilson score interval",
       .is_indicator = true,
       .valid_min = 0.0,
       .valid_max = 1.0,
       .kind = MetricKind::kFinal},
      {.name = "simple_regret",
       .long_name = "simple regret of the recommendation",
       .units = "reward",
       .description = "mu* - mu(recommended arm)",
       .valid_min = 0.0,
       .kind = MetricKind::kFinal},
      {.name = "recommended_arm",
       .long_name = "recommended arm",
       .units = "arm",
       .description = "the arm recommended at the budget (0-based index); its distribution "
                      "over replications is what the privacy audit compares between "
                      "neighbouring reward tables",
       .valid_min = 0.0,
       .kind = MetricKind::kCategorical},
      {.name = "recommended_estimate",
       .long_name = "estimate of the recommended arm's mean",
       .units = "reward",
       .description = "the agent's estimate of the recommended arm's mean in its last phase "
                      "(a noisy mean, or a combination of noisy means through the Max-Det "
                      "coordinates or the least-squares theta); compare with the arm's true "
                      "mean to see the estimation error privacy adds",
       .kind = MetricKind::kFinal},
      {.name = "pulls",
       .long_name = "pulls spent",
       .units = "pulls",
       .description = "pulls the agent made, at most the budget (per-phase pull counts are "
                      "floors, so a remainder of at most (phases x arms) may stay unused)",
       .valid_min = 0.0,
       .kind = MetricKind::kFinal},
      {.name = "max_det_phases",
       .long_name = "phases in the Max-Det branch",
       .units = "phases",
       .description = "phases in which dp_bai pulled a Max-Det collection of the active arms "
                      "(its line-8 branch) instead of every active arm; NaN for other agents",
       .valid_min = 0.0,
       .kind = MetricKind::kFinal},
  }};
  return metrics;
}

}  // namespace banditsim::dp_bai
