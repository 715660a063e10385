/// @file agents/privacy/privacy_loss.hpp
/// Exact privacy loss of released Laplace values, for the privacy audits (spec papers-dp.md
/// §1.7 T1 and §2.7 U4 [STD]).
///
/// A value z released as v + Lap(b) on input x, and as v' + Lap(b) on a neighbouring input
/// x', has the privacy loss (Dwork & Roth 2014, §3.5: the log-likelihood ratio)
///   ln p_x(z) / p_x'(z) = (|z - v'| - |z - v|) / b.
/// By the triangle inequality it lies in [-|v - v'|/b, |v - v'|/b], and it equals |v - v'|/b
/// in the tail beyond both means (z <= min(v, v') or z >= max(v, v'), according to which of
/// them is larger). For independent noises the loss of a vector of released values is the
/// sum of the losses of its entries. A mechanism is epsilon-DP iff that sum is <= epsilon
/// for every output and every pair of neighbours, which is what the audits check, run by run.
#pragma once

#include <cmath>
#include <cstddef>
#include <span>

#include "sim/core/check.hpp"

namespace banditsim::privacy {

/// ln p_x(z) / p_x'(z) of z = v + Lap(scale) against z = v' + Lap(scale), scale > 0.
inline double laplace_privacy_loss(double released, double value, double neighbour_value,
                                   double scale) {
  return (std::fabs(released - neighbour_value) - std::fabs(released - value)) / scale;
}

/// The loss of a vector of independently noised values, all with the same scale.
inline double laplace_privacy_loss(std::span<const double> released, std::span<const double> values,
                                   std::span<const double> neighbour_values, double scale) {
  BANDITSIM_CHECK(values.size() == released.size() && neighbour_values.size() == released.size(),
                  "one true value per released value under each input");
  double loss = 0.0;
  for (std::size_t i = 0; i < released.size(); ++i)
    loss += laplace_privacy_loss(released[i], values[i], neighbour_values[i], scale);
  return loss;
}

/// The same with one scale per released value (e.g. DP-BAI's noisy means, scale 1/(eps n_p),
/// spec §1.7 T1).
inline double laplace_privacy_loss(std::span<const double> released, std::span<const double> values,
                                   std::span<const double> neighbour_values,
                                   std::span<const double> scales) {
  BANDITSIM_CHECK(values.size() == released.size() && neighbour_values.size() == released.size() &&
                      scales.size() == released.size(),
                  "one true value under each input and one scale per released value");
  double loss = 0.0;
  for (std::size_t i = 0; i < released.size(); ++i)
    loss += laplace_privacy_loss(released[i], values[i], neighbour_values[i], scales[i]);
  return loss;
}

}  // namespace banditsim::privacy
