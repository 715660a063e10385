/// @file sim/engine/audit_statistics.hpp
/// The statistics of a privacy audit (audit.hpp): from the outcomes of an agent run
/// n times on each of two neighbouring inputs D and D', a lower bound on its privacy
/// loss that holds with probability at least 1 - alpha.
///
/// epsilon-DP means P[out(D) in S] <= e^epsilon P[out(D') in S] for every set S of
/// outputs, both ways round. For one fixed S, with k of n runs on D and k' of n on D'
/// landing in S, the Clopper-Pearson bounds p_lo(k, n) <= P[out(D) in S] and
/// P[out(D') in S] <= p_hi(k', n), each failing with probability <= beta, give
///     epsilon >= log(p_lo / p_hi)   with probability >= 1 - 2 beta.
/// S must not be chosen on the runs that certify it, so the runs are split in two
/// halves (even and odd replication numbers): the first half chooses S and its
/// direction (D over D' or D' over D) among the sets of the outcomes with the largest
/// estimated ratio (the Neyman-Pearson shape of the most revealing event), the second
/// half certifies it (Jagielski, Ullman, Oprea, "Auditing differentially private machine
/// learning", NeurIPS 2020, use the same split). With C cases audited together, beta =
/// alpha / (2 C) (Bonferroni), so all C bounds hold together with probability 1 - alpha.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace banditsim {

/// Clopper-Pearson one-sided bounds for a binomial proportion: P[p < lower] <= beta
/// and P[p > upper] <= beta. lower(0, n) = 0 and upper(n, n) = 1.
double clopper_pearson_lower(std::uint64_t successes, std::uint64_t trials, double beta);
double clopper_pearson_upper(std::uint64_t successes, std::uint64_t trials, double beta);

/// An event S: a set of outcomes, and which input it favours.
struct AuditEvent {
  std::vector<double> outcomes;  ///< Sorted.
  bool favours_first = true;     ///< True: bounds P_D[S] / P_D'[S]; false: the reverse.
};

/// How the event fared on the certifying half.
struct AuditBound {
  AuditEvent event;
  std::uint64_t runs = 0;         ///< Certifying runs per input.
  std::uint64_t count_first = 0;  ///< Certifying runs on D with an outcome in S.
  std::uint64_t count_second = 0;
  double epsilon_estimate = 0;  ///< log of the ratio of the two frequencies (may be inf/NaN).
  double epsilon_lower = 0;     ///< The certified lower bound (-inf when p_lo = 0).
};

/// The audit of one pair: `first` and `second` hold the outcome of replication r at
/// index r (both the same length, at least 2). `beta` is the failure probability of each
/// of the two certifying bounds.
AuditBound audit_pair(std::span<const double> first, std::span<const double> second, double beta);

}  // namespace banditsim
