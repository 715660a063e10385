#include "sim/families/dp_bai/theory.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <vector>

namespace banditsim::dp_bai {

BaiComplexity bai_complexity(std::span<const double> means, std::size_t rank) {
  std::vector<double> sorted(means.begin(), means.end());
  std::sort(sorted.begin(), sorted.end(), std::greater<>());
  BaiComplexity out;
  out.largest_index = std::min(sorted.size(), rank * rank);
  const double inf = std::numeric_limits<double>::infinity();
  for (std::size_t i = 2; i <= out.largest_index; ++i) {
    const double gap = sorted[0] - sorted[i - 1];
    const double index = static_cast<double>(i);
    out.h_bai = std::max(out.h_bai, gap > 0.0 ? index / (gap * gap) : inf);
    out.h_pri_epsilon = std::max(out.h_pri_epsilon, gap > 0.0 ? index / gap : inf);
  }
  return out;
}

double dp_bai_error_bound(double budget, std::size_t phases, const BaiComplexity& complexity,
                          double epsilon) {
  const double h_pri = std::isinf(epsilon) ? 0.0 : complexity.h_pri_epsilon / epsilon;
  const double h = complexity.h_bai + h_pri;
  if (phases == 0) return 0.0;
  if (std::isinf(h)) return 1.0;
  return std::min(1.0, std::exp(-budget / (65.0 * static_cast<double>(phases) * h)));
}

}  // namespace banditsim::dp_bai
