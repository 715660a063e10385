/// @file agents/privacy/above_threshold_distribution.hpp
/// The exact output distribution of AboveThreshold (above_threshold.hpp; Dwork & Roth 2014,
/// Algorithm 1) on a fixed vector of k query values, for the privacy audit of spec
/// papers-dp.md §2.7 U7 [STD] and its test against simulation.
///
/// The output is the index h of the top answer (all earlier answers bottom), or "no top in k
/// queries". Conditionally on rho the noises nu_i are independent, so
///   P(h) = integral over rho of p_rho(rho) prod_{i<h} F(tau + rho - q_i) (1 - F(tau + rho - q_h))
///   P(none) = integral of p_rho(rho) prod_{i<=k} F(tau + rho - q_i),
/// with p_rho the Lap(2 delta/epsilon0) density and F the Lap(4 delta/epsilon0) CDF. The
/// integrand is smooth except at rho = 0 and rho = q_i - tau, so the integral is split there
/// and on panels of at most a quarter of the smaller scale, each integrated by 8-point
/// Gauss-Legendre; beyond 80 scales of rho outside the kinks the mass, below e^-80, is
/// dropped. For exponential pieces this is accurate to about 1e-13 relative.
/// An audit tool (allocates), not for a hot loop.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <span>
#include <vector>

#include "sim/core/check.hpp"

namespace banditsim::privacy {

/// P(top at query 1), ..., P(top at query k), then P(no top): k + 1 values summing to 1.
/// epsilon0 finite > 0, sensitivity > 0, k >= 1.
inline std::vector<double> above_threshold_distribution(std::span<const double> queries,
                                                        double threshold, double epsilon0,
                                                        double sensitivity = 1.0) {
  BANDITSIM_CHECK(
      !queries.empty() && epsilon0 > 0.0 && std::isfinite(epsilon0) && sensitivity > 0.0,
      "the AboveThreshold distribution needs queries, a finite epsilon0 > 0 and a "
      "sensitivity > 0");
  const double rho_scale = 2.0 * sensitivity / epsilon0;
  const double nu_scale = 4.0 * sensitivity / epsilon0;
  const auto nu_cdf = [nu_scale](double y) {
    return y < 0.0 ? 0.5 * std::exp(y / nu_scale) : 1.0 - 0.5 * std::exp(-y / nu_scale);
  };
  const auto nu_survival = [nu_scale](double y) {
    return y < 0.0 ? 1.0 - 0.5 * std::exp(y / nu_scale) : 0.5 * std::exp(-y / nu_scale);
  };

  std::vector<double> kinks{0.0};
  for (const double q : queries) kinks.push_back(q - threshold);
  std::sort(kinks.begin(), kinks.end());
  const double reach = 80.0 * rho_scale;
  kinks.insert(kinks.begin(), kinks.front() - reach);
  kinks.push_back(kinks.back() + reach);

  // 8-point Gauss-Legendre on [-1, 1] (Abramowitz & Stegun 1964, Table 25.4).
  static constexpr std::array<double, 4> kNodes = {0.1834346424956498, 0.5255324099163290,
                                                   0.7966664774136267, 0.9602898564975363};
  static constexpr std::array<double, 4> kWeights = {0.3626837833783620, 0.3137066458778873,
                                                     0.2223810344533745, 0.1012285362903763};
  const double max_panel = 0.25 * std::min(rho_scale, nu_scale);

  std::vector<double> probabilities(queries.size() + 1, 0.0);
  const auto add_point = [&](double rho, double weight) {
    double mass = weight * 0.5 / rho_scale * std::exp(-std::fabs(rho) / rho_scale);
    for (std::size_t i = 0; i < queries.size(); ++i) {
      const double y = threshold + rho - queries[i];
      probabilities[i] += mass * nu_survival(y);
      mass *= nu_cdf(y);
    }
    probabilities.back() += mass;
  };
  for (std::size_t piece = 0; piece + 1 < kinks.size(); ++piece) {
    const double from = kinks[piece];
    const double to = kinks[piece + 1];
    if (to <= from) continue;
    const auto panels = static_cast<std::size_t>(std::ceil((to - from) / max_panel));
    const double width = (to - from) / static_cast<double>(panels);
    for (std::size_t p = 0; p < panels; ++p) {
      const double middle = from + (static_cast<double>(p) + 0.5) * width;
      for (std::size_t j = 0; j < kNodes.size(); ++j) {
        add_point(middle - 0.5 * width * kNodes[j], 0.5 * width * kWeights[j]);
        add_point(middle + 0.5 * width * kNodes[j], 0.5 * width * kWeights[j]);
      }
    }
  }
  return probabilities;
}

}  // namespace banditsim::privacy
