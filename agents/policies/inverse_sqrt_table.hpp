/// @file agents/policies/inverse_sqrt_table.hpp
/// 1/sqrt(n) for pull counts, by table lookup for small n.
///
/// Index policies update 1/sqrt(n_a) of the pulled arm every step, and the next
/// step's arm choice waits for it: convert, square root and divide are ~40 cycles
/// of latency on the critical path of a step that costs ~100. The table holds
/// exactly 1.0 / std::sqrt(double(n)), so a lookup returns the same bits as the
/// computation: results do not change, only the latency does.
#pragma once

#include <array>
#include <cmath>
#include <cstdint>

namespace banditsim {

class InverseSqrtTable {
 public:
  static constexpr std::int64_t kSize = 1 << 16;  ///< 512 KiB, shared by all threads.

  /// 1 / sqrt(n) for n >= 1.
  static double at(std::int64_t n) {
    return n < kSize ? table()[static_cast<std::size_t>(n)] : compute(n);
  }

 private:
  static double compute(std::int64_t n) { return 1.0 / std::sqrt(static_cast<double>(n)); }

  static const std::array<double, kSize>& table() {
    static const std::array<double, kSize> values = [] {
      std::array<double, kSize> v{};
      v[0] = 0.0;  // unused: n >= 1
      for (std::int64_t n = 1; n < kSize; ++n) v[static_cast<std::size_t>(n)] = compute(n);
      return v;
    }();
    return values;
  }
};

}  // namespace banditsim
