/// @file agents/linear_query/direction_net.cpp
/// The cube-surface grid net of S^{s-1} (spec Part B, §B.4.1 [my design]).
#include "agents/linear_query/direction_net.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "sim/core/check.hpp"

namespace banditsim::linear_query {

namespace {

/// a * b, BANDITSIM_CHECK that it does not overflow.
std::size_t checked_product(std::size_t a, std::size_t b) {
  BANDITSIM_CHECK(b == 0 || a <= std::numeric_limits<std::size_t>::max() / b,
                  "direction net size overflows std::size_t");
  return a * b;
}

std::size_t checked_power(std::size_t base, std::size_t exponent) {
  std::size_t result = 1;
  for (std::size_t i = 0; i < exponent; ++i) result = checked_product(result, base);
  return result;
}

/// Odometer over the grid indices of the coordinates other than `face`, the last coordinate
/// fastest (lexicographic order); false once every one of them has wrapped around.
bool advance(std::vector<std::size_t>& index, std::size_t face, std::size_t m) {
  for (std::size_t position = index.size(); position-- > 0;) {
    if (position == face) continue;
    if (index[position] < m) {
      ++index[position];
      return true;
    }
    index[position] = 0;
  }
  return false;
}

}  // namespace

std::size_t direction_net_grid(std::size_t s, double radius) {
  BANDITSIM_CHECK(s >= 1, "direction net needs dimension s >= 1");
  BANDITSIM_CHECK(radius > 0.0 && std::isfinite(radius), "direction net needs a radius > 0");
  if (s == 1) return 1;
  const double quotient = std::sqrt(static_cast<double>(s - 1)) / radius;
  // Relative tolerance 1e-9 on the ceiling (see the header): 49.00000000000001 -> 49.
  const double m = std::max(1.0, std::ceil(quotient * (1.0 - 1e-9)));
  BANDITSIM_CHECK(m < 4294967296.0, "direction net grid too fine (radius too small)");
  return static_cast<std::size_t>(m);
}

std::size_t direction_net_size_before_dedup(std::size_t s, double radius) {
  const std::size_t m = direction_net_grid(s, radius);
  return checked_product(checked_product(2, s), checked_power(m + 1, s - 1));
}

arma::mat direction_net(std::size_t s, double radius) {
  const std::size_t m = direction_net_grid(s, radius);
  // Grid points on the surface of [-1,1]^s: all of {0..m}^s minus the interior {1..m-1}^s.
  const std::size_t total = checked_power(m + 1, s) - checked_power(m - 1, s);
  (void)direction_net_size_before_dedup(s, radius);  // the enumeration below must not overflow

  arma::mat net(total, s);
  std::vector<std::size_t> index(s, 0);  // grid index j_i of every coordinate, in {0..m}
  std::vector<double> point(s, 0.0);
  const auto on_face = [m](std::size_t j) { return j == 0 || j == m; };
  std::size_t row = 0;
  for (std::size_t face = 0; face < s; ++face) {
    for (const std::size_t face_index : {std::size_t{0}, m}) {  // sign -1, then +1
      std::fill(index.begin(), index.end(), 0);
      index[face] = face_index;
      while (true) {
        // Keep the first occurrence: a point already listed under an earlier face k < face has
        // |x_k| = 1, i.e. j_k in {0, m}.
        bool first = true;
        for (std::size_t k = 0; k < face; ++k) first = first && !on_face(index[k]);
        if (first) {
          double norm2 = 0.0;
          for (std::size_t i = 0; i < s; ++i) {
            point[i] = -1.0 + 2.0 * static_cast<double>(index[i]) / static_cast<double>(m);
            norm2 += point[i] * point[i];
          }
          const double norm = std::sqrt(norm2);  // >= 1: one coordinate is +-1
          BANDITSIM_CHECK(row < total, "direction net: more points than the surface count");
          for (std::size_t i = 0; i < s; ++i) net(row, i) = point[i] / norm;
          ++row;
        }
        if (!advance(index, face, m)) break;
      }
    }
  }
  BANDITSIM_CHECK(row == total, "direction net: fewer points than the surface count");
  return net;
}

}  // namespace banditsim::linear_query
