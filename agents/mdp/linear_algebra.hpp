/// @file agents/mdp/linear_algebra.hpp
/// Small allocation-free vector helpers for the online agents' hot paths, and the
/// one linear solve rule of the batch agents (spec P5: below kSingularRcond the
/// min-norm pseudo-inverse is used and counted, never a silent ridge).
#pragma once

#include <armadillo>
#include <cmath>
#include <cstddef>
#include <span>
#include <vector>

namespace banditsim::mdp {

// The hot loops keep eight partial sums in a fixed order (the same bits on every
// machine, -ffp-contract=off): a single chain of d dependent additions made a TD
// step at d = 32 latency-bound, twice as slow (bench/README.md, "bench_mdp").
inline constexpr std::size_t kPartialSums = 8;

inline double combine_partial_sums(const double (&s)[kPartialSums]) {
  return ((s[0] + s[1]) + (s[2] + s[3])) + ((s[4] + s[5]) + (s[6] + s[7]));
}

/// x . w.
inline double dot(std::span<const double> x, const std::vector<double>& w) {
  const std::size_t n = x.size(), blocks = n / kPartialSums * kPartialSums;
  double s[kPartialSums] = {};
  for (std::size_t i = 0; i < blocks; i += kPartialSums)
    for (std::size_t k = 0; k < kPartialSums; ++k) s[k] += x[i + k] * w[i + k];
  for (std::size_t i = blocks; i < n; ++i) s[0] += x[i] * w[i];
  return combine_partial_sums(s);
}

/// Whether every value is finite: v * 0 is 0 for finite v and NaN for inf or NaN, so
/// the sum is 0 exactly when all are finite (branch-free).
inline bool all_finite(std::span<const double> values) {
  const std::size_t n = values.size(), blocks = n / kPartialSums * kPartialSums;
  double s[kPartialSums] = {};
  for (std::size_t i = 0; i < blocks; i += kPartialSums)
    for (std::size_t k = 0; k < kPartialSums; ++k) s[k] += values[i + k] * 0.0;
  for (std::size_t i = blocks; i < n; ++i) s[0] += values[i] * 0.0;
  return combine_partial_sums(s) == 0.0;
}

/// The TD error's feature part, gamma next . w - x . w, in one pass (half the loads
/// of two dot products).
inline double td_difference(std::span<const double> x, std::span<const double> next, double gamma,
                            const std::vector<double>& w) {
  const std::size_t n = x.size(), blocks = n / kPartialSums * kPartialSums;
  const double* __restrict xp = x.data();
  const double* __restrict np = next.data();
  const double* __restrict wp = w.data();
  double s[kPartialSums] = {};
  for (std::size_t i = 0; i < blocks; i += kPartialSums)
    for (std::size_t k = 0; k < kPartialSums; ++k)
      s[k] += (gamma * np[i + k] - xp[i + k]) * wp[i + k];
  for (std::size_t i = blocks; i < n; ++i) s[0] += (gamma * np[i] - xp[i]) * wp[i];
  return combine_partial_sums(s);
}

/// w += scale x; returns whether every weight is still finite (checked in the same
/// pass, as all_finite does). x must not alias w (__restrict: the loop vectorises).
inline bool add_scaled(double scale, std::span<const double> x, std::vector<double>& w) {
  const std::size_t n = w.size(), blocks = n / kPartialSums * kPartialSums;
  const double* __restrict xp = x.data();
  double* __restrict wp = w.data();
  double c[kPartialSums] = {};
  for (std::size_t i = 0; i < blocks; i += kPartialSums)
    for (std::size_t k = 0; k < kPartialSums; ++k) {
      wp[i + k] += scale * xp[i + k];
      c[k] += wp[i + k] * 0.0;
    }
  for (std::size_t i = blocks; i < n; ++i) {
    wp[i] += scale * xp[i];
    c[0] += wp[i] * 0.0;
  }
  return combine_partial_sums(c) == 0.0;
}

/// w += scale x, without the finiteness check of add_scaled: for the TD(0) agents, whose
/// next TD error is non-finite whenever w is (any infinite or NaN weight reaches delta),
/// so they date an overflow from there (OnlineCore::diverge_in_previous_update) instead
/// of checking every weight every step. x must not alias w.
inline void add_scaled_unchecked(double scale, std::span<const double> x, std::vector<double>& w) {
  const std::size_t n = w.size();
  const double* __restrict xp = x.data();
  double* __restrict wp = w.data();
  for (std::size_t i = 0; i < n; ++i) wp[i] += scale * xp[i];
}

/// out = M w for a d x d matrix (out must not alias w; no allocation).
inline void multiply(const arma::mat& m, const std::vector<double>& w, std::vector<double>& out) {
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = 0.0;
  for (std::size_t j = 0; j < w.size(); ++j) {
    const double wj = w[j];
    for (std::size_t i = 0; i < out.size(); ++i) out[i] += m(i, j) * wj;
  }
}

/// out = M' w for a d x d matrix (out must not alias w; no allocation).
inline void multiply_transposed(const arma::mat& m, const std::vector<double>& w,
                                std::vector<double>& out) {
  for (std::size_t j = 0; j < out.size(); ++j) {
    double sum = 0.0;
    for (std::size_t i = 0; i < w.size(); ++i) sum += m(i, j) * w[i];
    out[j] = sum;
  }
}

/// rcond(M) < kSingularRcond (or M empty or not finite): the singular case of spec P5.
bool is_singular(const arma::mat& m);

/// Solves M x = rhs. When rcond(M) < kSingularRcond (exact_solution.hpp), or the
/// factorisation fails, x = pinv(M) rhs, the minimum-norm least-squares solution,
/// and the return value is true (the caller counts a singular solve).
bool solve_or_min_norm(const arma::mat& m, const arma::vec& rhs, arma::vec& x);

/// pinv(M), or inv(M) when rcond(M) >= kSingularRcond; returns true if singular.
bool inverse_or_pinv(const arma::mat& m, arma::mat& inverse);

}  // namespace banditsim::mdp
