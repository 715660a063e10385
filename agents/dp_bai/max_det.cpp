/// @file agents/dp_bai/max_det.cpp
/// Max-Det collection: exact enumeration or greedy start + single-swap local search (spec
/// Part 1, §1.2 "MaxDet subroutine [OURS]").
#include "agents/dp_bai/max_det.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <utility>

#include "sim/core/check.hpp"

namespace banditsim::dp_bai {

namespace {

/// C(n, k) as a double, or some value above `cap` as soon as the running product exceeds it
/// (so no overflow for large n).
double binomial_capped(std::size_t n, std::size_t k, double cap) {
  k = std::min(k, n - k);
  double value = 1.0;
  for (std::size_t i = 0; i < k && value <= cap; ++i)
    value = value * static_cast<double>(n - i) / static_cast<double>(i + 1);
  return value;
}

/// log |det| of the r x r matrix whose row k is Y.row(rows[k]), by Gaussian elimination with
/// partial pivoting in `work` (r * r values, reused). -infinity when a pivot is exactly 0.
double log_abs_det_of_rows(const arma::mat& Y, std::span<const std::size_t> rows,
                           std::vector<double>& work) {
  const std::size_t r = rows.size();
  work.resize(r * r);
  auto at = [&](std::size_t i, std::size_t j) -> double& { return work[i * r + j]; };
  for (std::size_t i = 0; i < r; ++i)
    for (std::size_t j = 0; j < r; ++j) at(i, j) = Y(rows[i], j);

  double log_abs_det = 0.0;
  for (std::size_t j = 0; j < r; ++j) {
    std::size_t pivot = j;
    for (std::size_t i = j + 1; i < r; ++i)
      if (std::fabs(at(i, j)) > std::fabs(at(pivot, j))) pivot = i;
    if (at(pivot, j) == 0.0) return -std::numeric_limits<double>::infinity();
    if (pivot != j)
      for (std::size_t c = j; c < r; ++c) std::swap(at(pivot, c), at(j, c));
    log_abs_det += std::log(std::fabs(at(j, j)));
    for (std::size_t i = j + 1; i < r; ++i) {
      const double factor = at(i, j) / at(j, j);
      for (std::size_t c = j + 1; c < r; ++c) at(i, c) -= factor * at(j, c);
    }
  }
  return log_abs_det;
}

/// Advances `subset` (increasing indices in [0, n)) to the next r-subset in lexicographic order;
/// false after the last one.
bool next_subset(std::vector<std::size_t>& subset, std::size_t n) {
  const std::size_t r = subset.size();
  for (std::size_t pos = r; pos-- > 0;) {
    if (subset[pos] < n - r + pos) {
      ++subset[pos];
      for (std::size_t later = pos + 1; later < r; ++later) subset[later] = subset[later - 1] + 1;
      return true;
    }
  }
  return false;
}

MaxDetResult enumerate_max_det(const arma::mat& Y) {
  // The first subset whose |det| beats the best so far by the factor 1 + 1e-12 wins: exact ties
  // (and rounding-level ones) keep the lexicographically first subset (spec P5).
  const double tie_margin = std::log1p(1e-12);
  std::vector<std::size_t> subset(Y.n_cols);
  std::iota(subset.begin(), subset.end(), std::size_t{0});
  std::vector<double> work;
  MaxDetResult best;
  best.exact = true;
  best.log_abs_det = -std::numeric_limits<double>::infinity();
  do {
    const double candidate = log_abs_det_of_rows(Y, subset, work);
    if (candidate > best.log_abs_det + tie_margin) {
      best.log_abs_det = candidate;
      best.basis = subset;
    }
  } while (next_subset(subset, Y.n_rows));
  BANDITSIM_CHECK(std::isfinite(best.log_abs_det), "Max-Det needs Y of full column rank");
  return best;
}

/// Pivoted Gram-Schmidt: r times, take the row with the largest residual norm (first index on
/// ties) and remove its direction from every row: a well-conditioned start. (Its volume is within a
/// factor r! of the maximum, Civril & Magdon-Ismail 2009 [RECALL]; nothing here relies on it.)
std::vector<std::size_t> greedy_volume_start(const arma::mat& Y) {
  arma::mat residual = Y;
  std::vector<bool> chosen(Y.n_rows, false);
  std::vector<std::size_t> basis;
  basis.reserve(Y.n_cols);
  for (std::size_t step = 0; step < Y.n_cols; ++step) {
    std::size_t best = Y.n_rows;
    double best_norm2 = 0.0;
    for (std::size_t i = 0; i < Y.n_rows; ++i) {
      if (chosen[i]) continue;
      const double norm2 = arma::dot(residual.row(i), residual.row(i));
      if (norm2 > best_norm2) {
        best = i;
        best_norm2 = norm2;
      }
    }
    BANDITSIM_CHECK(best < Y.n_rows, "Max-Det needs Y of full column rank");
    chosen[best] = true;
    basis.push_back(best);
    const arma::vec direction = residual.row(best).t() / std::sqrt(best_norm2);
    residual -= (residual * direction) * direction.t();
  }
  return basis;
}

MaxDetResult local_search_max_det(const arma::mat& Y, double swap_tolerance) {
  MaxDetResult result;
  std::vector<std::size_t> basis = greedy_volume_start(Y);
  for (;;) {
    // Swapping arm i into position k multiplies |det| by |beta_{i,k}| (Cramer's rule), so the
    // largest coefficient is the best single swap; none above 1 + eta means a swap-local maximum.
    const arma::mat beta = basis_coordinates(Y, basis);
    std::size_t best_arm = 0, best_position = 0;
    double best_abs = 0.0;
    for (std::size_t i = 0; i < beta.n_rows; ++i)
      for (std::size_t k = 0; k < beta.n_cols; ++k)
        if (std::fabs(beta(i, k)) > best_abs) {
          best_abs = std::fabs(beta(i, k));
          best_arm = i;
          best_position = k;
        }
    if (best_abs <= 1.0 + swap_tolerance) break;
    basis[best_position] = best_arm;
    ++result.swaps;
  }
  std::sort(basis.begin(), basis.end());
  std::vector<double> work;
  result.log_abs_det = log_abs_det_of_rows(Y, basis, work);
  BANDITSIM_CHECK(std::isfinite(result.log_abs_det), "Max-Det needs Y of full column rank");
  result.basis = std::move(basis);
  return result;
}

}  // namespace

MaxDetResult max_det_collection(const arma::mat& Y, const MaxDetOptions& options) {
  BANDITSIM_CHECK(Y.n_cols >= 1 && Y.n_rows >= Y.n_cols, "Max-Det needs s >= r >= 1");
  BANDITSIM_CHECK(Y.is_finite(), "Max-Det needs finite coordinates");
  BANDITSIM_CHECK(options.swap_tolerance >= 0.0, "Max-Det needs a non-negative swap tolerance");
  if (binomial_capped(Y.n_rows, Y.n_cols, options.enumeration_limit) <= options.enumeration_limit)
    return enumerate_max_det(Y);
  return local_search_max_det(Y, options.swap_tolerance);
}

arma::mat basis_coordinates(const arma::mat& Y, std::span<const std::size_t> basis) {
  const std::size_t r = Y.n_cols;
  BANDITSIM_CHECK(basis.size() == r && r >= 1, "basis_coordinates needs r = Y.n_cols >= 1 rows");
  arma::uvec rows(r);
  for (std::size_t k = 0; k < r; ++k) {
    BANDITSIM_CHECK(basis[k] < Y.n_rows, "basis_coordinates: basis row out of range");
    for (std::size_t l = 0; l < k; ++l)
      BANDITSIM_CHECK(basis[l] != basis[k], "basis_coordinates: repeated basis row");
    rows(k) = basis[k];
  }
  // Column k of Y[basis]^T is y_{basis[k]}, so Y[basis]^T beta_i = y_i for every arm i at once.
  arma::mat beta_transposed;
  const bool ok = arma::solve(beta_transposed, arma::mat(Y.rows(rows).t()), arma::mat(Y.t()),
                              arma::solve_opts::no_approx);
  BANDITSIM_CHECK(ok, "basis_coordinates: the basis rows are singular");
  arma::mat beta = beta_transposed.t();
  for (std::size_t k = 0; k < r; ++k) {
    beta.row(basis[k]).zeros();
    beta(basis[k], k) = 1.0;
  }
  return beta;
}

}  // namespace banditsim::dp_bai
