// The exact module (spec section 5) on the classic counterexamples: Baird (spec
// 9.1), Tsitsiklis-Van Roy (table 9.2), the w-2w fragment (6.2) and the
// Kolter-style chain (9.3); and the identities every model satisfies: the
// value-error identity of 4.1, Omega's closed form of 4.3, the inequalities of T11.
//
// Tolerances: the spec prints its numbers rounded, so a reference matches within
// half a unit of its last printed digit (plus 1e-9 relative); closed forms and
// identities, to 1e-10 or 1e-9 relative (section 8).
#include <doctest/doctest.h>

#include <cmath>
#include <cstdlib>
#include <string>

#include "envs/mdp/baird.hpp"
#include "envs/mdp/dial_chain.hpp"
#include "envs/mdp/kolter_chain.hpp"
#include "envs/mdp/random_mdp.hpp"
#include "envs/mdp/tsitsiklis_van_roy.hpp"
#include "envs/mdp/w2w_fragment.hpp"
#include "sim/core/distributions.hpp"
#include "sim/core/rng.hpp"
#include "sim/families/mdp/evaluation_chain.hpp"
#include "sim/families/mdp/exact_solution.hpp"

using namespace banditsim;
using namespace banditsim::mdp;

namespace {

/// Half a unit in the last printed digit of `printed` ("0.4725" -> 5e-5).
double printed_half_unit(const std::string& printed) {
  const std::size_t e = printed.find_first_of("eE");
  const std::string mantissa = printed.substr(0, e);
  const int exponent = e == std::string::npos ? 0 : std::atoi(printed.c_str() + e + 1);
  const std::size_t dot = mantissa.find('.');
  const int decimals = dot == std::string::npos ? 0 : static_cast<int>(mantissa.size() - dot - 1);
  return 0.5 * std::pow(10.0, exponent - decimals);
}

void check_printed(double value, const std::string& printed, const std::string& what) {
  const double reference = std::strtod(printed.c_str(), nullptr);
  const double tolerance = printed_half_unit(printed) + 1e-9 * std::abs(reference);
  INFO(what << ": computed " << value << ", spec prints " << printed);
  CHECK(std::abs(value - reference) <= tolerance);
}

struct Solved {
  EvaluationChain chain;
  ExactSolution exact;
};

Solved solve(const MdpModel& model, DataMode mode = DataMode::kSamples) {
  Solved solved{build_chain(model, mode, "test"), {}};
  solved.exact = solve_exact(model, solved.chain, "test");
  return solved;
}

/// MSBE(w) = ||Phi w - r - gamma P Phi w||^2_mu and MSPBE(w) = (A w - b)' Sigma^+ (A w - b),
/// straight from the chain (spec 5).
double msbe(const Solved& s, const arma::vec& w) {
  const arma::vec residual = s.exact.b_matrix * w - s.chain.r_target;
  return arma::dot(s.chain.mu, residual % residual);
}
double mspbe(const Solved& s, const arma::vec& w) {
  const arma::vec g = s.exact.a * w - s.exact.b;
  return arma::as_scalar(g.t() * s.exact.sigma_pinv * g);
}

}  // namespace

TEST_CASE("exact baird: eig(A), ranks, eps 0 and min-norm LSTD 0 (spec 9.1)") {
  const Baird env({});
  const Solved s = solve(env.model());
  CHECK(arma::rank(s.chain.phi) == 7);
  CHECK(s.exact.a_rank == 7);
  CHECK(s.exact.a_singular);
  REQUIRE(s.exact.eig_a.n_elem == 8);
  const char* eig[] = {"-0.23925", "-0.022178", "0",        "0.571429",
                       "0.571429", "0.571429",  "0.571429", "0.571429"};
  for (std::size_t i = 0; i < 8; ++i) {
    CHECK(std::abs(s.exact.eig_a(i).imag()) <= 1e-9);
    check_printed(s.exact.eig_a(i).real(), eig[i], "eig(A)");
  }
  CHECK(arma::norm(s.exact.w_td) <= 1e-12);  // min-norm pseudo-inverse: w = 0
  CHECK(s.exact.eps <= 1e-7);                // computed on function space (P2)
  CHECK(s.exact.completeness_residual <= 1e-10);
  CHECK(s.exact.realizable);
  CHECK(arma::norm(s.exact.omega, "fro") == 0.0);  // zero rewards, values 0: no TD noise
  CHECK(s.exact.asym_mspbe == 0.0);
  // D = I / 7 (spec 6.1): Sigma = X' X / 7.
  CHECK(arma::approx_equal(s.exact.sigma, s.chain.phi.t() * s.chain.phi / 7.0, "absdiff", 1e-14));
}

