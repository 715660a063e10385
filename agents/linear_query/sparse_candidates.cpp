/// @file agents/linear_query/sparse_candidates.cpp
/// SparseNet-Enum's candidate set by blocked score products and a running argmax per net
/// direction (spec Part B, §B.4.1, §B.8).
#include "agents/linear_query/sparse_candidates.hpp"

#include <algorithm>
#include <limits>
#include <numeric>

#include "sim/core/check.hpp"

namespace banditsim::linear_query {

double binomial_coefficient(std::size_t n, std::size_t k) {
  if (k > n) return 0.0;
  k = std::min(k, n - k);
  double result = 1.0;
  // After step i, result = C(n - k + i, i): an integer, so the division is exact while the
  // product is (below 2^53).
  for (std::size_t i = 1; i <= k; ++i) {
    result = result * static_cast<double>(n - k + i) / static_cast<double>(i);
  }
  return result;
}

double candidate_bound(std::size_t d, std::size_t s, std::size_t net_rows) {
  return binomial_coefficient(d, s) * static_cast<double>(net_rows);
}

namespace {

/// Next s-subset of {0..d-1} in lexicographic order; false after the last one.
bool next_support(std::vector<std::size_t>& support, std::size_t d) {
  const std::size_t s = support.size();
  for (std::size_t t = s; t-- > 0;) {
    if (support[t] < d - s + t) {
      ++support[t];
      for (std::size_t u = t + 1; u < s; ++u) support[u] = support[u - 1] + 1;
      return true;
    }
  }
  return false;
}

/// max of x[0..n), n >= 1, with four independent accumulators (GCC does not vectorise a
/// floating-point max reduction without -ffast-math; the four chains at least pipeline).
double maximum(const double* x, std::size_t n) {
  double m0 = x[0], m1 = x[0], m2 = x[0], m3 = x[0];
  std::size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    m0 = x[i] > m0 ? x[i] : m0;
    m1 = x[i + 1] > m1 ? x[i + 1] : m1;
    m2 = x[i + 2] > m2 ? x[i + 2] : m2;
    m3 = x[i + 3] > m3 ? x[i + 3] : m3;
  }
  for (; i < n; ++i) m0 = x[i] > m0 ? x[i] : m0;
  m0 = m1 > m0 ? m1 : m0;
  m2 = m3 > m2 ? m3 : m2;
  return m2 > m0 ? m2 : m0;
}

}  // namespace

SparseCandidateFinder::SparseCandidateFinder(std::size_t block_rows) : block_rows_(block_rows) {
  BANDITSIM_CHECK(block_rows_ >= 1, "SparseCandidateFinder needs block_rows >= 1");
}

void SparseCandidateFinder::find(const arma::mat& phi, std::size_t s, const arma::mat& net,
                                 std::vector<std::uint64_t>& out) {
  const std::size_t K = phi.n_rows, d = phi.n_cols, N = net.n_rows;
  BANDITSIM_CHECK(K >= 1 && d >= 1, "sparse candidates need at least one action and feature");
  BANDITSIM_CHECK(s >= 1 && s <= d, "sparse candidates need 1 <= s <= d");
  BANDITSIM_CHECK(net.n_cols == s, "the direction net must have s columns");
  BANDITSIM_CHECK(N >= 1, "the direction net must have at least one direction");
  BANDITSIM_CHECK(phi.is_finite() && net.is_finite(), "sparse candidates need finite inputs");

  const std::size_t block = std::min(block_rows_, K);
  // resize/assign reuse the capacity: no allocation when the shapes do not grow.
  scores_.resize(block);
  best_value_.resize(N);
  best_index_.resize(N);
  is_candidate_.assign(K, 0);
  support_.resize(s);
  std::iota(support_.begin(), support_.end(), std::size_t{0});

  do {
    std::fill(best_value_.begin(), best_value_.end(), -std::numeric_limits<double>::infinity());
    std::fill(best_index_.begin(), best_index_.end(), 0);
    for (std::size_t first = 0; first < K; first += block) {
      const std::size_t rows = std::min(block, K - first);
      double* const scores = scores_.data();
      for (std::size_t j = 0; j < N; ++j) {
        // Column j of the block of Phi[:, S] Net^T, summed over t = 0..s-1 in order.
        const double* column = phi.colptr(support_[0]) + first;
        const double u0 = net(j, 0);
        for (std::size_t i = 0; i < rows; ++i) scores[i] = column[i] * u0;
        for (std::size_t t = 1; t < s; ++t) {
          column = phi.colptr(support_[t]) + first;
          const double ut = net(j, t);
          for (std::size_t i = 0; i < rows; ++i) scores[i] += column[i] * ut;
        }
        // Running argmax: the block's maximum, then, only if it beats the running one, its
        // first position. Strict '>' across blocks and the first position within a block keep
        // the smallest index on ties.
        const double block_max = maximum(scores, rows);
        if (block_max > best_value_[j]) {
          std::size_t i = 0;
          while (scores[i] != block_max) ++i;
          best_value_[j] = block_max;
          best_index_[j] = first + i;
        }
      }
    }
    for (std::size_t j = 0; j < N; ++j) is_candidate_[best_index_[j]] = 1;
  } while (next_support(support_, d));

  out.clear();
  for (std::size_t a = 0; a < K; ++a) {
    if (is_candidate_[a]) out.push_back(a);
  }
}

std::vector<std::uint64_t> sparse_candidates(const arma::mat& phi, std::size_t s,
                                             const arma::mat& net) {
  SparseCandidateFinder finder;
  std::vector<std::uint64_t> out;
  finder.find(phi, s, net, out);
  return out;
}

}  // namespace banditsim::linear_query
