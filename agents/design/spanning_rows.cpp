/// @file agents/design/spanning_rows.cpp
/// Greedy spanning rows by classical Gram-Schmidt with one reorthogonalisation when needed
/// ("twice is enough", Kahan-Parlett: a second pass only if the first removed more than
/// 1 - 1/sqrt(2) of the norm) [my design]. The orthonormal basis is stored coordinate-major, so
/// both products (c = Q^T v over the non-zero entries of v, then v -= Q c) run over contiguous
/// memory; the second is skipped when c = 0, as for the unit vectors of E1 (spec B.6).
#include "agents/design/spanning_rows.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "sim/core/check.hpp"

namespace banditsim::design {

namespace {

double norm_of(const std::vector<double>& v) {
  double sum = 0.0;
  for (double x : v) sum += x * x;
  return std::sqrt(sum);
}

}  // namespace

std::vector<std::size_t> spanning_rows(const arma::mat& X, double tolerance) {
  BANDITSIM_CHECK(X.is_finite(), "spanning_rows needs finite coordinates");
  BANDITSIM_CHECK(tolerance >= 0.0 && tolerance < 1.0, "spanning_rows needs tolerance in [0, 1)");
  const std::size_t s = X.n_rows, n = X.n_cols;
  const std::size_t capacity = std::min(s, n);  // at most this many rows are kept
  std::vector<std::size_t> kept;
  kept.reserve(capacity);
  // basis[l * capacity + j] = coordinate l of the j-th orthonormal vector.
  std::vector<double> basis(n * capacity), v(n), c(capacity);

  for (std::size_t a = 0; a < s && kept.size() < n; ++a) {
    for (std::size_t l = 0; l < n; ++l) v[l] = X(a, l);
    const double row_norm = norm_of(v);
    if (!(row_norm > 0.0)) continue;
    const std::size_t k = kept.size();
    double norm = row_norm;
    for (int pass = 0; pass < 2; ++pass) {
      // c = Q^T v, skipping the zero entries of v.
      std::fill(c.begin(), c.begin() + static_cast<std::ptrdiff_t>(k), 0.0);
      for (std::size_t l = 0; l < n; ++l) {
        if (v[l] == 0.0) continue;
        const double* q = &basis[l * capacity];
        for (std::size_t j = 0; j < k; ++j) c[j] += v[l] * q[j];
      }
      const bool orthogonal = std::all_of(c.begin(), c.begin() + static_cast<std::ptrdiff_t>(k),
                                          [](double x) { return x == 0.0; });
      if (orthogonal) break;
      // v <- v - Q c.
      for (std::size_t l = 0; l < n; ++l) {
        const double* q = &basis[l * capacity];
        double projection = 0.0;
        for (std::size_t j = 0; j < k; ++j) projection += q[j] * c[j];
        v[l] -= projection;
      }
      const double previous = norm;
      norm = norm_of(v);
      if (norm * std::numbers::sqrt2 > previous) break;  // little cancellation: one pass is enough
    }
    if (!(norm > tolerance * row_norm)) continue;  // numerically in the span of the kept rows
    for (std::size_t l = 0; l < n; ++l) basis[l * capacity + k] = v[l] / norm;
    kept.push_back(a);
  }
  return kept;
}

arma::vec spanning_start(const arma::mat& X, double tolerance) {
  const std::vector<std::size_t> rows = spanning_rows(X, tolerance);
  BANDITSIM_CHECK(!rows.empty(), "spanning_start needs a non-zero row");
  arma::vec weights(X.n_rows, arma::fill::zeros);
  const double weight = 1.0 / static_cast<double>(rows.size());
  for (std::size_t a : rows) weights(a) = weight;
  return weights;
}

}  // namespace banditsim::design