TEST_CASE("exact tsitsiklis-van roy: A, eps and the FQI factor of spec table 9.2 (T7)") {
  struct Row {
    double p_term;
    double gamma;
    const char* a;
    const char* eps;
    const char* fqi;
  };
  const Row rows[] = {{0, 0.5, "1.000", "0.447214", "0.600"},
                      {0, 0.8, "0.100", "0.992278", "0.960"},
                      {0, 5.0 / 6.0, "0", "1", "1"},
                      {0, 0.9, "-0.200", "0.976187", "1.080"},
                      {0, 0.99, "-0.470", "0.903366", "1.188"},
                      {0.1, 0.8, "0.260", "0.959018", "0.896"},
                      {0.1, 0.9, "-0.020", "0.999796", "1.008"}};
  for (const Row& row : rows) {
    CAPTURE(row.p_term);
    CAPTURE(row.gamma);
    const TsitsiklisVanRoy env({.p_term = row.p_term, .gamma = row.gamma});
    const Solved s = solve(env.model());
    check_printed(s.exact.a(0, 0), row.a, "A");
    check_printed(s.exact.eps, row.eps, "eps");
    check_printed(s.exact.fqe_spectral_radius, row.fqi, "FQI factor");
    // Closed forms of spec 6.2 [D]: A = (5 - gamma (6 - 4 p)) / 2, factor (6 - 4 p) gamma / 5.
    const double shape = 6.0 - 4.0 * row.p_term;
    CHECK(std::abs(s.exact.a(0, 0) - 0.5 * (5.0 - row.gamma * shape)) <= 1e-12);
    CHECK(std::abs(s.exact.fqe_spectral_radius - shape * row.gamma / 5.0) <= 1e-12);
    CHECK(std::abs(s.exact.w_td(0)) <= 1e-12);  // V = 0
  }
}

TEST_CASE(
    "exact w2w fragment: A = 1 - 2 gamma, FQE factor 2 gamma, eps 0 on the one sampled state") {
  for (const double gamma : {0.3, 0.9}) {
    const W2wFragment env({.gamma = gamma});
    const Solved s = solve(env.model());
    CHECK(std::abs(s.exact.a(0, 0) - (1.0 - 2.0 * gamma)) <= 1e-12);
    CHECK(std::abs(s.exact.fqe_spectral_radius - 2.0 * gamma) <= 1e-12);
    // supp mu = {s_1}: any function on one state is in the span, so eps = 0 (P2).
    CHECK(s.exact.eps <= 1e-7);
    CHECK(std::abs(s.exact.w_td(0)) <= 1e-12);
  }
}

