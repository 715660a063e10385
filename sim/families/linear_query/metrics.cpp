#include "sim/families/linear_query/metrics.hpp"

namespace banditsim::linear_query {

const std::array<MetricInfo, kNumQueryMetrics>& query_metrics() {
  static const std::array<MetricInfo, kNumQueryMetrics> metrics = {{
      {.name = "gap",
       .long_name = "gap of the recommended action",
       .units = "reward",
       .description = "max_a r(a) - r(recommended), with r(a) = <phi(a), theta*> + m(a) the true "
                      "(misspecified) mean; NaN on the hypercube, whose max r is not computable "
                      "(see linear_gap and gap_bound)",
       .valid_min = 0.0,
       .kind = MetricKind::kFinal},
      {.name = "linear_gap",
       .long_name = "linear gap of the recommended action",
       .units = "reward",
       .description = "max_a <phi(a), theta*> - <phi(recommended), theta*>: the gap under the "
                      "linear part alone (on the hypercube 2 ||theta*||_1 - 2 <a, theta*>, spec "
                      "B.6 E3); the true gap is at most this + 2 epsilon",
       .valid_min = 0.0,
       .kind = MetricKind::kFinal},
      {.name = "gap_bound",
       .long_name = "gap, or its upper bound where it is not computable",
       .units = "reward",
       .description = "gap where max_a r(a) is known (enumerable action sets), else linear_gap + "
                      "2 epsilon (the hypercube, spec B.6 E3)",
       .valid_min = 0.0,
       .kind = MetricKind::kFinal},
      {.name = "gap_over_epsilon",
       .long_name = "gap (or its bound) in units of epsilon",
       .units = "1",
       .description = "gap_bound / epsilon: the constant c of a c epsilon-optimal action (c <= 4 "
                      "for sparse_net_enum noiseless, spec B.4.1; about sqrt(d)/2 + 1.5 for "
                      "g_optimal_ls on E1, spec B.6)",
       .valid_min = 0.0,
       .kind = MetricKind::kFinal},
      {.name = "distinct_queries",
       .long_name = "distinct actions queried",
       .units = "actions",
       .description = "how many different actions the agent pulled at least once (the paper's "
                      "query count in the noiseless view, spec B.2)",
       .valid_min = 0.0,
       .kind = MetricKind::kFinal},
      {.name = "total_pulls",
       .long_name = "total pulls",
       .units = "pulls",
       .description = "pulls spent, at most the budget (agents may stop early)",
       .valid_min = 0.0,
       .kind = MetricKind::kFinal},
      {.name = "parameter_error",
       .long_name = "l1 error of the parameter estimate",
       .units = "1",
       .description = "||theta_hat - theta*||_1 for agents that estimate theta (g_optimal_ls, "
                      "lasso_etc, lin_ucb); NaN for the others. Spec B.7: for lasso_etc it falls "
                      "like s sqrt(log d / n) until it saturates at Theta(s epsilon)",
       .valid_min = 0.0,
       .kind = MetricKind::kFinal},
  }};
  return metrics;
}

}  // namespace banditsim::linear_query
