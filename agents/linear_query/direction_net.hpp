/// @file agents/linear_query/direction_net.hpp
/// The explicit radius-net of the unit sphere S^{s-1} in R^s used by SparseNet-Enum (spec Part B,
/// §B.4.1 "Explicit ε'-net of S^{s−1}", the "cube-surface grid" [my design]).
///
/// m = ceil(sqrt(s-1) / radius) (m = 1 if s = 1), grid G = {-1 + 2j/m : j = 0..m}; the points
/// x = (g_1, .., g_{k-1}, ±1, g_{k+1}, .., g_s) for every face k, both signs (spec §B.8: the net
/// covers the whole sphere, -u included) and g in G^{s-1}, normalised to x/||x||, deduplicated.
/// Covering radius <= sqrt(s-1)/m <= radius (§B.4.1: a point of the sphere lies, after radial
/// scaling, on a face of [-1,1]^s, within sqrt(s-1)/m of a grid point there, and the radial
/// projection of {||x|| >= 1} onto the sphere is 1-Lipschitz).
/// Sizes after deduplication: (m+1)^s - (m-1)^s, the grid points on the cube's surface
/// (s = 2: 20/40/80 at radius 0.2/0.1/0.05; s = 3: 386/1352/5048, as §B.4.1 lists).
#pragma once

#include <armadillo>
#include <cstddef>

namespace banditsim::linear_query {

/// m = ceil(sqrt(s-1) / radius), m = 1 if s = 1. The ceiling allows a relative tolerance of
/// 1e-9 [my design]: a quotient that is an integer up to rounding (1/(1.0/49) comes out as
/// 49.00000000000001, sqrt(2)/(sqrt(2)/43) as 43.00000000000001) gives that integer (49, not 50).
/// The covering radius is then <= sqrt(s-1)/m <= radius (1 + 1e-9): the guarantee holds up to
/// that factor. BANDITSIM_CHECK: s >= 1, radius > 0 and finite, m below 2^32.
std::size_t direction_net_grid(std::size_t s, double radius);

/// 2 s (m+1)^{s-1}: the number of (face, sign, grid point) triples before deduplication
/// (spec §B.9 item 4). BANDITSIM_CHECK that it fits in std::size_t.
std::size_t direction_net_size_before_dedup(std::size_t s, double radius);

/// The net as an N x s matrix, one unit vector per row, N = (m+1)^s - (m-1)^s (2 if s = 1).
/// Order (deterministic): face k = 0..s-1, then sign -1 before +1, then the grid indices of the
/// other coordinates in lexicographic order (the lowest coordinate most significant); a point is
/// kept at its first occurrence in that order. Deduplication is done on the integer grid indices,
/// which is exact: two triples give the same normalised point (equal up to 1e-12 or bitwise)
/// exactly when they give the same cube-surface point (radial projection is one-to-one on the
/// surface), and distinct grid points give directions far more than 1e-12 apart (the unit test
/// checks the smallest pairwise distance).
arma::mat direction_net(std::size_t s, double radius);

}  // namespace banditsim::linear_query
