#include "sim/families/causal/metrics.hpp"

namespace banditsim::causal {

const std::array<MetricInfo, kNumCausalMetrics>& causal_metrics() {
  static const std::array<MetricInfo, kNumCausalMetrics> metrics = {{
      {.name = "regret",
       .long_name = "cumulative regret (realised reward)",
       .units = "reward",
       .description =
           "sum over steps s <= t of best(s) - X_N(s): the optimum of the environment in "
           "force minus the reward observed, as the authors' sim_main.py (may be "
           "negative: noisy rewards, spec P-A13)"},
      {.name = "pseudo_regret",
       .long_name = "cumulative pseudo-regret",
       .units = "reward",
       .description = "sum over steps s <= t of best(s) - E[X_N | a_s] (the noise-free regret)",
       .valid_min = 0.0},
      {.name = "normalized_regret",
       .long_name = "regret / (T x best expected reward)",
       .units = "1",
       .description = "regret at t divided by the sum over all T steps of |best(s)| (T times the "
                      "instance's best expected reward when stationary): instance scale is "
                      "heavy-tailed, this puts instances on one scale"},
      {.name = "cumulative_reward",
       .long_name = "cumulative realised reward",
       .units = "reward",
       .description = "sum over steps s <= t of the reward X_N(s)"},
      {.name = "optimal_rate",
       .long_name = "optimal-intervention rate in the window ending at t",
       .units = "1",
       .description = "fraction of steps in (t - w, t] whose action is optimal (within "
                      "optimal_tolerance of the best) in the environment in force; w = [run] "
                      "optimal_window (authors' 'Optimal Intervention Percentage', w = 100)",
       .valid_min = 0.0,
       .valid_max = 1.0},
      {.name = "false_positive_edges",
       .long_name = "false-positive edges of the learned graph",
       .units = "edges",
       .description = "edges of the agent's current parent sets (observational plus "
                      "interventional mode) that the environment in force does not have; 0 "
                      "before the first estimate (read as the empty graph)",
       .valid_min = 0.0},
      {.name = "false_negative_edges",
       .long_name = "false-negative edges of the learned graph",
       .units = "edges",
       .description = "edges of the environment in force (both modes) missing from the agent's "
                      "current parent sets; all true edges before the first estimate",
       .valid_min = 0.0},
      {.name = "steps_to_structure",
       .long_name = "samples spent before the structure is learned",
       .units = "steps",
       .description = "steps taken when the agent first held a graph estimate with no false "
                      "negative (both modes; against the initial environment). The horizon T "
                      "when that never happened (censored: see structure_learned)",
       .valid_min = 0.0,
       .kind = MetricKind::kFinal},
      {.name = "structure_learned",
       .long_name = "structure learned without false negatives",
       .units = "1",
       .description = "1 if the agent held a graph estimate with no false negative at some step",
       .is_indicator = true,
       .valid_min = 0.0,
       .valid_max = 1.0,
       .kind = MetricKind::kFinal},
      {.name = "detection_delay",
       .long_name = "change-detection delay",
       .units = "steps",
       .description = "mean over change points of the steps from the change to the agent's first "
                      "detection within [run] alarm_window steps after it; a missed change "
                      "counts as the full window (or the rest of its segment, if shorter)",
       .valid_min = 0.0,
       .kind = MetricKind::kFinal},
      {.name = "missed_changes",
       .long_name = "change points not detected",
       .units = "changes",
       .description = "change points with no detection within alarm_window steps after them",
       .valid_min = 0.0,
       .kind = MetricKind::kFinal},
      {.name = "false_alarms",
       .long_name = "false alarms",
       .units = "detections",
       .description = "steps at which the agent detected a change although no change point lies "
                      "within the alarm_window steps before",
       .valid_min = 0.0,
       .kind = MetricKind::kFinal},
      {.name = "ill_conditioned",
       .long_name = "ill-conditioned actions skipped",
       .units = "actions",
       .description = "actions whose estimated mean could not be computed (I - B_a estimated "
                      "near singular; spec P-A8), counted at every recomputation and summed",
       .valid_min = 0.0,
       .kind = MetricKind::kFinal},
  }};
  return metrics;
}

}  // namespace banditsim::causal
