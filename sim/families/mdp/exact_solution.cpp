/// @file sim/families/mdp/exact_solution.cpp
/// The exact module (spec section 5): population matrices, values, the TD fixed
/// point, realizability/completeness, the incompleteness factor eps [R]/[D], the
/// three concentrability coefficients [R], and the linear asymptotic constants of
/// spec 4.3 [D]. See exact_solution.hpp for the notation.
///
/// Function space (spec P2): eps and the C's are suprema over functions Q = Phi w,
/// not over parameters. Baird's Phi has rank 7 < d = 8, and mu may vanish on some
/// rows (dial, theta = 1, t = 0). So we restrict the norms to supp(mu), take an
/// orthonormal basis of span(Phi) there (thin SVD of D^1/2 Phi on the support,
/// numerical rank k), and carry the parameter directions Psi = Phi V S^-1 on ALL
/// rows, because P Psi needs Psi at next states outside the support. In that basis
/// Sigma = I_k, and the generalized eigenproblems are reduced to ordinary
/// symmetric ones on the range of G (directions with B Delta = 0 on the support
/// have zero Bellman error and are excluded from the suprema).
#include "sim/families/mdp/exact_solution.hpp"

#include <algorithm>
#include <cmath>
#include <complex>
#include <cstddef>
#include <limits>
#include <string>
#include <vector>

