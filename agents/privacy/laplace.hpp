/// @file agents/privacy/laplace.hpp
/// The Laplace distribution Lap(0, b), density exp(-|z|/b) / (2b), variance 2b^2: the noise
/// of every mechanism in agents/privacy (spec papers-dp.md §3 [STD]; Dwork & Roth 2014,
/// "The Algorithmic Foundations of Differential Privacy", Definition 3.2).
///
/// Sampler: X = b (E1 - E2) with E1, E2 i.i.d. Exp(1) (spec §3; the difference has the
/// characteristic function 1/(1 - iw) * 1/(1 + iw) = 1/(1 + w^2), that of Lap(0, 1)), both
/// drawn by Boost.Random's exponential_distribution (a 256-layer ziggurat), without a branch.
/// Chosen by bench/bench_privacy.cpp (bench/README.md, "Private counters and the Laplace
/// sampler (issue 10)"): about 6 ns per draw, against about 10-11 ns for the inverse CDF from
/// one 64-bit draw, -b sgn(u) ln(1 - 2|u|) (glibc's log dominates it), and for
/// boost::random::laplace_distribution (an exponential, then a second uniform for the sign,
/// with a branch the CPU cannot predict); banditsim::laplace of sim/core/distributions.hpp,
/// the inverse CDF with log1p and a branch, takes about 30 ns.
///
/// Engine calls: each exponential takes one 64-bit draw 97.8% of the time (the ziggurat's
/// fast path) and more otherwise, 1.034 on average (measured over 1e7 draws), so a Laplace
/// draw takes about two, a variable number. That number never depends on the scale:
/// laplace(rng, b) is exactly b * laplace(rng', 1) for the same engine state, so runs at
/// different epsilon share their unit noises (common random numbers), and a replayed engine
/// reproduces every draw.
///
/// Call it qualified, `privacy::laplace(rng, b)`: an unqualified call from inside
/// banditsim::privacy also finds banditsim::laplace by argument-dependent lookup (Rng lives
/// in banditsim) and is ambiguous.
///
/// Floating-point Laplace noise is not exactly private (Mironov 2012, "On significance of
/// the least significant bits for differential privacy"): acceptable in a simulator, not in
/// production (spec §2.6).
#pragma once

#include <boost/random/exponential_distribution.hpp>
#include <cmath>
#include <limits>

#include "sim/core/check.hpp"
#include "sim/core/rng.hpp"

namespace banditsim::privacy {

/// A Lap(0, scale) draw: scale (E1 - E2), E1 drawn first. scale = 0 returns +0.0 after
/// consuming the same engine draws as any other scale. scale = +inf is NOT allowed: a
/// mechanism with epsilon = inf adds no noise at all and must skip the call (and the draws).
inline double laplace(Rng& rng, double scale) {
  BANDITSIM_CHECK(scale >= 0.0 && scale < std::numeric_limits<double>::infinity(),
                  "Laplace scale must be finite and >= 0 (skip the noise when epsilon = inf)");
  const boost::random::exponential_distribution<double> exponential;
  const double first = exponential(rng);  // named: the operands of '-' are unsequenced
  const double difference = first - exponential(rng);
  return scale > 0.0 ? scale * difference : 0.0;  // +0.0, not a signed zero
}

/// ln of the Lap(0, scale) density at z: -|z|/scale - ln(2 scale), scale > 0.
inline double laplace_log_density(double z, double scale) {
  BANDITSIM_CHECK(scale > 0.0 && scale < std::numeric_limits<double>::infinity(),
                  "Laplace log density needs a finite scale > 0");
  return -std::fabs(z) / scale - std::log(2.0 * scale);
}

}  // namespace banditsim::privacy
