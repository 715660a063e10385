/// @file agents/causal/sem_estimate_evaluator.hpp
/// The closed forms of sim/families/causal/sem_model.hpp evaluated on ESTIMATED
/// weights, for every action an agent scores (CSL-UCB, GOLEM-MAB, LinSEM-*).
///
/// For action code a and estimates (B^, B^'), with B^_a mixed column-wise (eq. 2):
///   means   mu^_a = (I - B^_a^T)^{-1} nu                   (all N nodes; eq. 6)
///   column  c_a   = [(I - B^_a)^{-1}]_{:, N-1}             (ConfBound's ||C^[:,N]||, A.4.3)
/// Fast path: when B^ and B^' together are acyclic they share a topological order,
/// and both are recursions over it, O(edges) per action (means forward; the column
/// backward: c_j = 1(j = N-1) + sum_i B^_a(j, i) c_i over j's children i).
/// Otherwise (two separately learned DAGs with different orders; spec P-A8) each
/// action is an LU solve with partial pivoting, and an action whose I - B^_a has
/// reciprocal condition number below `kMinReciprocalCondition` is reported
/// ill-conditioned: the agent scores it -inf and counts it (our resolution of
/// P-A8; the authors' code does not guard).
#pragma once

#include <armadillo>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "sim/families/causal/sem_model.hpp"

namespace banditsim::causal {

class SemEstimateEvaluator {
 public:
  static constexpr double kMinReciprocalCondition = 1e-12;

  /// Takes (a copy of) the estimates for the following evaluate() calls.
  void set_weights(const SemWeights& estimate);
  /// True if the estimates' union is acyclic (the recursion path is used).
  bool acyclic() const { return acyclic_; }

  /// Fills `means` (N values) and, unless empty, `reward_column` (N values) for
  /// action code `code`. Returns false, leaving them unspecified, when I - B^_a
  /// is ill-conditioned (only possible when !acyclic()).
  bool evaluate(std::uint64_t code, std::span<const double> noise_mean, std::span<double> means,
                std::span<double> reward_column);

 private:
  SemWeights weights_;
  std::vector<std::size_t> order_;
  bool acyclic_ = true;
  arma::mat mixed_;  // LU path only
};

}  // namespace banditsim::causal