TEST_CASE("exact kolter chain: d1* and the w_TD table of spec 9.3 (T8)") {
  // A is affine in d1 (spec 6.3): d1* = A(0) / (A(0) - A(1)).
  const double a0 = solve(KolterChain({.d1 = 0.0}).model()).exact.a(0, 0);
  const double a1 = solve(KolterChain({.d1 = 1.0}).model()).exact.a(0, 0);
  CHECK(std::abs(a0 - 0.0370125) <= 1e-12);
  CHECK(std::abs(a1 + 0.01475) <= 1e-12);
  check_printed(a0 / (a0 - a1), "0.715045", "d1*");

  struct Row {
    double d1;
    const char* w_td;
  };
  // The rows the spec labels 0.705 and 0.725 are d1* -+ 0.01 = 0.705045 and 0.725045:
  // only there is w_TD = 1960.392 and -1958.460 (at 0.705 exactly it is 1951.68, since
  // A ~ 5e-4 makes w_TD move 1.7% per 1e-4 of d1).
  const double d1_star = 0.0370125 / (0.0370125 + 0.01475);
  const Row rows[] = {{0.5, "92.0831"},
                      {0.6, "171.2846"},
                      {0.7, "1303.371"},
                      {d1_star - 0.01, "1960.392"},
                      {d1_star + 0.01, "-1958.460"},
                      {0.8, "-229.676"},
                      {0.9, "-104.975"}};
  for (const Row& row : rows) {
    CAPTURE(row.d1);
    const KolterChain env({.d1 = row.d1});
    const Solved s = solve(env.model());
    CHECK_FALSE(s.exact.realizable);
    CHECK(std::abs(s.exact.true_values(0) - 100.0) <= 1e-9);
    CHECK(std::abs(s.exact.true_values(1) - 100.0) <= 1e-9);
    check_printed(s.exact.w_td(0), row.w_td, "w_TD");
    // The best fit Pi V = Phi w_fit, w_fit = Phi' D V / Sigma, stays at 97.5-99.5.
    const double w_fit =
        arma::as_scalar(s.chain.phi.t() * (s.chain.mu % s.exact.true_values)) / s.exact.sigma(0, 0);
    CHECK(w_fit >= 97.5 - 1e-9);
    CHECK(w_fit <= 99.5);
    const arma::vec fit_residual = s.chain.phi * w_fit - s.exact.true_values;
    CHECK(std::abs(s.exact.best_fit_error -
                   std::sqrt(arma::dot(s.chain.mu, fit_residual % fit_residual))) <= 1e-10);
  }
}

TEST_CASE("exact kolter chain realizable: w_TD = 100 away from d1*, eps -> 1 at d1* (spec 6.3)") {
  for (const double d1 : {0.1, 0.5, 0.7, 0.73, 0.9}) {
    const Solved s = solve(KolterChain({.d1 = d1, .realizable = true}).model());
    CHECK(s.exact.realizable);
    CHECK(std::abs(s.exact.w_td(0) - 100.0) <= 1e-8);
  }
  const double d1_star = 0.0370125 / (0.0370125 + 0.01475);
  double previous = 0.0;
  for (const double gap : {1e-1, 1e-2, 1e-3, 1e-4}) {
    const double eps =
        solve(KolterChain({.d1 = d1_star - gap, .realizable = true}).model()).exact.eps;
    CHECK(eps > previous);
    previous = eps;
  }
  CHECK(previous > 0.999);
}

TEST_CASE("exact value-error identity of spec 4.1 holds for any weights") {
  // nu_phi' w - V(nu) = E_{d^pi}[Phi w - T Phi w] / (1 - gamma), for every w.
  Rng rng(2024);
  const MdpModel models[] = {DialChain({.theta = 1.0, .t = 0.1}).model(),
                             RandomMdp({.theta = 0.6}).model(),
                             TsitsiklisVanRoy({.p_term = 0.3}).model(),
                             RandomMdp({.theta = 0.3, .mode = RandomMdp::Mode::kNatural}).model()};
  for (const MdpModel& model : models) {
    const Solved s = solve(model);
    CHECK(std::abs(s.exact.start_value - arma::dot(s.chain.nu, s.exact.true_values)) <= 1e-12);
    for (int trial = 0; trial < 5; ++trial) {
      arma::vec w(s.chain.dim);
      for (double& wi : w) wi = 3.0 * standard_normal(rng);
      const arma::vec bellman_residual = s.exact.b_matrix * w - s.chain.r_target;
      const double lhs = arma::dot(s.exact.start_features, w) - s.exact.start_value;
      const double rhs = arma::dot(s.exact.occupancy, bellman_residual) / (1.0 - model.gamma);
      CHECK(std::abs(lhs - rhs) <= 1e-9 * (1.0 + std::abs(lhs)));
    }
  }
  // Continuing chains: d^pi sums to 1 (spec 2.1).
  CHECK(std::abs(arma::accu(solve(models[1]).exact.occupancy) - 1.0) <= 1e-12);
}

