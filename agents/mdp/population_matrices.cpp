#include "agents/mdp/population_matrices.hpp"

namespace banditsim::mdp {

PopulationMatrices population_matrices(const EvaluationChain& chain, ChainPolicy policy) {
  const arma::mat& p = policy == ChainPolicy::kTarget ? chain.p_target : chain.p_behaviour;
  const arma::vec& r = policy == ChainPolicy::kTarget ? chain.r_target : chain.r_behaviour;
  const arma::mat weighted_phi = chain.phi.each_col() % chain.mu;  // D Phi
  const arma::mat next_phi = p * chain.phi;                        // P Phi
  PopulationMatrices out;
  out.sigma = weighted_phi.t() * chain.phi;
  out.sx = weighted_phi.t() * next_phi;
  out.a = out.sigma - chain.gamma * out.sx;
  out.b = weighted_phi.t() * r;
  return out;
}

PopulationMatrices trace_matrices(const EvaluationChain& chain, double lambda,
                                  const arma::vec& weighting) {
  const arma::mat identity = arma::eye(chain.rows, chain.rows);
  const arma::mat trace_operator = identity - chain.gamma * lambda * chain.p_target;
  const arma::mat weighted_phi = chain.phi.each_col() % weighting;  // diag(m) Phi
  // (I - gamma lambda P)^-1 applied to (I - gamma P) Phi and to r.
  const arma::mat bellman_phi = chain.phi - chain.gamma * chain.p_target * chain.phi;
  const arma::mat traced_phi = arma::solve(trace_operator, bellman_phi);
  const arma::vec traced_r = arma::solve(trace_operator, chain.r_target);
  PopulationMatrices out;
  out.a = weighted_phi.t() * traced_phi;
  out.b = weighted_phi.t() * traced_r;
  return out;
}

arma::vec emphasis_weights(const EvaluationChain& chain, double lambda, double interest) {
  const arma::mat identity = arma::eye(chain.rows, chain.rows);
  const arma::vec followon = interest * chain.mu;
  // I - P_lambda = (I - gamma lambda P)^-1 (I - gamma P), so its inverse is
  // (I - gamma P)^-1 (I - gamma lambda P) and m = (I - gamma lambda P)' (I - gamma P)^-T f.
  const arma::vec y = arma::solve((identity - chain.gamma * chain.p_target).t(), followon);
  return (identity - chain.gamma * lambda * chain.p_target).t() * y;
}

}  // namespace banditsim::mdp
