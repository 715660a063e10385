/// @file agents/privacy/laplace.hpp
/// The Laplace distribution Lap(0, b), density exp(-|z|/b) / (2b), variance 2b^2: the noise
/// of every mechanism in agents/privacy (spec papers-dp.md §3 [STD]; Dwork & Roth 2014,
/// "The Algorithmic Foundations of Differential Privacy", Definition 3.2).
///
/// Sampler: the inverse CDF from ONE 64-bit draw (spec §3): u uniform in (-1/2, 1/2) without
/// its ends (the midpoints of 2^52 equal cells, uniform01_open - 1/2), then
/// X = -b sgn(u) ln(1 - 2|u|). 1 - 2|u| is a multiple of 2^-52 in (0, 1), so it is exact and
/// ln() needs no log1p; the sign is applied with copysign, without a branch. (|X| is then
/// -b ln W with W uniform on the 2^51 odd multiples of 2^-52 in (0, 1), and an independent
/// sign: the largest magnitude is b ln 2^52 = 36.0 b, with probability 2^-51.) The same values as
/// banditsim::laplace (sim/core/distributions.hpp) up to the last bit of the logarithm, which
/// is written with log1p and a branch on the sign: 2.8x slower. Benchmarked against
/// boost::random::laplace_distribution (an exponential ziggurat, then a second uniform for
/// the sign): bench/bench_privacy.cpp and bench/README.md, section "Private counters and the
/// Laplace sampler (issue 10)".
///
/// Call it qualified, `privacy::laplace(rng, b)`: an unqualified call from inside
/// banditsim::privacy also finds banditsim::laplace by argument-dependent lookup (Rng lives
/// in banditsim) and is ambiguous.
///
/// Floating-point Laplace noise is not exactly private (Mironov 2012, "On significance of
/// the least significant bits for differential privacy"): acceptable in a simulator, not in
/// production (spec §2.6).
#pragma once

#include <cmath>
#include <limits>

#include "sim/core/check.hpp"
#include "sim/core/rng.hpp"

namespace banditsim::privacy {

/// A Lap(0, scale) draw. Always consumes exactly one 64-bit draw of `rng`, so the position
/// of a noise stream depends only on how many draws were asked for, not on their scales.
/// scale = 0 returns +0.0 (after consuming its draw). scale = +inf is NOT allowed: a
/// mechanism with epsilon = inf adds no noise at all and must skip the call (and the draw).
inline double laplace(Rng& rng, double scale) {
  BANDITSIM_CHECK(scale >= 0.0 && scale < std::numeric_limits<double>::infinity(),
                  "Laplace scale must be finite and >= 0 (skip the noise when epsilon = inf)");
  const double u = uniform01_open(rng) - 0.5;
  const double magnitude = -scale * std::log(1.0 - 2.0 * std::fabs(u));
  return scale > 0.0 ? std::copysign(magnitude, u) : 0.0;  // +0.0, not a signed zero
}

/// ln of the Lap(0, scale) density at z: -|z|/scale - ln(2 scale), scale > 0.
inline double laplace_log_density(double z, double scale) {
  BANDITSIM_CHECK(scale > 0.0 && scale < std::numeric_limits<double>::infinity(),
                  "Laplace log density needs a finite scale > 0");
  return -std::fabs(z) / scale - std::log(2.0 * scale);
}

}  // namespace banditsim::privacy
