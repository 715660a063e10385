/// @file agents/mdp/population_matrices.hpp
/// The matrices of the agents' expected (mean) updates on the `iterations` axis,
/// built in reset() from the problem's EvaluationChain (spec 3.3, 5, 10):
///   D = diag(mu), Sigma = Phi' D Phi, A = Phi' D (Phi - gamma P Phi), b = Phi' D r,
///   Sx = Phi' D P Phi  (so A = Sigma - gamma Sx).
/// The trace (TD(lambda)) and emphatic (ETD) versions replace D by a row weighting m
/// and (I - gamma P) by (I - gamma lambda P)^-1 (I - gamma P) [S&B 12, 11.8; spec 10].
#pragma once

#include <armadillo>

#include "sim/families/mdp/evaluation_chain.hpp"

namespace banditsim::mdp {

struct PopulationMatrices {
  arma::mat sigma;  ///< d x d.
  arma::mat a;      ///< d x d.
  arma::vec b;      ///< d.
  arma::mat sx;     ///< d x d.
};

/// Which policy's P and r: the target's (every off-policy agent) or the behaviour's
/// (on_policy_td0: what TD without importance ratios evaluates, spec T4).
enum class ChainPolicy { kTarget, kBehaviour };

/// Sigma, A, b, Sx under the data distribution mu.
PopulationMatrices population_matrices(const EvaluationChain& chain,
                                       ChainPolicy policy = ChainPolicy::kTarget);

/// A_m = Phi' diag(m) (I - gamma lambda P)^-1 (I - gamma P) Phi and
/// b_m = Phi' diag(m) (I - gamma lambda P)^-1 r (target policy): the expected TD(lambda)
/// update under row weighting m = mu, and ETD's under m = its emphasis. The sigma and
/// sx fields are left empty.
PopulationMatrices trace_matrices(const EvaluationChain& chain, double lambda,
                                  const arma::vec& weighting);

/// ETD's emphasis over rows [Sutton, Mahmood & White 2016; spec 10]:
///   m' = (mu .* i)' (I - P_lambda)^-1, P_lambda = I - (I - gamma lambda P)^-1 (I - gamma P),
/// i.e. m = (I - gamma lambda P)' (I - gamma P)^-T (mu .* i), with constant interest i.
/// Baird (spec 9.1, lambda = 0): m = (1/7 x 6, 99.142857).
arma::vec emphasis_weights(const EvaluationChain& chain, double lambda, double interest);

}  // namespace banditsim::mdp
