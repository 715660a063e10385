/// @file sim/families/mdp/exact_solution.hpp
/// The exact module (spec section 5, "matrix cookbook"): everything about a cell's
/// policy-evaluation problem that follows from the model alone, computed once per
/// cell in the family's prepare step and written beside the estimates.
///
/// Markers as in the spec: [D] exact linear-case derivations (the spec's own,
/// checked numerically there), [R] reconstructions of Zanette (ICML 2023)'s
/// definitions (the incompleteness factor eps, the concentrability coefficients):
/// the paper's exact statements were not retrieved. Keep the markers where these
/// quantities are described (`describe`, the results file's descriptions).
///
/// Notation (spec 2.4, 5): D = diag(mu), Sigma = Phi' D Phi, B = Phi - gamma P Phi,
/// A = Phi' D B, b = Phi' D r, Sx = Phi' D P Phi (A = Sigma - gamma Sx),
/// G = B' D B.
#pragma once

#include <armadillo>
#include <string>

#include "sim/families/mdp/evaluation_chain.hpp"
#include "sim/families/mdp/mdp_model.hpp"

namespace banditsim::mdp {

/// |det|-free singularity test of LSTD-type matrices (spec P5): reciprocal
/// condition number below this counts as singular (min-norm pseudo-inverse used).
inline constexpr double kSingularRcond = 1e-12;

struct ExactSolution {
  // --- Population matrices under the data distribution mu.
  arma::mat sigma;       ///< d x d.
  arma::mat sigma_pinv;  ///< Pseudo-inverse of Sigma (MSPBE's metric).
  arma::mat a;           ///< d x d, the TD matrix.
  arma::vec b;           ///< d.
  arma::mat sx;          ///< d x d, Phi' D P Phi.
  arma::mat g;           ///< d x d, B' D B.
  arma::mat b_matrix;  ///< rows x d, B = Phi - gamma P Phi (Bellman residual of Phi w is B w - r).

  // --- Values.
  arma::vec true_values;     ///< V^pi over states, or Q^pi over pairs (rows), (I - gamma P)^-1 r.
  arma::vec state_values;    ///< V^pi over states (size S), in both feature kinds.
  double start_value = 0.0;  ///< V^pi(nu) = nu' true_values.
  arma::vec start_features;  ///< nu_phi = Phi' nu (spec 3.6): V_hat(nu) = nu_phi' w.
  arma::vec occupancy;  ///< d^pi_nu over rows: (1 - gamma) nu' (I - gamma P)^-1 (spec 2.1, P8).

  // --- The TD fixed point (spec 3.3).
  arma::vec w_td;           ///< A^-1 b, or the min-norm pinv(A) b if A is singular.
  bool a_singular = false;  ///< rcond(A) < kSingularRcond.
  std::size_t a_rank = 0;
  arma::cx_vec eig_a;  ///< Eigenvalues of A, sorted by real part, then imaginary.
  /// Spectral radius of the population FQE matrix gamma Sigma^-1 Sx (< 1: FQE
  /// converges, spec 3.2); of I - alpha A for the expected TD(0) step is the agents'.
  double fqe_spectral_radius = 0.0;

  // --- Approximation and completeness (spec 2.2, 2.4, 5).
  double realizability_residual = 0.0;  ///< min_w ||Phi w - true_values||_mu.
  bool realizable = false;              ///< residual <= 1e-8 (1 + ||true_values||_mu).
  /// ||(I - Pi) P Phi||_{D, Frobenius} (+ ||(I - Pi) r||_D): 0 iff Bellman complete on supp mu.
  double completeness_residual = 0.0;
  double best_fit_error =
      0.0;  ///< ||Pi v - v||_mu (the projection error, = realizability residual).
  double td_fixed_point_error = 0.0;  ///< ||Phi w_td - v||_mu (the TD solution's bias, spec 9.6).
  /// [R]/[D] 1 - eps^2 = lambda_min(G^-1 A' Sigma^-1 A) on function space and supp mu
  /// (spec 2.4, P2), clamped to [0, 1]; eps = sqrt(1 - that), the norm-ratio convention.
  double one_minus_eps2 = 1.0;
  double eps = 0.0;

  // --- Concentrability, three variants (spec 2.5) [R].
  double c_mean = 0.0;  ///< c' G^-1 c with c = B' d^pi.
  double c_sq = 0.0;    ///< lambda_max(G^-1 B' diag(d^pi) B).
  double c_inf = 0.0;   ///< max d^pi / mu (+inf where mu misses d^pi's support).

  // --- Linear asymptotics (spec 4.3) [D]: n E[.] -> these, for i.i.d. data
  // (trajectory data is correlated; the constants do not apply, P10).
  arma::mat omega;                   ///< Cov of the LSTD influence rho phi delta_TD.
  double asym_mspbe = 0.0;           ///< tr(Sigma^-1 Omega).
  double asym_msbe = 0.0;            ///< tr(G A^-1 Omega A^-T).
  double asym_value_error_mu = 0.0;  ///< tr(Sigma A^-1 Omega A^-T) = n E||Phi(w - w*)||^2_mu.
  double asym_start_value = 0.0;     ///< nu_phi' A^-1 Omega A^-T nu_phi = n E(V_hat - V)^2.
};

/// Solves everything above for `chain` (built from `model`). Throws ConfigError
/// naming `component` only for problems no cell can run with (none expected after
/// validate_model); singular A, zero mu entries and rank-deficient features are
/// handled as the spec says (P2, P5), never an error.
ExactSolution solve_exact(const MdpModel& model, const EvaluationChain& chain,
                          const std::string& component);

}  // namespace banditsim::mdp
