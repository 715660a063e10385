/// @file agents/continual/batch_max.hpp
/// The two baselines of the continual family (spec papers-dp.md §2.2, "Batch baselines"
/// [STD]):
///   batch_max  releases once, at t = T: max_j S_T[j] + Lap(1/epsilon). MaxSum has
///              sensitivity 1 under the event-level relation (one record moves every
///              S_T[j] by at most 1), so this is the Laplace mechanism, epsilon-DP, with
///              error O(log(1/beta)/epsilon) at T (and no answer before T).
///   exact_max  releases max_j S_t[j] at every t (epsilon = inf): the floor, error 0.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include "agents/privacy/epsilon.hpp"
#include "agents/privacy/laplace.hpp"
#include "sim/core/component.hpp"
#include "sim/families/continual/problem.hpp"

namespace banditsim::continual {

/// Keeps the running sums and their maximum (both baselines' state).
class RunningMax {
 public:
  void reset(std::size_t dim) {
    sums_.assign(dim, 0.0);  // allocates only when d changes
    best_ = 0.0;
  }
  double add(std::span<const double> x) {
    for (std::size_t j = 0; j < sums_.size(); ++j) {
      sums_[j] += x[j];
      best_ = std::max(best_, sums_[j]);
    }
    return best_;
  }

 private:
  std::vector<double> sums_;
  double best_ = 0.0;
};

class BatchMax {
 public:
  struct Config {
    double epsilon = 1.0;
    static Config from(const ParamMap& params) { return {.epsilon = params.real("epsilon")}; }
  };

  static ComponentInfo info() {
    return {.name = "batch_max",
            .family = "continual",
            .role = ComponentRole::kAgent,
            .summary = "Batch baseline: max_j S_T[j] + Lap(1/epsilon), released once at T",
            .reference =
                "Laplace mechanism (Dwork & Roth 2014, Thm 3.6); the batch model of "
                "Jain, Raskhodnikova, Sivakumar, Smith, ICML 2023 (spec §2.1-2.2)",
            .fidelity = Fidelity::kPaper,
            .notes =
                "Answers only at t = T (NaN error curve before; max_error is its one "
                "error). Sensitivity 1 under the event-level relation: epsilon-DP.",
            .params = {with_origin(
                allowing_infinity(real_param("epsilon", 1.0, Range::left_open(0.0, kInf),
                                             "privacy level (inf: the exact max at T)")),
                ParamOrigin::kPaper)}};
  }

  explicit BatchMax(const Config& config) : config_(config) {
    privacy::require_valid_epsilon(config.epsilon, "batch_max");
  }

  void reset(const ContinualProblem& problem) {
    running_.reset(problem.dim);
    horizon_ = problem.horizon;
    t_ = 0;
  }

  /// NaN before T; at T the one noisy release (one Laplace draw when epsilon < inf).
  double step(std::span<const double> x, Rng& noise) {
    const double best = running_.add(x);
    if (++t_ < horizon_) return std::numeric_limits<double>::quiet_NaN();
    return privacy::adds_noise(config_.epsilon)
               ? best + privacy::laplace(noise, 1.0 / config_.epsilon)
               : best;
  }

  double epsilon() const { return config_.epsilon; }
  std::int64_t updates() const { return -1; }
  bool exhausted() const { return false; }

 private:
  static constexpr double kInf = std::numeric_limits<double>::infinity();
  Config config_;
  RunningMax running_;
  std::int64_t horizon_ = 0;
  std::int64_t t_ = 0;
};

class ExactMax {
 public:
  struct Config {
    static Config from(const ParamMap& /*params*/) { return {}; }
  };

  static ComponentInfo info() {
    return {.name = "exact_max",
            .family = "continual",
            .role = ComponentRole::kAgent,
            .summary = "Non-private floor: the exact max_j S_t[j] at every step (epsilon = inf)",
            .reference =
                "Jain, Raskhodnikova, Sivakumar, Smith, ICML 2023: the MaxSum problem "
                "(spec §2.2)",
            .fidelity = Fidelity::kOurs,
            .notes = "Not private; error 0 by construction (a check of the loop's truth).",
            .params = {}};
  }

  explicit ExactMax(const Config& /*config*/) {}
  void reset(const ContinualProblem& problem) { running_.reset(problem.dim); }
  double step(std::span<const double> x, Rng& /*noise*/) { return running_.add(x); }
  double epsilon() const { return privacy::kNoPrivacy; }
  std::int64_t updates() const { return -1; }
  bool exhausted() const { return false; }

 private:
  RunningMax running_;
};

}  // namespace banditsim::continual
