/// @file agents/privacy/private_mean.hpp
/// The one-shot private mean of n rewards in [lo, hi]: sum/n + Lap((hi - lo) / (epsilon n))
/// (the Laplace mechanism, Dwork & Roth 2014, Theorem 3.6; spec papers-dp.md §1.3.2 [STD]).
/// Changing one reward moves the mean by at most (hi - lo)/n, its sensitivity, so the noisy
/// mean is epsilon-DP. DP-BAI, DP-OD and DP-SH privatise every phase statistic with it; each
/// reward enters one such mean only (parallel composition, spec §1.3.2).
#pragma once

#include <cstdint>

#include "agents/privacy/epsilon.hpp"
#include "agents/privacy/laplace.hpp"
#include "sim/core/check.hpp"
#include "sim/core/rng.hpp"

namespace banditsim::privacy {

/// The Laplace scale of private_mean: range / (epsilon n); 0 when epsilon = inf.
inline double private_mean_scale(std::int64_t n, double epsilon, double range) {
  BANDITSIM_CHECK(n >= 1 && epsilon > 0.0 && range >= 0.0,
                  "private mean needs n >= 1, epsilon > 0 and range >= 0");
  return adds_noise(epsilon) ? range / (epsilon * static_cast<double>(n)) : 0.0;
}

/// sum/n + Lap(range / (epsilon n)), range = hi - lo. With epsilon = inf: exactly sum/n and
/// no draw from `noise`, so the non-private algorithm is reproduced bit for bit (spec T6).
/// Otherwise exactly one Laplace draw.
inline double private_mean(double sum, std::int64_t n, double epsilon, double range, Rng& noise) {
  const double scale = private_mean_scale(n, epsilon, range);
  const double mean = sum / static_cast<double>(n);
  return adds_noise(epsilon) ? mean + privacy::laplace(noise, scale) : mean;
}

}  // namespace banditsim::privacy
