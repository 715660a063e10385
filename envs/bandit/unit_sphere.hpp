/// @file envs/bandit/unit_sphere.hpp
/// Points uniform on the unit sphere S^{d-1}, for random linear-bandit instances.
#pragma once

#include <cmath>
#include <span>

#include "sim/core/distributions.hpp"
#include "sim/core/rng.hpp"

namespace banditsim::bandit {

/// Overwrites `x` with a point uniform on the unit sphere of R^d, d = x.size() >= 1:
/// d independent standard normals divided by their Euclidean norm (Muller 1959,
/// "A note on a method for generating points uniformly on n-dimensional spheres",
/// Comm. ACM 2(4):19-20; uniform because the standard Gaussian is rotation
/// invariant). Uses exactly d normal draws unless all are 0 (probability about
/// 2^-52 per coordinate), which is redrawn. No allocation.
inline void sample_unit_sphere(Rng& rng, std::span<double> x) {
  double norm2 = 0.0;
  do {
    norm2 = 0.0;
    for (double& xi : x) {
      xi = standard_normal(rng);
      norm2 += xi * xi;
    }
  } while (norm2 == 0.0);
  const double inv_norm = 1.0 / std::sqrt(norm2);
  for (double& xi : x) xi *= inv_norm;
}

}  // namespace banditsim::bandit
