#include "sim/families/continual/metrics.hpp"

namespace banditsim::continual {

const std::array<MetricInfo, kNumContinualMetrics>& continual_metrics() {
  static const std::array<MetricInfo, kNumContinualMetrics> metrics = {{
      {.name = "error",
       .long_name = "error of the released maximum",
       .units = "count",
       .description = "|y_t - max_j S_t[j]| at each record step t, y_t the mechanism's release "
                      "after record t (spec §2.2, MaxSum); NaN for the batch baseline, which "
                      "releases only at T",
       .valid_min = 0.0,
       .kind = MetricKind::kCurve},
      {.name = "max_error",
       .long_name = "maximum error over the stream",
       .units = "count",
       .description = "max over every step t = 1..T (not only the record steps) of |y_t - max_j "
                      "S_t[j]|: the alpha of (alpha, beta)-accuracy (spec §2.1); for the batch "
                      "baseline the error of its one release at T",
       .valid_min = 0.0,
       .kind = MetricKind::kFinal},
      {.name = "final_error",
       .long_name = "error at the horizon",
       .units = "count",
       .description = "|y_T - max_j S_T[j]|, the error of the last release (what the batch "
                      "baseline is compared on)",
       .valid_min = 0.0,
       .kind = MetricKind::kFinal},
      {.name = "true_max",
       .long_name = "largest running sum at the horizon",
       .units = "count",
       .description = "max_j S_T[j]: the error of a mechanism that always outputs 0, so an error "
                      "near it is vacuous",
       .valid_min = 0.0,
       .kind = MetricKind::kFinal},
      {.name = "updates",
       .long_name = "sparse-vector rounds used",
       .units = "rounds",
       .description = "releases of svt_max (each ends an AboveThreshold round and spends a "
                      "round's budget); NaN for other agents",
       .valid_min = 0.0,
       .kind = MetricKind::kFinal},
      {.name = "exhausted",
       .long_name = "rounds exhausted",
       .units = "1",
       .description = "1 if svt_max used all its rounds before T and froze its output (its "
                      "calibration failed on this stream); NaN for other agents",
       .is_indicator = true,
       .valid_min = 0.0,
       .valid_max = 1.0,
       .kind = MetricKind::kFinal},
  }};
  return metrics;
}

}  // namespace banditsim::continual
