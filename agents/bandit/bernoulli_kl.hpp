/// @file agents/bandit/bernoulli_kl.hpp
/// The Bernoulli Kullback-Leibler divergence and its upper confidence bound
/// max{q in [p, 1] : kl(p, q) <= level}, the index of KL-UCB (Garivier & Cappé
/// 2011) and of the KL-based best-arm identification algorithms.
#pragma once

#include <algorithm>
#include <cmath>

namespace banditsim::bandit {

/// kl(p, q) = p log(p/q) + (1-p) log((1-p)/(1-q)), with 0 log 0 = 0
/// (+infinity when q is 0 or 1 and p is not).
inline double bernoulli_kl(double p, double q) {
  double kl = 0.0;
  if (p > 0.0) kl += p * std::log(p / q);
  if (p < 1.0) kl += (1.0 - p) * std::log((1.0 - p) / (1.0 - q));
  return kl;
}

/// max{q in [p, 1] : kl(p, q) <= level}, to within 1e-9 absolute.
///
/// f(q) = kl(p, q) - level is increasing and convex on [p, 1), with
/// f'(q) = (q - p) / (q (1 - q)). Newton's method started at an upper bound of
/// the root r (where f >= 0) then decreases monotonically to r, converging
/// quadratically: by convexity, f(r) >= f(q) + f'(q)(r - q) gives r <= q - f/f'.
/// The root is bracketed first, using -p log(p/q) in [0, -p log p] for q in [p, 1]:
///   r >= 1 - (1-p) exp(-level / (1-p))                 (drop p log(p/q) <= 0),
///   r <= 1 - (1-p) exp(-(level - p log p) / (1-p))     (drop -p log q >= 0),
///   r <= p + sqrt(level / 2)                           (Pinsker: kl >= 2 (q-p)^2).
/// The two exponential bounds are within a factor e of each other in 1 - q, so a
/// root closer to 1 than the tolerance (large level/(1-p)) is found at once. A
/// Newton iterate that leaves the bracket (only through rounding) is replaced by
/// the bisection midpoint.
inline double kl_upper_confidence_bound(double p, double level) {
  constexpr double kTolerance = 1e-9;
  constexpr int kMaxIterations = 100;
  if (p >= 1.0) return 1.0;
  if (!(level > 0.0)) return std::max(p, 0.0);
  if (p <= 0.0) return -std::expm1(-level);  // kl(0, q) = -log(1 - q): closed form
  const double q_bar = 1.0 - p;
  double lo = std::max(p, 1.0 - q_bar * std::exp(-level / q_bar));
  double hi = std::min({p + std::sqrt(0.5 * level),
                        1.0 - q_bar * std::exp(-(level - p * std::log(p)) / q_bar), 1.0});
  double q = hi;
  for (int i = 0; i < kMaxIterations && hi - lo > kTolerance; ++i) {
    const double f = bernoulli_kl(p, q) - level;
    if (f > 0.0) {
      hi = q;
    } else if (f < 0.0) {
      lo = q;
    } else {
      return q;
    }
    const double step = f * q * (1.0 - q) / (q - p);  // f / f'
    if (std::fabs(step) <= kTolerance) return std::clamp(q - step, lo, hi);
    q -= step;
    if (!(q > lo && q < hi)) q = 0.5 * (lo + hi);  // also catches NaN
  }
  return hi;
}

}  // namespace banditsim::bandit
