/// @file sim/core/ziggurat.hpp
/// Standard normal by the ziggurat method with 256 layers (Marsaglia & Tsang
/// 2000, "The ziggurat method for generating random variables", JSS 5(8)),
/// arranged as in Doornik (2005): one 64-bit draw gives the layer (bits 0-7),
/// the sign (bit 8) and a 52-bit mantissa (bits 12-63), disjoint bits, so the
/// layer and the value are independent. About 98.5% of draws take the inlined
/// fast path: one engine call, one multiply, one compare, no branch on the sign.
#pragma once

#include <array>
#include <bit>
#include <cmath>
#include <cstdint>

#include "sim/core/rng.hpp"

namespace banditsim {
namespace detail {

struct ZigguratTables {
  static constexpr int kLayers = 256;
  static constexpr double kR = 3.6541528853610088;  ///< Start of the tail.
  static constexpr double kV = 0.00492867323399;    ///< Area of each layer.
  static constexpr double kMantissa = 0x1.0p52;     ///< 2^52: scale of the 52-bit uniform.
  std::array<std::int64_t, kLayers> k;              ///< Fast-path thresholds on the mantissa.
  std::array<double, kLayers> w;                    ///< Mantissa -> x scale per layer.
  std::array<double, kLayers> f;                    ///< exp(-x_i^2 / 2) at each layer edge.

  ZigguratTables() {
    // Layer edges x_i (x_0 = r, decreasing), after Marsaglia & Tsang's zigset().
    double dn = kR, tn = kR;
    const double q = kV / std::exp(-0.5 * dn * dn);
    k[0] = static_cast<std::int64_t>((dn / q) * kMantissa);
    k[1] = 0;
    w[0] = q / kMantissa;
    w[kLayers - 1] = dn / kMantissa;
    f[0] = 1.0;
    f[kLayers - 1] = std::exp(-0.5 * dn * dn);
    for (int i = kLayers - 2; i >= 1; --i) {
      dn = std::sqrt(-2.0 * std::log(kV / dn + std::exp(-0.5 * dn * dn)));
      k[i + 1] = static_cast<std::int64_t>((dn / tn) * kMantissa);
      tn = dn;
      f[i] = std::exp(-0.5 * dn * dn);
      w[i] = dn / kMantissa;
    }
  }
};

/// Built once at program start (an inline variable: no initialisation guard on
/// the hot path, unlike a function-local static).
inline const ZigguratTables kZigguratTables;

/// |x| (x >= 0) with the sign bit `sign` (0 or 1 << 63).
inline double with_sign(double x, std::uint64_t sign) {
  return std::bit_cast<double>(std::bit_cast<std::uint64_t>(x) | sign);
}

/// Bit 8 of a draw moved to the sign bit: branch-free, since a 50/50 sign
/// branch mispredicts on every other draw.
inline std::uint64_t sign_of(std::uint64_t bits) { return (bits & 0x100) << 55; }

/// Signed on purpose: int64 -> double is one instruction, uint64 -> double is not.
inline std::int64_t mantissa_of(std::uint64_t bits) {
  return static_cast<std::int64_t>(bits >> 12);
}

/// The rejection branches (about 1.5% of draws), out of line so that the fast
/// path inlines into the caller's loop.
[[gnu::noinline]] inline double ziggurat_slow_path(Rng& rng, std::uint64_t bits) {
  const auto& z = kZigguratTables;
  for (;;) {
    const int layer = static_cast<int>(bits & 0xff);
    const std::int64_t mantissa = mantissa_of(bits);
    const double x = static_cast<double>(mantissa) * z.w[layer];
    if (mantissa < z.k[layer]) return with_sign(x, sign_of(bits));
    if (layer == 0) {
      // Tail beyond r (Marsaglia 1964): x = r + e1/r, accepted when 2 e2 > (e1/r)^2.
      double tail_x, tail_y;
      do {
        tail_x = -std::log(uniform01_open(rng)) / ZigguratTables::kR;
        tail_y = -std::log(uniform01_open(rng));
      } while (tail_y + tail_y < tail_x * tail_x);
      return with_sign(ZigguratTables::kR + tail_x, sign_of(bits));
    }
    // Wedge between two layers: accept under the density.
    if (z.f[layer] + uniform01(rng) * (z.f[layer - 1] - z.f[layer]) < std::exp(-0.5 * x * x))
      return with_sign(x, sign_of(bits));
    bits = rng();
  }
}

}  // namespace detail

/// One N(0, 1) draw.
inline double ziggurat_normal(Rng& rng) {
  const auto& z = detail::kZigguratTables;
  const std::uint64_t bits = rng();
  const int layer = static_cast<int>(bits & 0xff);
  const std::int64_t mantissa = detail::mantissa_of(bits);
  if (mantissa < z.k[layer]) [[likely]]
    return detail::with_sign(static_cast<double>(mantissa) * z.w[layer], detail::sign_of(bits));
  return detail::ziggurat_slow_path(rng, bits);
}

}  // namespace banditsim
