/// @file sim/families/dp_bai/theory.hpp
/// The complexity terms and the upper bound of DP-BAI (Chen, Karthik, Chee, Tan,
/// ICLR 2024), written beside the empirical error probability of each cell.
///
/// With the means sorted, mu_(1) > mu_(2) >= ..., Delta_(i) = mu_(1) - mu_(i), and
/// i ranging over 2 <= i <= D^2 ∧ K (D the rank of the features, spec P11):
///   H_pri = (1/epsilon) max_i i / Delta_(i)      ([TLDR], verbatim form)
///   H_BAI = max_i i / Delta_(i)^2                (inferred by analogy with
///                                                 OD-LinBAI's H_{2,lin}, spec 1.5)
///   P(I_T != i*) <= exp(-T' / (65 M H)),  H = H_BAI + H_pri    ([TLDR])
/// with T' = T and M the agent's number of phases (both reconstructed: the paper's
/// exact T' and M were not retrieved). The bound is vacuous (about 1) wherever the
/// error is measurable (spec 1.5, table): it is drawn for orientation only.
#pragma once

#include <cstddef>
#include <span>

namespace banditsim::dp_bai {

struct BaiComplexity {
  double h_bai = 0.0;             ///< H_BAI (inf if the best arm is not unique).
  double h_pri_epsilon = 0.0;     ///< epsilon H_pri (divide by epsilon).
  std::size_t largest_index = 0;  ///< D^2 ∧ K, the range of i.
};

/// The complexity terms of an instance with these means and feature rank D.
BaiComplexity bai_complexity(std::span<const double> means, std::size_t rank);

/// exp(-T / (65 M H)), H = h_bai + h_pri_epsilon / epsilon (h_pri = 0 at epsilon = inf).
double dp_bai_error_bound(double budget, std::size_t phases, const BaiComplexity& complexity,
                          double epsilon);

}  // namespace banditsim::dp_bai
