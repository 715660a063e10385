/// @file agents/causal/ksg_mutual_information.hpp
/// Mutual information of two scalar samples by the k-nearest-neighbour estimator
/// of Kraskov, Stögbauer, Grassberger (2004), "Estimating mutual information",
/// Phys. Rev. E 69, 066138, estimator 2 (their eq. 9):
///     I = psi(k) - 1/k - (1/M) sum_i [psi(nx_i) + psi(ny_i)] + psi(M),
/// with the max norm in the joint space. For point i, its k nearest neighbours
/// under d_ij = max(|x_i - x_j|, |y_i - y_j|) give the extents
/// ex_i = max |x_i - x_j| and ey_i = max |y_i - y_j| over them, and
/// nx_i = #{j != i : |x_i - x_j| <= ex_i}, ny_i likewise.
///
/// Spec A.4.1 / P-A7: the authors' code takes 4 of the 5 nearest neighbours,
/// which one it drops depending on numpy's partition order; we use the textbook
/// estimator with all k (our resolution). Ties at the k-th distance: every point
/// at that distance joins the neighbour set (so its extents cover them all).
/// Fewer than k + 1 points: k is lowered to M - 1; M < 2 gives 0 (our choice).
///
/// The neighbour search is O(M^2) brute force (M <= n_max = 100 here); nx and ny
/// come from binary searches in the sorted marginals. The estimator keeps its
/// buffers, so repeated calls do not allocate.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

namespace banditsim::causal {

/// The digamma function psi(x) = Gamma'(x) / Gamma(x) for x > 0: recurrence up
/// to x >= 10, then the asymptotic series to x^-12 (truncation error below 1e-15).
double digamma(double x);

class KsgMutualInformation {
 public:
  explicit KsgMutualInformation(std::size_t k = 5) : k_(k) {}
  std::size_t k() const { return k_; }

  /// I(x; y) in nats; x and y have the same length M.
  double estimate(std::span<const double> x, std::span<const double> y);

 private:
  /// psi(n) for n = 1.. (n <= the largest M seen): psi(n) = -gamma + sum_{j<n} 1/j.
  double digamma_integer(std::size_t n);

  /// #{values within `radius` of `centre`} - 1 in the sorted sample.
  static std::size_t count_within(std::span<const double> sorted, double centre, double radius);

  std::size_t k_;
  std::vector<double> dx_, dy_, d_, nearest_, sorted_x_, sorted_y_;
  std::vector<double> digamma_table_;  // [n] = psi(n), n >= 1
};

}  // namespace banditsim::causal
