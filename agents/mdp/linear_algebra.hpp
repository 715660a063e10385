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

inline double dot(std::span<const double> x, const std::vector<double>& w) {
  double sum = 0.0;
  for (std::size_t i = 0; i < x.size(); ++i) sum += x[i] * w[i];
  return sum;
}

inline bool all_finite(std::span<const double> values) {
  for (double value : values)
    if (!std::isfinite(value)) return false;
  return true;
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