TEST_CASE(
    "exact Omega equals spec 4.3's E_mu[phi phi' (sigma_r^2 + gamma^2 Var V(s'))] when "
    "realizable") {
  // Dial: Var_{s'} V(s') = 0.25 for rows 0 and 2, 0.5 + 0.5 theta - theta^2 for row 1 (spec 6.4).
  for (const double theta : {0.0, 0.5, 1.0}) {
    const double sd = 0.7;
    const DialChain env({.theta = theta, .t = 0.2, .reward_noise_sd = sd});
    const Solved s = solve(env.model());
    const double variance[] = {0.25, 0.5 + 0.5 * theta - theta * theta, 0.25};
    arma::mat expected(2, 2, arma::fill::zeros);
    for (std::size_t st = 0; st < 3; ++st) {
      const arma::vec x = s.chain.phi.row(st).t();
      expected += s.chain.mu(st) * (x * x.t()) * (sd * sd + 0.81 * variance[st]);
    }
    CHECK(arma::approx_equal(s.exact.omega, expected, "absdiff", 1e-12));
  }
}

TEST_CASE(
    "exact inequalities of T11 for random weights: eps and C_mean bound MSBE and the value error") {
  Rng rng(99);
  const MdpModel models[] = {
      DialChain({.theta = 1.0, .t = 0.1}).model(), DialChain({.theta = 0.5, .t = 0.02}).model(),
      RandomMdp({.theta = 0.6}).model(),
      RandomMdp({.theta = 1.0, .sampling = RandomMdp::Sampling::kBehaviour}).model()};
  for (const MdpModel& model : models) {
    const Solved s = solve(model);
    REQUIRE(s.exact.realizable);
    CHECK(s.exact.c_mean <= s.exact.c_sq * (1.0 + 1e-9));
    CHECK(s.exact.c_sq <= s.exact.c_inf * (1.0 + 1e-9));
    for (int trial = 0; trial < 20; ++trial) {
      arma::vec w = s.exact.w_td;  // = w* (realizable)
      for (double& wi : w) wi += standard_normal(rng);
      const double be2 = msbe(s, w);
      CHECK(s.exact.one_minus_eps2 * be2 <= mspbe(s, w) * (1.0 + 1e-9) + 1e-12);
      const double value_error =
          std::abs(arma::dot(s.exact.start_features, w) - s.exact.start_value);
      CHECK((1.0 - model.gamma) * value_error <=
            std::sqrt(s.exact.c_mean * be2) * (1.0 + 1e-9) + 1e-12);
    }
  }
}

TEST_CASE(
    "exact pair features: Q^pi solves Q = r + gamma P^pi Q, V(s) = sum_a pi Q, and Omega's closed "
    "form") {
  MdpModel model = RandomMdp({.theta = 0.6}).model();
  model.reward_noise_sd = 0.5;
  const Solved s = solve(model);
  const arma::vec& q = s.exact.true_values;
  CHECK(arma::norm(q - s.chain.r_target - model.gamma * s.chain.p_target * q) <= 1e-10);
  const std::size_t A = model.actions;
  for (std::size_t st = 0; st < model.states; ++st) {
    double v = 0.0;
    for (std::size_t a = 0; a < A; ++a) v += model.target[st * A + a] * q(st * A + a);
    CHECK(std::abs(s.exact.state_values(st) - v) <= 1e-12);
  }
  // Spec 4.3 (realizable): Omega = sum_k mu_k phi_k phi_k' (sigma_r^2 + gamma^2 Var_{s'~P(.|k)}
  // V(s')).
  REQUIRE(s.exact.realizable);
  arma::mat expected(model.dim, model.dim, arma::fill::zeros);
  for (std::size_t k = 0; k < model.pairs(); ++k) {
    double mean = 0.0;
    double square = 0.0;
    for (std::size_t next = 0; next < model.states; ++next) {
      const double v = s.exact.state_values(next);
      mean += model.p(k / A, k % A, next) * v;
      square += model.p(k / A, k % A, next) * v * v;
    }
    const arma::vec x = s.chain.phi.row(k).t();
    expected +=
        s.chain.mu(k) * (x * x.t()) * (0.25 + model.gamma * model.gamma * (square - mean * mean));
  }
  CHECK(arma::approx_equal(s.exact.omega, expected, "reldiff", 1e-9));
}

