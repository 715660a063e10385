/// @file sim/core/distributions.hpp
/// Samplers used by environments and agents. All take the engine explicitly.
///
/// All samplers are our own code, never std:: distributions (whose algorithms
/// differ between standard libraries), so a seed gives the same numbers on every
/// platform with IEEE doubles. The gamma sampler caches its constants per shape,
/// so Thompson sampling with one sampler per arm pays only for the draws.
#pragma once

#include <cmath>

#include "sim/core/check.hpp"
#include "sim/core/rng.hpp"
#include "sim/core/ziggurat.hpp"

namespace banditsim {

/// N(0, 1) (256-layer ziggurat, sim/core/ziggurat.hpp).
inline double standard_normal(Rng& rng) { return ziggurat_normal(rng); }

/// Exponential with rate 1 (inverse CDF).
inline double standard_exponential(Rng& rng) { return -std::log(uniform01_open(rng)); }

/// Laplace(0, scale): density exp(-|z|/scale) / (2 scale), by inverse CDF.
inline double laplace(Rng& rng, double scale) {
  const double u = uniform01_open(rng) - 0.5;  // in (-1/2, 1/2)
  const double magnitude = -scale * std::log1p(-2.0 * std::fabs(u));
  return u < 0 ? -magnitude : magnitude;
}

/// Gamma(shape, 1) by Marsaglia & Tsang (2000), "A simple method for generating
/// gamma variables", ACM TOMS 26(3). The constants d = a - 1/3 and c = 1/sqrt(9d)
/// are computed once per shape, so an agent that keeps one sampler per arm pays
/// only for the draws. Shapes below 1 use Gamma(a) = Gamma(a+1) * U^(1/a) (ibid., §6).
class GammaSampler {
 public:
  GammaSampler() : GammaSampler(1.0) {}
  explicit GammaSampler(double shape) { set_shape(shape); }

  void set_shape(double shape) {
    BANDITSIM_CHECK(shape > 0 && std::isfinite(shape), "gamma shape must be positive");
    shape_ = shape;
    boost_ = shape < 1.0;
    d_ = (boost_ ? shape + 1.0 : shape) - 1.0 / 3.0;
    c_ = 1.0 / std::sqrt(9.0 * d_);
    inv_shape_ = 1.0 / shape;
  }
  double shape() const { return shape_; }

  double operator()(Rng& rng) const {
    const double g = draw_at_least_one(rng);
    return boost_ ? g * std::pow(uniform01_open(rng), inv_shape_) : g;
  }

  /// log of a Gamma(shape) draw. For small shapes the draw itself underflows to 0
  /// (U^(1/a) with a = 0.01 is below 1e-308 with probability ~1e-3); its logarithm
  /// does not.
  double log_draw(Rng& rng) const {
    const double g = draw_at_least_one(rng);
    return boost_ ? std::log(g) + std::log(uniform01_open(rng)) * inv_shape_ : std::log(g);
  }

 private:
  /// A Gamma(a) draw with a = shape, or a = shape + 1 when shape < 1 (then boosted).
  double draw_at_least_one(Rng& rng) const {
    double x, v;
    do {
      x = standard_normal(rng);
      v = 1.0 + c_ * x;
    } while (v <= 0.0);
    v = v * v * v;
    const double u = uniform01_open(rng);
    const double x2 = x * x;
    // Squeeze: accepts about 90% of candidates without a logarithm.
    return u < 1.0 - 0.0331 * x2 * x2 ? d_ * v : slow_path(rng, x2, v, u);
  }

  /// The logarithmic acceptance test, then fresh candidates until one is accepted.
  [[gnu::noinline]] double slow_path(Rng& rng, double x2, double v, double u) const {
    for (;;) {
      if (std::log(u) < 0.5 * x2 + d_ * (1.0 - v + std::log(v))) return d_ * v;
      double x;
      do {
        x = standard_normal(rng);
        v = 1.0 + c_ * x;
      } while (v <= 0.0);
      v = v * v * v;
      u = uniform01_open(rng);
      x2 = x * x;
      if (u < 1.0 - 0.0331 * x2 * x2) return d_ * v;
    }
  }

  double shape_ = 1.0;
  double d_ = 0.0;
  double c_ = 0.0;
  double inv_shape_ = 1.0;
  bool boost_ = false;
};

/// Beta(a, b) as X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b). When a shape is
/// below 1 the ratio is formed from logarithms, 1 / (1 + exp(log Y - log X)), since
/// X and Y can both underflow to 0 (giving 0/0) for small shapes.
class BetaSampler {
 public:
  BetaSampler() = default;
  BetaSampler(double a, double b) : x_(a), y_(b) { update_path(); }
  void set(double a, double b) {
    x_.set_shape(a);
    y_.set_shape(b);
    update_path();
  }
  /// Changes one shape only (a posterior update moves one of them).
  void set_alpha(double a) {
    x_.set_shape(a);
    update_path();
  }
  void set_beta(double b) {
    y_.set_shape(b);
    update_path();
  }
  double alpha() const { return x_.shape(); }
  double beta() const { return y_.shape(); }

  double operator()(Rng& rng) const {
    if (!log_space_) [[likely]] {
      const double x = x_(rng);
      const double y = y_(rng);
      return x / (x + y);
    }
    return log_space_draw(rng);
  }

 private:
  void update_path() { log_space_ = x_.shape() < 1.0 || y_.shape() < 1.0; }

  /// Out of line, so that the common path above inlines into sampling loops.
  [[gnu::noinline]] double log_space_draw(Rng& rng) const {
    const double log_x = x_.log_draw(rng);
    const double log_y = y_.log_draw(rng);
    return 1.0 / (1.0 + std::exp(log_y - log_x));
  }

  GammaSampler x_;
  GammaSampler y_;
  bool log_space_ = false;
};

}  // namespace banditsim
