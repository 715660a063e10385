/// @file agents/bandit/lin_ucb.hpp
/// OFUL / LinUCB for linear bandits with a finite arm set (Abbasi-Yadkori, Pál,
/// Szepesvári 2011, "Improved algorithms for linear stochastic bandits", NeurIPS,
/// Fig. 1 with the confidence set of Theorem 2).
///
/// Rewards r = <x_a, θ> + R-sub-Gaussian noise. With V = λI + Σ x xᵀ and
/// θ̂ = V⁻¹ Σ r x (ridge regression), the agent pulls
///   argmax_a  x_aᵀθ̂ + β_t ‖x_a‖_{V⁻¹},
///   β_t = R sqrt(2 log(1/δ) + d log(1 + t L²/(λ d))) + sqrt(λ) S,
/// t = observations so far, ‖θ‖ <= S, ‖x_a‖ <= L. This β_t is Theorem 2's radius
/// with log det V <= d log(λ + t L²/d) (their Lemma 10, determinant-trace inequality).
///
/// A step costs O(Kd + d²) and allocates nothing: V⁻¹ is kept by Sherman-Morrison,
/// and so are, per arm, g_a = ‖x_a‖²_{V⁻¹} and e_a = x_aᵀθ̂. Pulling x with reward r,
/// let u = V⁻¹x, s = 1 + xᵀu and w_a = x_aᵀu. Then
///   V'⁻¹ = V⁻¹ - u uᵀ / s                      (Sherman-Morrison)
///   θ̂'   = θ̂ + u (r - xᵀθ̂) / s                (recursive least squares: V'⁻¹x = u/s)
///   g'_a = g_a - w_a² / s,   e'_a = e_a + w_a (r - xᵀθ̂) / s.
/// Rounding drift against a from-scratch inverse, measured (K = 30, d = 5): relative
/// errors 1e-12 in V⁻¹ and 2e-11 in g_a after 10^5 steps, 7e-11 and 2e-10 after 10^6.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include "agents/bandit/problem_requirements.hpp"
#include "agents/policies/argmax.hpp"
#include "sim/core/component.hpp"
#include "sim/core/rng.hpp"
#include "sim/families/bandit/problem.hpp"

namespace banditsim::bandit {

/// OFUL (LinUCB) with the self-normalised confidence set of Abbasi-Yadkori et al. (2011).
class LinUcb {
  static constexpr double kInf = std::numeric_limits<double>::infinity();

 public:
  struct Config {
    double lambda = 1.0;            ///< Ridge regularisation λ.
    double delta = 0.05;            ///< Confidence level: θ in the set for all t w.p. 1 - δ.
    double noise_sd = 1.0;          ///< R, sub-Gaussian scale of the noise.
    double theta_bound = 1.0;       ///< S >= ‖θ‖.
    double feature_bound = 0.0;     ///< L >= ‖x_a‖; 0 = the largest feature norm.
    double confidence_scale = 1.0;  ///< Multiplies β_t (1 = the theorem's radius).
    static Config from(const ParamMap& params) {
      return {.lambda = params.real("lambda"),
              .delta = params.real("delta"),
              .noise_sd = params.real("noise_sd"),
              .theta_bound = params.real("theta_bound"),
              .feature_bound = params.real("feature_bound"),
              .confidence_scale = params.real("confidence_scale")};
    }
  };

  static ComponentInfo info() {
    const Range non_negative{.lo = 0.0, .hi = kInf, .hi_open = true};
    return {.name = "lin_ucb",
            .family = "bandit",
            .role = ComponentRole::kAgent,
            .summary = "OFUL/LinUCB: optimism in a self-normalised confidence ellipsoid",
            .reference =
                "Abbasi-Yadkori, Pál, Szepesvári (2011), Improved algorithms for linear "
                "stochastic bandits, NeurIPS 24, pp. 2312-2320, Fig. 1 (OFUL) and Theorem 2",
            .fidelity = Fidelity::kPaper,
            .notes =
                "Needs arm features (problem dim > 0). With a finite arm set the optimistic "
                "choice is argmax_a x_a'theta_hat + beta_t ||x_a||_{V^-1}, beta_t = R sqrt(2 "
                "log(1/delta) + d log(1 + t L^2/(lambda d))) + sqrt(lambda) S, t = observations "
                "so far: Theorem 2's radius with log det V bounded by the determinant-trace "
                "inequality rather than computed. L = 0 means the largest ||x_a|| of the "
                "instance. confidence_scale multiplies beta_t (1 = the theorem). V^-1 and the "
                "per-arm quantities are updated by Sherman-Morrison (O(Kd + d^2) per step). "
                "Index ties go to the lowest index. Recommends the arm with the largest "
                "estimated reward x_a'theta_hat (lowest index on ties).",
            .params = {
                real_param("lambda", 1.0, Range::open(0.0, kInf), "ridge regularisation lambda"),
                real_param("delta", 0.05, Range::open(0.0, 1.0),
                           "confidence: theta stays in the ellipsoid for all t w.p. 1 - delta"),
                real_param("noise_sd", 1.0, non_negative, "R: the noise is R-sub-Gaussian"),
                real_param("theta_bound", 1.0, non_negative, "S: an upper bound on ||theta||"),
                real_param("feature_bound", 0.0, non_negative,
                           "L: an upper bound on ||x_a||; 0 = the largest ||x_a|| of the instance"),
                real_param("confidence_scale", 1.0, non_negative,
                           "multiplies beta_t (1 = Theorem 2's radius; smaller explores less)")}};
  }

