#include "agents/causal/sem_estimate_evaluator.hpp"

#include <cmath>

namespace banditsim::causal {

void SemEstimateEvaluator::set_weights(const SemWeights& estimate) {
  weights_ = estimate;
  auto order = topological_order(weights_.observational, weights_.interventional);
  acyclic_ = order.has_value();
  if (acyclic_) order_ = std::move(*order);
  mixed_.set_size(weights_.nodes(), weights_.nodes());
}

bool SemEstimateEvaluator::evaluate(std::uint64_t code, std::span<const double> noise_mean,
                                    std::span<double> means, std::span<double> reward_column) {
  const std::size_t n_nodes = weights_.nodes();
  if (acyclic_) {
    node_means(weights_, code, order_, noise_mean, means);
    if (!reward_column.empty()) {
      // Backward over the order: c_j = 1(j = N-1) + sum over children i of B_a(j, i) c_i.
      for (std::size_t r = n_nodes; r-- > 0;) {
        const std::size_t j = order_[r];
        double c = j == n_nodes - 1 ? 1.0 : 0.0;
        for (std::size_t s = r + 1; s < n_nodes; ++s) {
          const std::size_t i = order_[s];
          c += weights_.of_mode(mode_of(code, n_nodes, i))(j, i) * reward_column[i];
        }
        reward_column[j] = c;
      }
    }
    return true;
  }
  mix_weights(weights_, code, mixed_);
  const arma::mat system = arma::eye(n_nodes, n_nodes) - mixed_;
  const double reciprocal_condition = arma::rcond(system);
  if (!(reciprocal_condition >= kMinReciprocalCondition)) return false;  // also NaN
  arma::vec nu(const_cast<double*>(noise_mean.data()), n_nodes, false, true);
  arma::vec mu;
  if (!arma::solve(mu, system.t(), nu, arma::solve_opts::no_approx)) return false;
  for (std::size_t n = 0; n < n_nodes; ++n) means[n] = mu[n];
  if (!reward_column.empty()) {
    arma::vec unit(n_nodes, arma::fill::zeros);
    unit[n_nodes - 1] = 1.0;
    arma::vec c;
    if (!arma::solve(c, system, unit, arma::solve_opts::no_approx)) return false;
    for (std::size_t n = 0; n < n_nodes; ++n) reward_column[n] = c[n];
  }
  for (std::size_t n = 0; n < n_nodes; ++n)
    if (!std::isfinite(means[n])) return false;
  return true;
}

}  // namespace banditsim::causal
