/// @file agents/dp_bai/max_det.hpp
/// The Max-Det collection of DP-BAI (spec Part 1, §1.2, Definition 3.1): r of the s arms whose
/// projected features y_i (rows of Y, r = rank) have the largest |det|. By Cramer's rule every
/// arm is then a combination of the chosen ones with coefficients in [-1, 1] (§1.2 "Key
/// property" [STD]), which is what bounds the noise of DP-BAI's estimates.
///
/// Exact maximisation is combinatorial (NP-hard in general), so, following the spec's MaxDet
/// subroutine [OURS] and pitfall P4: exact enumeration when C(s, r) is small, otherwise a greedy
/// volume start plus single-swap local search. A swap-local maximiser already gives every
/// coefficient |beta| <= 1 + eta (§1.2 "Observation" [OURS]); it need not be the global one.
#pragma once

#include <armadillo>
#include <cstddef>
#include <span>
#include <vector>

namespace banditsim::dp_bai {

struct MaxDetOptions {
  double enumeration_limit = 200000;  ///< exact search when C(s, r) <= this (spec P4)
  double swap_tolerance = 1e-9;       ///< eta: stop swapping when max |beta| <= 1 + eta
};

struct MaxDetResult {
  std::vector<std::size_t> basis;  ///< r row indices of Y, increasing
  double log_abs_det = 0.0;        ///< log |det Y[basis]|
  bool exact = false;              ///< true if found by enumeration
  std::size_t swaps = 0;           ///< local-search swaps made (0 when exact)
};

/// Y: s x r with rank r (s >= r >= 1; BANDITSIM_CHECK otherwise).
///
/// Exact (C(s, r) <= enumeration_limit): enumerate the r-subsets in lexicographic order and keep
/// the first one whose |det| exceeds the best so far by the factor (1 + 1e-12), so ties go to the
/// lexicographically first subset (spec P5); log|det| by LU with partial pivoting.
///
/// Otherwise the spec's pseudo-code: greedy pivoted Gram-Schmidt picks r rows (largest residual
/// norm, first index on ties), then, while some arm i has a coefficient |beta_{i,k}| > 1 + eta in
/// the current basis, the largest one (first in arm-then-position order on ties [OURS]) replaces
/// basis position k. Each swap multiplies |det| by |beta_{i,k}| > 1 + eta, so this terminates.
MaxDetResult max_det_collection(const arma::mat& Y, const MaxDetOptions& options = {});

/// Coordinates of every row of Y in the basis rows: s x r matrix B with
/// y_i = sum_k B(i, k) y_{basis[k]} (solves Y[basis]^T beta_i = y_i). Cramer's rule bounds
/// |B| <= 1 for a Max-Det basis. Row basis[k] is set to e_k exactly, not left to the solve.
/// `basis`: r distinct row indices (any order; column k refers to basis[k]) of a non-singular
/// Y[basis]; BANDITSIM_CHECK otherwise.
arma::mat basis_coordinates(const arma::mat& Y, std::span<const std::size_t> basis);

}  // namespace banditsim::dp_bai
