/// @file agents/continual/calibration.hpp
/// Budget splits and error bounds of the continual family's mechanisms (spec
/// ../shared/specs/papers-dp.md §2.3-2.4), shared by the agents (which calibrate
/// themselves with them) and the family (which writes them beside the errors).
///
///   composed_epsilon   the per-part epsilon0 when k adaptively composed parts must add
///                      up to epsilon: basic composition epsilon / k (pure epsilon-DP), or
///                      advanced composition (Dwork & Roth 2014, Theorem 3.20 [STD]):
///                      k-fold epsilon0-DP is (epsilon', delta)-DP with
///                        epsilon' = sqrt(2 k ln(1/delta)) epsilon0 + k epsilon0 (e^epsilon0 - 1),
///                      solved for epsilon0 by bisection; "advanced" takes the larger of
///                      the two (basic is always valid), so it is never worse.
///   tree_max_bound     the high-probability bound on max_t |y_t - max_j S_t[j]| of d
///                      binary tree counters (§2.4.1 tail, union over T steps and d
///                      counters).
///   svt_calibration    the rounds c and threshold tau of the sparse-vector mechanism
///                      (§2.4.3; the calibration is OURS, see svt_max.hpp), chosen to
///                      minimise its high-probability error bound.
#pragma once

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>

#include "agents/privacy/epsilon.hpp"
#include "sim/core/check.hpp"

