#include "agents/causal/least_squares.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace banditsim::causal {

MinNormLeastSquares::Result MinNormLeastSquares::solve(std::span<const double> z, std::size_t rows,
                                                       std::size_t cols, std::span<const double> y,
                                                       std::span<double> b) {
  cols_ = cols;
  std::fill(b.begin(), b.begin() + static_cast<std::ptrdiff_t>(cols), 0.0);
  singular_.assign(cols, 0.0);
  Result result;
  if (rows == 0 || cols == 0) return result;

  a_.assign(z.begin(), z.begin() + static_cast<std::ptrdiff_t>(rows * cols));
  qty_.assign(y.begin(), y.begin() + static_cast<std::ptrdiff_t>(rows));
  auto at = [&](std::size_t i, std::size_t j) -> double& { return a_[j * rows + i]; };

  // Householder QR: column j is reduced below the diagonal; the reflections are
  // applied to the later columns and to y at once (Q is never formed).
  const std::size_t steps = std::min(rows, cols);
  for (std::size_t j = 0; j < steps; ++j) {
    double norm2 = 0.0;
    for (std::size_t i = j; i < rows; ++i) norm2 += at(i, j) * at(i, j);
    if (norm2 == 0.0) continue;
    const double norm = std::sqrt(norm2);
    const double alpha = at(j, j) > 0 ? -norm : norm;  // avoids cancellation
    // v = x - alpha e_1, stored in place of column j below (and at) the diagonal.
    at(j, j) -= alpha;
    const double v_norm2 = norm2 - 2.0 * alpha * (at(j, j) + alpha) + alpha * alpha;
    // (at(j,j) + alpha is the old x_0; ||x - alpha e_1||^2 = ||x||^2 - 2 alpha x_0 + alpha^2.)
    if (v_norm2 > 0.0) {
      auto reflect = [&](double* column) {
        double dot = 0.0;
        for (std::size_t i = j; i < rows; ++i) dot += at(i, j) * column[i];
        const double scale = 2.0 * dot / v_norm2;
        for (std::size_t i = j; i < rows; ++i) column[i] -= scale * at(i, j);
      };
      for (std::size_t k = j + 1; k < cols; ++k) reflect(&a_[k * rows]);
      reflect(qty_.data());
    }
    at(j, j) = alpha;
    for (std::size_t i = j + 1; i < rows; ++i) at(i, j) = 0.0;
  }

  // One-sided Jacobi on the steps x cols upper-trapezoidal R: rotate pairs of
  // columns until all are orthogonal; then column k = s_k u_k and R = (R V) V^T.
  v_.assign(cols * cols, 0.0);
  for (std::size_t k = 0; k < cols; ++k) v_[k * cols + k] = 1.0;
  const double eps = std::numeric_limits<double>::epsilon();
  constexpr int kMaxSweeps = 60;
  for (int sweep = 0; sweep < kMaxSweeps; ++sweep) {
    bool rotated = false;
    for (std::size_t p = 0; p + 1 < cols; ++p) {
      for (std::size_t q = p + 1; q < cols; ++q) {
        double alpha = 0.0, beta = 0.0, gamma = 0.0;
        for (std::size_t i = 0; i < steps; ++i) {
          const double ap = at(i, p), aq = at(i, q);
          alpha += ap * ap;
          beta += aq * aq;
          gamma += ap * aq;
        }
        if (gamma == 0.0 || std::fabs(gamma) <= eps * std::sqrt(alpha * beta)) continue;
        rotated = true;
        const double zeta = (beta - alpha) / (2.0 * gamma);
        const double t =
            (zeta >= 0 ? 1.0 : -1.0) / (std::fabs(zeta) + std::sqrt(1.0 + zeta * zeta));
        const double c = 1.0 / std::sqrt(1.0 + t * t);
        const double s = c * t;
        for (std::size_t i = 0; i < steps; ++i) {
          const double ap = at(i, p), aq = at(i, q);
          at(i, p) = c * ap - s * aq;
          at(i, q) = s * ap + c * aq;
        }
        for (std::size_t i = 0; i < cols; ++i) {
          const double vp = v_[p * cols + i], vq = v_[q * cols + i];
          v_[p * cols + i] = c * vp - s * vq;
          v_[q * cols + i] = s * vp + c * vq;
        }
      }
    }
    if (!rotated) break;
  }

  double s_max = 0.0;
  for (std::size_t k = 0; k < cols; ++k) {
    double norm2 = 0.0;
    for (std::size_t i = 0; i < steps; ++i) norm2 += at(i, k) * at(i, k);
    singular_[k] = std::sqrt(norm2);
    s_max = std::max(s_max, singular_[k]);
  }
  const double tolerance = static_cast<double>(std::max(rows, cols)) * eps * s_max;
  double s_min = std::numeric_limits<double>::infinity();
  for (std::size_t k = 0; k < cols; ++k) {
    s_min = std::min(s_min, singular_[k]);
    if (!(singular_[k] > tolerance)) continue;
    ++result.rank;
    // b += v_k (u_k . Q^T y) / s_k, with u_k = column k / s_k.
    double dot = 0.0;
    for (std::size_t i = 0; i < steps; ++i) dot += at(i, k) * qty_[i];
    const double coefficient = dot / (singular_[k] * singular_[k]);
    for (std::size_t i = 0; i < cols; ++i) b[i] += coefficient * v_[k * cols + i];
  }
  result.largest_singular = s_max;
  result.smallest_singular = result.rank < cols ? 0.0 : s_min;
  return result;
}

}  // namespace banditsim::causal