namespace banditsim::mdp {
namespace {

/// Relative threshold below which singular values / eigenvalues count as zero.
constexpr double kRankTolerance = 1e-10;

/// ||x||_mu on rows with mu > 0.
double weighted_norm(const arma::vec& x, const arma::vec& mu) {
  return std::sqrt(std::max(0.0, arma::dot(mu, x % x)));
}

/// The function-space view of the feature class on supp(mu) (file comment).
struct FunctionBasis {
  arma::uvec support;     ///< Rows with mu > 0.
  arma::vec sqrt_mu;      ///< sqrt(mu) on the support.
  arma::mat orthonormal;  ///< U (support x k): D^1/2 Phi on the support, orthonormalized.
  arma::mat psi;          ///< Psi = Phi V S^-1 (all rows x k).
  std::size_t rank = 0;   ///< k.
};

FunctionBasis function_basis(const arma::mat& phi, const arma::vec& mu) {
  FunctionBasis basis;
  basis.support = arma::find(mu > 0.0);
  basis.sqrt_mu = arma::sqrt(mu.elem(basis.support));
  const arma::mat weighted = arma::diagmat(basis.sqrt_mu) * arma::mat(phi.rows(basis.support));
  arma::mat u;
  arma::vec s;
  arma::mat v;
  arma::svd_econ(u, s, v, weighted);
  const double largest = s.is_empty() ? 0.0 : s.max();
  std::size_t k = 0;
  while (k < s.n_elem && s(k) > kRankTolerance * largest) ++k;
  basis.rank = k;
  if (k == 0) return basis;
  basis.orthonormal = u.cols(0, k - 1);
  basis.psi = phi * v.cols(0, k - 1) * arma::diagmat(1.0 / s.subvec(0, k - 1));
  return basis;
}

/// M restricted to the support rows and weighted by sqrt(mu): D^1/2 M on supp(mu).
arma::mat on_support(const FunctionBasis& basis, const arma::mat& m) {
  return arma::diagmat(basis.sqrt_mu) * arma::mat(m.rows(basis.support));
}

/// L = W_r Lambda_r^{-1/2} for the nonzero eigenpairs of a PSD matrix G: for any
/// symmetric H, the eigenvalues of L' H L are those of the generalized problem
/// (H, G) restricted to range(G).
arma::mat range_whitener(const arma::mat& g) {
  arma::vec values;
  arma::mat vectors;
  arma::eig_sym(values, vectors, arma::symmatu(g));
  const double largest = values.is_empty() ? 0.0 : values.max();
  const arma::uvec kept = arma::find(values > kRankTolerance * std::max(largest, 0.0));
  if (kept.is_empty() || largest <= 0.0) return arma::mat(g.n_rows, 0);
  return vectors.cols(kept) * arma::diagmat(1.0 / arma::sqrt(values.elem(kept)));
}

double spectral_radius(const arma::mat& m) {
  if (m.is_empty()) return 0.0;
  const arma::cx_vec values = arma::eig_gen(m);
  return arma::max(arma::abs(values));
}

arma::cx_vec sorted_eigenvalues(const arma::mat& m) {
  arma::cx_vec values = arma::eig_gen(m);
  std::vector<std::complex<double>> list(values.begin(), values.end());
  std::sort(list.begin(), list.end(), [](const auto& x, const auto& y) {
    return x.real() != y.real() ? x.real() < y.real() : x.imag() < y.imag();
  });
  return arma::cx_vec(list);
}

/// Omega = Cov of the LSTD influence rho phi delta_TD per i.i.d. sample (spec 4.3):
/// s ~ state distribution, a ~ b, s' ~ P, delta_TD = r(s,a) + eta + gamma
/// phi'(s')' w_TD - phi' w_TD with phi' the next features (x(s') for state
/// features, sum_a' pi(a'|s') phi(s',a') for pairs; zero at terminal s'), rho =
/// pi/b for state features and 1 for pairs. Under realizability E[delta | s, a] = 0
/// and this is the spec's E_mu[phi phi' (sigma_r^2 + gamma^2 Var V(s'))]; in
/// general we subtract the mean increment b - A w_TD (0 when A is nonsingular).
arma::mat influence_covariance(const MdpModel& model, const EvaluationChain& chain,
                               const arma::vec& w_td, const arma::vec& mean_increment) {
  const std::size_t S = model.states;
  const std::size_t A = model.actions;
  const bool pairs = chain.kind == FeatureKind::kStateAction;
  const double noise_var = model.reward_noise_sd * model.reward_noise_sd;
  // Bootstrap value of each next state: x(s')' w or sum_a' pi phi(s',a')' w.
  const arma::vec row_values = chain.phi * w_td;
  arma::vec next_value(S, arma::fill::zeros);
  for (std::size_t s = 0; s < S; ++s) {
    if (model.terminal[s] != 0) continue;
    if (!pairs) {
      next_value(s) = row_values(s);
    } else {
      for (std::size_t a = 0; a < A; ++a)
        next_value(s) += model.target[s * A + a] * row_values(s * A + a);
    }
  }
  arma::mat omega(chain.dim, chain.dim, arma::fill::zeros);
  for (std::size_t s = 0; s < S; ++s) {
    const double weight_s = chain.state_distribution(s);
    if (weight_s <= 0.0 || model.terminal[s] != 0) continue;
    for (std::size_t a = 0; a < A; ++a) {
      const std::size_t k = s * A + a;
      const double b = model.behaviour[k];
      if (b <= 0.0) continue;
      const double rho = pairs ? 1.0 : model.target[k] / b;
      if (rho == 0.0) continue;
      const std::size_t row = pairs ? k : s;
      const arma::rowvec x = chain.phi.row(row);
      double second_moment = 0.0;  // E[rho^2 (delta^2 + sigma_r^2) | s, a]
      for (std::size_t next = 0; next < S; ++next) {
        const double p = model.p(s, a, next);
        if (p <= 0.0) continue;
        const double delta = model.rewards[k] + model.gamma * next_value(next) - row_values(row);
        second_moment += p * (delta * delta + noise_var);
      }
      omega += weight_s * b * rho * rho * second_moment * (x.t() * x);
    }
  }
  omega -= mean_increment * mean_increment.t();
  return arma::symmatu(omega);
}

}  // namespace

ExactSolution solve_exact(const MdpModel& model, const EvaluationChain& chain,
                          const std::string& component) {
  static_cast<void>(component);  // no error is expected after validate_model
  const std::size_t N = chain.rows;
  const double gamma = chain.gamma;
  const arma::mat& phi = chain.phi;
  const arma::mat& p = chain.p_target;
  const arma::vec& mu = chain.mu;
  const arma::mat d = arma::diagmat(mu);
  const arma::mat identity = arma::eye(N, N);

  ExactSolution x;
  // --- Population matrices (spec 5).
  const arma::mat p_phi = p * phi;
  x.b_matrix = phi - gamma * p_phi;
  x.sigma = arma::symmatu(phi.t() * d * phi);
  x.sigma_pinv = arma::pinv(x.sigma);
  x.a = phi.t() * d * x.b_matrix;
  x.b = phi.t() * d * chain.r_target;
  x.sx = phi.t() * d * p_phi;
  x.g = arma::symmatu(x.b_matrix.t() * d * x.b_matrix);

  // --- Values and occupancy (spec 2.1, P8). With terminal states d^pi sums to
  // less than 1 (the episode ends); the value identity of 4.1 still holds.
  const arma::mat resolvent_system = identity - gamma * p;
  x.true_values = arma::solve(resolvent_system, chain.r_target);
  x.start_value = arma::dot(chain.nu, x.true_values);
  x.start_features = phi.t() * chain.nu;
  x.occupancy = (1.0 - gamma) * arma::solve(resolvent_system.t(), chain.nu);
  if (chain.kind == FeatureKind::kState) {
    x.state_values = x.true_values;
  } else {
    x.state_values.zeros(model.states);
    for (std::size_t s = 0; s < model.states; ++s)
      for (std::size_t a = 0; a < model.actions; ++a)
        x.state_values(s) +=
            model.target[s * model.actions + a] * x.true_values(s * model.actions + a);
  }

  // --- TD fixed point (spec 3.3, P5: min-norm pseudo-inverse when singular).
  x.a_singular = arma::rcond(x.a) < kSingularRcond;
  x.w_td = x.a_singular ? arma::vec(arma::pinv(x.a) * x.b) : arma::vec(arma::solve(x.a, x.b));
  x.a_rank = arma::rank(x.a);
  x.eig_a = sorted_eigenvalues(x.a);
  x.fqe_spectral_radius = spectral_radius(gamma * x.sigma_pinv * x.sx);

  // --- Function space on supp(mu) (file comment).
  const FunctionBasis basis = function_basis(phi, mu);
  const arma::vec v_support = on_support(basis, x.true_values);
  const arma::mat& u = basis.orthonormal;
  auto projection_residual = [&](const arma::mat& m) -> arma::mat {
    return basis.rank == 0 ? m : arma::mat(m - u * (u.t() * m));
  };

  // Realizability (spec 2.2) and the TD solution's bias (spec 9.6).
  x.realizability_residual = arma::norm(projection_residual(v_support), 2);
  x.best_fit_error = x.realizability_residual;
  x.realizable = x.realizability_residual <= 1e-8 * (1.0 + weighted_norm(x.true_values, mu));
  x.td_fixed_point_error = weighted_norm(phi * x.w_td - x.true_values, mu);

  // Completeness residual (spec 5): ||(I - Pi) P Phi||_{D,F} + ||(I - Pi) r||_D.
  x.completeness_residual = arma::norm(projection_residual(on_support(basis, p_phi)), "fro") +
                            arma::norm(projection_residual(on_support(basis, chain.r_target)), 2);

  // --- eps and the concentrabilities in the orthonormal basis (Sigma = I_k).
  if (basis.rank > 0) {
    const arma::mat b_psi = basis.psi - gamma * p * basis.psi;  // N x k
    const arma::mat b_support = on_support(basis, b_psi);       // D^1/2 B Psi on supp
    const arma::mat a_psi = u.t() * b_support;                  // Psi' D B Psi
    const arma::mat g_psi = b_support.t() * b_support;          // Psi' B' D B Psi
    const arma::mat whitener = range_whitener(g_psi);
    if (whitener.n_cols > 0) {
      // [R]/[D] spec 2.4: 1 - eps^2 = lambda_min(A' Sigma^-1 A, G) on range(G).
      const arma::mat mspbe_form = whitener.t() * (a_psi.t() * a_psi) * whitener;
      const arma::vec values = arma::eig_sym(arma::symmatu(mspbe_form));
      x.one_minus_eps2 = std::clamp(values.min(), 0.0, 1.0);
      // [R] spec 2.5: C_mean = c' G^+ c (c = B' d^pi), C_sq = lambda_max(B' D_dpi B, G).
      const arma::vec c = whitener.t() * (b_psi.t() * x.occupancy);
      x.c_mean = arma::dot(c, c);
      const arma::mat transfer = b_psi.t() * arma::diagmat(x.occupancy) * b_psi;
      x.c_sq = arma::eig_sym(arma::symmatu(whitener.t() * transfer * whitener)).max();
    } else {
      x.one_minus_eps2 = 1.0;  // every Q in the class has zero Bellman error on supp(mu)
    }
  }
  // 1 - eps^2 within rounding of 1 (1e-13) is a complete class: its square root would
  // otherwise read as eps ~ 3e-7.
  const double eps2 = 1.0 - x.one_minus_eps2;
  x.eps = eps2 <= 1e-13 ? 0.0 : std::sqrt(eps2);

  // C_inf = max d^pi / mu, +inf where mu misses d^pi's support.
  x.c_inf = 0.0;
  for (std::size_t row = 0; row < N; ++row) {
    if (x.occupancy(row) <= 0.0) continue;
    x.c_inf = mu(row) > 0.0 ? std::max(x.c_inf, x.occupancy(row) / mu(row))
                            : std::numeric_limits<double>::infinity();
  }

  // --- Linear asymptotics (spec 4.3) [D]. A singular (Baird): pinv(A) in place of
  // A^-1, the min-norm convention of w_TD (the constants are then those of the
  // min-norm solution; Baird's Omega is 0 anyway).
  const arma::vec mean_increment = x.b - x.a * x.w_td;
  x.omega = influence_covariance(model, chain, x.w_td, mean_increment);
  const arma::mat a_inv = x.a_singular ? arma::mat(arma::pinv(x.a)) : arma::mat(arma::inv(x.a));
  const arma::mat w_cov = a_inv * x.omega * a_inv.t();  // asymptotic Cov of sqrt(n)(w - w*)
  x.asym_mspbe = arma::trace(x.sigma_pinv * x.omega);
  x.asym_msbe = arma::trace(x.g * w_cov);
  x.asym_value_error_mu = arma::trace(x.sigma * w_cov);
  x.asym_start_value = arma::as_scalar(x.start_features.t() * w_cov * x.start_features);
  return x;
}

}  // namespace banditsim::mdp