namespace banditsim::continual {

enum class Composition { kBasic, kAdvanced };

inline Composition composition_from(const std::string& name) {
  return name == "advanced" ? Composition::kAdvanced : Composition::kBasic;
}

/// epsilon0 per part of k composed parts (see the file comment). epsilon = inf gives inf.
inline double composed_epsilon(double epsilon, double parts, Composition composition,
                               double delta) {
  BANDITSIM_CHECK(parts >= 1.0, "at least one composed part");
  if (!privacy::adds_noise(epsilon)) return epsilon;
  const double basic = epsilon / parts;
  if (composition == Composition::kBasic) return basic;
  BANDITSIM_CHECK(delta > 0.0 && delta < 1.0, "advanced composition needs delta in (0, 1)");
  const double root = std::sqrt(2.0 * parts * std::log(1.0 / delta));
  double lo = 0.0, hi = epsilon / root;  // at hi the first term alone is epsilon
  for (int i = 0; i < 200 && hi - lo > 1e-15 * hi; ++i) {
    const double mid = 0.5 * (lo + hi);
    const double composed = root * mid + parts * mid * std::expm1(mid);
    (composed > epsilon ? hi : lo) = mid;
  }
  return std::max(basic, lo);
}

/// L = floor(log2 T) + 1 (spec §2.4.1, §2.6).
inline int tree_levels(std::int64_t horizon) {
  return std::bit_width(static_cast<std::uint64_t>(horizon));
}

/// With probability >= 1 - beta, every counter j at every t has |S~_t[j] - S_t[j]| <= this,
/// hence |max_j S~_t[j] - max_j S_t[j]| <= this: Chan-Shi-Song's Laplace-sum bound (spec
/// §2.4.1) nu sqrt(8 ln(2/beta')), nu = b max(sqrt L, sqrt ln(2/beta')), b = L / epsilon0
/// per node (sensitivity 1 per coordinate), beta' = beta / (T d). 0 when epsilon0 = inf.
inline double tree_max_bound(std::int64_t horizon, double dim, double counter_epsilon,
                             double beta) {
  if (!privacy::adds_noise(counter_epsilon)) return 0.0;
  const double levels = tree_levels(horizon);
  const double log_term = std::log(2.0 * static_cast<double>(horizon) * dim / beta);
  const double scale = levels / counter_epsilon;
  const double nu = scale * std::max(std::sqrt(levels), std::sqrt(log_term));
  return nu * std::sqrt(8.0 * log_term);
}

/// The sparse-vector mechanism's calibration for horizon T (svt_max.hpp).
struct SvtCalibration {
  std::int64_t rounds = 1;         ///< c.
  double round_epsilon = 0.0;      ///< epsilon0 per round (AboveThreshold + release).
  double threshold_epsilon = 0.0;  ///< epsilon0 / 2, AboveThreshold's budget.
  double release_epsilon = 0.0;    ///< epsilon0 / 2, the Laplace release's budget.
  double query_accuracy = 0.0;     ///< alpha_AT (Dwork-Roth Thm 3.24, T queries a round).
  double release_accuracy = 0.0;   ///< alpha_rel, every release's noise within it.
  double threshold = 0.0;          ///< tau.
  double bound = 0.0;              ///< 2 alpha_AT + alpha_rel + T / c.
};

/// The calibration for c rounds (threshold_override > 0: that tau instead of the bound's).
/// On the event (probability >= 1 - beta) that every AboveThreshold noise is within
/// alpha_AT / 2 (per round beta / (2c), T queries: alpha_AT = 8 (ln T + ln(4c/beta)) /
/// epsilon_AT) and every release noise within alpha_rel = ln(2c/beta) / epsilon_rel:
///   a top answer at t means max_t - r > tau - alpha_AT = alpha_rel + T/c, so the true max
///   grows by more than T/c between releases and c rounds last T steps (the max grows by
///   at most 1 a step); a bottom answer means max_t - r < tau + alpha_AT; and r exceeds the
///   max by at most alpha_rel. Hence max_t |r - max_t| <= 2 alpha_AT + alpha_rel + T/c.
inline SvtCalibration svt_calibration_for(std::int64_t horizon, std::int64_t rounds, double epsilon,
                                          Composition composition, double delta, double beta,
                                          double threshold_override = 0.0) {
  SvtCalibration cal;
  const double t = static_cast<double>(horizon), c = static_cast<double>(rounds);
  cal.rounds = rounds;
  cal.round_epsilon = composed_epsilon(epsilon, c, composition, delta);
  cal.threshold_epsilon = cal.round_epsilon / 2.0;
  cal.release_epsilon = cal.round_epsilon / 2.0;
  if (privacy::adds_noise(epsilon)) {
    cal.query_accuracy = 8.0 * (std::log(t) + std::log(4.0 * c / beta)) / cal.threshold_epsilon;
    cal.release_accuracy = std::log(2.0 * c / beta) / cal.release_epsilon;
  }
  cal.threshold = threshold_override > 0.0 ? threshold_override
                                           : cal.query_accuracy + cal.release_accuracy + t / c;
  cal.bound = std::max(cal.threshold + cal.query_accuracy, cal.release_accuracy);
  if (threshold_override > 0.0 &&
      threshold_override - cal.query_accuracy - cal.release_accuracy < t / c)
    cal.bound = std::numeric_limits<double>::infinity();  // c rounds may not last
  return cal;
}

/// The calibration minimising the bound over c in 1..T (rounds = 0), or for the given c.
/// The bound is quasi-convex in c (an increasing noise term plus T/c): scanned over every
/// c up to 256 and then over a grid of ratio 1 + 1/256, refined around the best point.
inline SvtCalibration svt_calibration(std::int64_t horizon, std::int64_t rounds, double epsilon,
                                      Composition composition, double delta, double beta,
                                      double threshold_override = 0.0) {
  if (rounds > 0)
    return svt_calibration_for(horizon, rounds, epsilon, composition, delta, beta,
                               threshold_override);
  SvtCalibration best = svt_calibration_for(horizon, 1, epsilon, composition, delta, beta);
  std::int64_t c = 1;
  while (c < horizon) {
    c = std::min(horizon, c < 256 ? c + 1 : c + c / 256);
    const SvtCalibration candidate =
        svt_calibration_for(horizon, c, epsilon, composition, delta, beta);
    if (candidate.bound < best.bound) best = candidate;
  }
  // Refine between the grid neighbours of the best point.
  const std::int64_t step = std::max<std::int64_t>(1, best.rounds / 256);
  for (std::int64_t k = std::max<std::int64_t>(1, best.rounds - step);
       k <= std::min(horizon, best.rounds + step); ++k) {
    const SvtCalibration candidate =
        svt_calibration_for(horizon, k, epsilon, composition, delta, beta);
    if (candidate.bound < best.bound) best = candidate;
  }
  if (threshold_override > 0.0)
    best = svt_calibration_for(horizon, best.rounds, epsilon, composition, delta, beta,
                               threshold_override);
  return best;
}

}  // namespace banditsim::continual