  explicit LinUcb(const Config& config) : config_(config) {}

  void reset(const BanditProblem& problem) {
    require_features(problem, "lin_ucb");
    if (static_cast<double>(problem.dim) * static_cast<double>(problem.dim) > kMaxAllocatedValues)
      throw ConfigError("lin_ucb", "",
                        "keeps a dim x dim matrix V^-1, and the environment's dim = " +
                            std::to_string(problem.dim) +
                            " would need more than the 1e8 values (800 MB) an agent may hold; "
                            "use dim <= 10000");
    arms_ = problem.num_arms;
    dim_ = problem.dim;
    features_.assign(problem.features.begin(), problem.features.end());
    double bound = config_.feature_bound;
    if (bound == 0.0) {
      for (std::size_t a = 0; a < arms_; ++a) bound = std::max(bound, std::sqrt(dot(x(a), x(a))));
    }
    const double d = static_cast<double>(dim_);
    log_growth_ = bound * bound / (config_.lambda * d);
    log_confidence_ = 2.0 * std::log(1.0 / config_.delta);
    v_inv_.assign(dim_ * dim_, 0.0);
    for (std::size_t i = 0; i < dim_; ++i) v_inv_[i * dim_ + i] = 1.0 / config_.lambda;
    theta_.assign(dim_, 0.0);
    u_.assign(dim_, 0.0);
    estimate_.assign(arms_, 0.0);
    norm2_.resize(arms_);
    for (std::size_t a = 0; a < arms_; ++a) norm2_[a] = dot(x(a), x(a)) / config_.lambda;
    observations_ = 0;
  }

  std::size_t select(Rng& /*rng*/) const {
    const double beta = radius();
    return argmax_first_of(
        arms_, [&](std::size_t a) { return estimate_[a] + beta * std::sqrt(norm2_[a]); });
  }

  void observe(std::size_t arm, double reward) {
    const std::span<const double> pulled = x(arm);
    for (std::size_t i = 0; i < dim_; ++i)
      u_[i] = dot(std::span<const double>(v_inv_).subspan(i * dim_, dim_), pulled);
    const double inv_s = 1.0 / (1.0 + dot(pulled, u_));
    const double step = (reward - estimate_[arm]) * inv_s;  // (r - xᵀθ̂) / s
    for (std::size_t i = 0; i < dim_; ++i) {
      const double scaled = u_[i] * inv_s;
      for (std::size_t j = 0; j < dim_; ++j) v_inv_[i * dim_ + j] -= scaled * u_[j];
      theta_[i] += u_[i] * step;
    }
    for (std::size_t a = 0; a < arms_; ++a) {
      const double w = dot(x(a), u_);
      norm2_[a] = std::max(norm2_[a] - w * w * inv_s, 0.0);  // rounding must not go below 0
      estimate_[a] += w * step;
    }
    ++observations_;
  }

  std::size_t recommend() const { return argmax_first(estimate_); }

  /// β_t at the current t (number of observations), confidence_scale included.
  double radius() const {
    const double t = static_cast<double>(observations_);
    const double d = static_cast<double>(dim_);
    return config_.confidence_scale *
           (config_.noise_sd * std::sqrt(log_confidence_ + d * std::log1p(t * log_growth_)) +
            std::sqrt(config_.lambda) * config_.theta_bound);
  }

  // The maintained quantities, for tests.
  std::span<const double> v_inverse() const { return v_inv_; }  ///< Row-major d x d.
  std::span<const double> theta() const { return theta_; }
  double estimate(std::size_t arm) const { return estimate_[arm]; }    ///< x_aᵀθ̂.
  double width_squared(std::size_t arm) const { return norm2_[arm]; }  ///< ‖x_a‖²_{V⁻¹}.

 private:
  std::span<const double> x(std::size_t arm) const {
    return std::span<const double>(features_).subspan(arm * dim_, dim_);
  }
  static double dot(std::span<const double> a, std::span<const double> b) {
    double sum = 0.0;
    for (std::size_t i = 0; i < a.size(); ++i) sum += a[i] * b[i];
    return sum;
  }

  Config config_;
  std::size_t arms_ = 0;
  std::size_t dim_ = 0;
  std::vector<double> features_;  ///< K x d, row-major (a copy: the span may move).
  double log_growth_ = 0.0;       ///< L² / (λ d).
  double log_confidence_ = 0.0;   ///< 2 log(1/δ).
  std::vector<double> v_inv_;     ///< V⁻¹, d x d row-major.
  std::vector<double> theta_;     ///< θ̂.
  std::vector<double> u_;         ///< Scratch: V⁻¹x of the pulled arm.
  std::vector<double> estimate_;  ///< e_a = x_aᵀθ̂.
  std::vector<double> norm2_;     ///< g_a = ‖x_a‖²_{V⁻¹}.
  std::int64_t observations_ = 0;
};

}  // namespace banditsim::bandit