TEST_CASE(
    "exact eps, C and the asymptotic constants live on function space (P2): reparametrizing "
    "changes nothing") {
  // Phi -> Phi T (T invertible) and Phi -> [Phi, Phi c] (a redundant column) span the
  // same functions, so every function-space quantity must be unchanged. (The
  // completeness residual ||(I - Pi) P Phi||_F is not one: it scales with Phi.) With
  // the redundant column A is singular and pinv(A) stands in for A^-1; the constants
  // still agree (reverse-order law of the pseudo-inverse for full-rank factors).
  const DialChain dial({.theta = 1.0, .t = 0.1});
  const RandomMdp random({.theta = 0.6});
  for (const MdpModel& base : {dial.model(), random.model()}) {
    const Solved reference = solve(base);
    const std::size_t d = base.dim;
    const std::size_t rows = base.feature_rows();
    MdpModel mixed = base;
    arma::mat t(d, d, arma::fill::eye);
    t(0, d - 1) = 2.5;
    t(d - 1, 0) = -0.5;
    const arma::mat phi = arma::reshape(arma::vec(base.features), d, rows).t();
    const arma::mat phi_t = phi * t;
    for (std::size_t row = 0; row < rows; ++row)
      for (std::size_t j = 0; j < d; ++j) mixed.features[row * d + j] = phi_t(row, j);
    MdpModel redundant = base;
    redundant.dim = d + 1;
    redundant.features.clear();
    for (std::size_t row = 0; row < rows; ++row) {
      for (std::size_t j = 0; j < d; ++j) redundant.features.push_back(phi(row, j));
      redundant.features.push_back(phi(row, 0) - 3.0 * phi(row, d - 1));
    }
    for (const MdpModel& model : {mixed, redundant}) {
      const Solved s = solve(model);
      CHECK(std::abs(s.exact.one_minus_eps2 - reference.exact.one_minus_eps2) <= 1e-9);
      CHECK(std::abs(s.exact.c_mean - reference.exact.c_mean) <= 1e-9 * reference.exact.c_mean);
      CHECK(std::abs(s.exact.c_sq - reference.exact.c_sq) <= 1e-9 * reference.exact.c_sq);
      CHECK(std::abs(s.exact.asym_mspbe - reference.exact.asym_mspbe) <=
            1e-8 * reference.exact.asym_mspbe);
      CHECK(std::abs(s.exact.asym_start_value - reference.exact.asym_start_value) <=
            1e-8 * reference.exact.asym_start_value);
      CHECK(std::abs(s.exact.td_fixed_point_error) <= 1e-8);  // still realizable, w_TD exact
    }
  }
}

TEST_CASE(
    "exact Omega with importance ratios is the covariance of rho x delta_TD over (s, a, s')") {
  // The dial embedding with i.i.d. states from rho_b: ratios 1/(1 - beta) (drift) and
  // theta/beta (reset at state 1). Enumerate the sample's law and take the covariance.
  MdpModel model = DialChain({.theta = 0.7, .embedding = true, .beta = 0.2}).model();
  model.reward_noise_sd = 0.3;
  const Solved s = solve(model);
  const arma::vec& w = s.exact.w_td;
  arma::mat second(2, 2, arma::fill::zeros);
  arma::vec first(2, arma::fill::zeros);
  for (std::size_t st = 0; st < 3; ++st) {
    for (std::size_t a = 0; a < 2; ++a) {
      const double b = model.behaviour[st * 2 + a];
      const double rho = model.target[st * 2 + a] / b;
      const arma::vec x = s.chain.phi.row(st).t();
      for (std::size_t next = 0; next < 3; ++next) {
        const double weight = s.chain.mu(st) * b * model.p(st, a, next);
        const double delta = model.rewards[st * 2 + a] +
                             model.gamma * arma::dot(s.chain.phi.row(next), w) - arma::dot(x, w);
        // E over the noise eta: E[(delta + eta)^2] = delta^2 + sd^2, E[delta + eta] = delta.
        second += weight * rho * rho * (delta * delta + 0.09) * (x * x.t());
        first += weight * rho * delta * x;
      }
    }
  }
  CHECK(arma::norm(first) <= 1e-12);  // E[increment] = b - A w_TD = 0
  CHECK(arma::approx_equal(s.exact.omega, second - first * first.t(), "reldiff", 1e-10));
  CHECK(arma::approx_equal(s.exact.omega, s.exact.omega.t(), "absdiff", 0.0));
}
