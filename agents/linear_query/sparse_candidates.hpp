/// @file agents/linear_query/sparse_candidates.hpp
/// The candidate set of SparseNet-Enum (spec Part B, §B.4.1 [reconstructed]):
///   Cand = { argmax_a <Phi[a, S], u> : S subset of {0..d-1}, |S| = s, u in Net },
/// ties broken to the smallest action index, returned as the sorted distinct action indices.
/// |Cand| <= C(d,s) |Net| (§B.7); the work is C(d,s) |Net| K s multiply-adds (§B.8).
///
/// Computation (§B.8 "use blocked matrix products Phi[:,S] Net^T"): for each support S in
/// lexicographic order, the scores Phi[:, S] Net^T (K x N) are formed in blocks of
/// `block_rows` actions, and a running argmax per net direction is updated block by block, so
/// memory stays O(block_rows + N) whatever K. The block product is an explicit loop, not BLAS
/// [my design]: every score <Phi[a,S], u> is then the same sum in the same order (no FMA, the
/// build has -ffp-contract=off), so duplicated actions tie exactly and the smallest index wins,
/// and the candidates are bit-identical across machines (BLAS kernels differ per CPU). The inner
/// dimension is s (1 to 3 in practice), where a gemm is memory-bound anyway.
#pragma once

#include <armadillo>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace banditsim::linear_query {

/// C(n, k) as a double (0 if k > n): the product formula C(n-k+i, i) = C(n-k+i-1, i-1)(n-k+i)/i,
/// exact while the intermediate products C(n-k+i-1, i-1)(n-k+i) stay below 2^53, which holds
/// for every n <= 50 (beyond, e.g. C(64, 32) ~ 1.8e18, the result is rounded).
double binomial_coefficient(std::size_t n, std::size_t k);

/// The bound C(d, s) * net_rows on |Cand| (spec §B.4.1, §B.7).
double candidate_bound(std::size_t d, std::size_t s, std::size_t net_rows);

/// Finds Cand with work buffers kept between calls: a second call with the same K and N (any
/// d, s <= the previous ones) allocates nothing, provided `out` has the capacity.
class SparseCandidateFinder {
 public:
  /// `block_rows`: actions per block of the score product (BANDITSIM_CHECK >= 1). 4096 rows
  /// make a block column 32 KB, and the s feature columns of a block stay in L2.
  explicit SparseCandidateFinder(std::size_t block_rows = 4096);

  /// `phi`: K x d, row a = phi(a), finite, K >= 1; 1 <= s <= d; `net`: N x s, N >= 1, finite
  /// (its rows need not be unit vectors). All BANDITSIM_CHECKed. `out` is overwritten with the
  /// sorted distinct candidate indices.
  void find(const arma::mat& phi, std::size_t s, const arma::mat& net,
            std::vector<std::uint64_t>& out);

  std::size_t block_rows() const { return block_rows_; }

 private:
  std::size_t block_rows_;
  std::vector<std::size_t> support_;         ///< current support S, increasing
  std::vector<double> scores_;               ///< one block column of Phi[:, S] Net^T
  std::vector<double> best_value_;           ///< running max per net direction
  std::vector<std::uint64_t> best_index_;    ///< running argmax per net direction
  std::vector<unsigned char> is_candidate_;  ///< per action
};

/// Convenience: one SparseCandidateFinder call.
std::vector<std::uint64_t> sparse_candidates(const arma::mat& phi, std::size_t s,
                                             const arma::mat& net);

}  // namespace banditsim::linear_query
