/// @file agents/dp_bai/arm_span.hpp
/// Projection of a set of arm features onto their span (spec Part 1, §1.2 "Coordinates" and
/// pitfall P3): the arms may not span R^d, and the span shrinks as arms are eliminated, so
/// DP-BAI and OD-LinBAI work in the d_p-dimensional coordinates y_i = U^T a_i, where U is an
/// orthonormal basis of the arms' row space. |det| of any d_p arms and the coefficients of one
/// arm in a basis of others do not depend on the choice of U (§1.2), so any orthonormal basis
/// will do. The rank rule (SVD, relative tolerance 1e-10 * sigma_max) is the spec's P3 [OURS].
#pragma once

#include <armadillo>
#include <cstddef>

namespace banditsim::dp_bai {

struct ArmSpan {
  std::size_t rank = 0;   ///< d_p: numerical rank of the arms (SVD, singular values above
                          ///< relative_tolerance * sigma_max).
  arma::mat basis;        ///< d x rank, orthonormal columns spanning the arms' row space.
  arma::mat coordinates;  ///< s x rank: row i = basis^T a_i (y_i in the spec).
};

/// `arms`: s x d, row i = feature vector of arm i. Throws InternalError (BANDITSIM_CHECK) on an
/// empty or non-finite matrix: the caller validates user features. An all-zero matrix has rank 0
/// (basis d x 0, coordinates s x 0).
ArmSpan project_to_span(const arma::mat& arms, double relative_tolerance = 1e-10);

}  // namespace banditsim::dp_bai
