/// @file agents/dp_bai/od_linbai.hpp
/// Phase-wise elimination on G-optimal designs: OD-LinBAI (Yang & Tan, "Minimax
/// Optimal Fixed-Budget Best Arm Identification in Linear Bandits", NeurIPS 2022),
/// DP-BAI's non-private reference, and DP-OD, its naive private extension (the
/// baseline DP-BAI is compared against; reconstructed, spec §1.4.2).
///
/// Both: D = rank of the features, R = max(1, ceil(log2 D)) phases; phase r finds
/// a G-optimal design pi_r on the active arms (in their span, Frank-Wolfe from the
/// uniform design, tolerance 1e-3, spec P14), pulls the design's arms, estimates
/// theta by the phase's own least squares and keeps the ceil(D / 2^r) best arms.
///
/// od_linbai ([RECALL] of Yang & Tan, spec 1.4.1): m = (T - min(K, D(D+1)/2) -
/// sum_{r<R} ceil(D/2^r)) / R, T_r(a) = ceil(pi_r(a) m), theta^ = V^-1 sum a X.
/// dp_od ([OURS], spec 1.4.2): m = floor(T/R), T_r(a) = floor(pi_r(a) m), each
/// pulled arm's mean privatised as mu~_a = mean + Lap((hi - lo)/(epsilon T_r(a))),
/// theta^ = V^+ sum T_r(a) mu~_a a: one noisy mean per pulled arm per phase on
/// disjoint samples, so epsilon-DP by the argument of spec 1.3.2.
#pragma once

#include <armadillo>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include "agents/dp_bai/core_agent.hpp"
#include "agents/dp_bai/feature_rows.hpp"
#include "agents/dp_bai/private_release.hpp"
#include "sim/core/component.hpp"
#include "sim/families/dp_bai/concepts.hpp"

namespace banditsim::dp_bai {

class DesignElimination {
 public:
  enum class Variant { kOdLinBai, kPrivate };

  struct Config {
    Variant variant = Variant::kOdLinBai;
    double epsilon = std::numeric_limits<double>::infinity();
    double noise_multiplier = 1.0;  ///< privacy/noise_multiplier.hpp (audits only).
    double design_tolerance = 1e-3;
    double rank_tolerance = 1e-10;
  };

  explicit DesignElimination(const Config& config) : config_(config) {}

  void reset(const BaiProblem& problem);
  PullRequest next_pulls();
  void observe(std::size_t arm, std::int64_t count, double sum, AgentStreams& streams);
  std::size_t recommend() const { return active_.front(); }
  /// The last phase's estimate of the recommended arm's mean.
  double recommended_estimate() const { return recommended_estimate_; }

  std::size_t phases() const { return phases_; }
  double epsilon() const { return config_.epsilon; }
  std::span<const PrivateRelease> releases() const { return releases_; }
  std::span<const std::size_t> active() const { return active_; }

 private:
  struct PhasePlan {
    std::vector<std::size_t> pulled;   ///< Positions in active_ with T_r(a) >= 1.
    std::vector<std::int64_t> counts;  ///< T_r(a), per entry of pulled.
    std::vector<double> weights;       ///< pi_r over the active arms.
    arma::mat coordinates;             ///< s x d_r: the active arms in their span.
  };

  void compute_plan(const arma::mat& arms, PhasePlan& plan) const;
  void compute_counts(PhasePlan& plan) const;
  void start_phase();
  void end_phase(AgentStreams& streams);
  std::size_t survivors(std::size_t phase) const;

  Config config_;
  std::int64_t budget_ = 0;
  double reward_range_ = 1.0;
  std::size_t dim_ = 0;
  std::size_t rank_ = 0;  ///< D.
  std::size_t phases_ = 0;
  double phase_budget_ = 0.0;  ///< m.
  std::span<const double> features_;
  std::vector<std::size_t> active_;
  std::size_t phase_ = 0;
  PhasePlan plan_;
  std::size_t cursor_ = 0;
  std::vector<double> sums_;
  std::vector<double> estimates_;
  double recommended_estimate_ = 0.0;         ///< Of active_[0], at the last cut.
  std::vector<std::size_t> previous_active_;  ///< The active set before the last cut.
  std::vector<std::size_t> order_;
  std::vector<std::uint64_t> keys_;
  std::vector<PrivateRelease> releases_;
  PlannedFeatures first_plan_features_;
  PhasePlan first_plan_;
  arma::mat scratch_arms_;
};

/// od_linbai: non-private OD-LinBAI.
class OdLinBai : public CoreAgent<DesignElimination> {
 public:
  struct Config {
    DesignElimination::Config settings;
    static Config from(const ParamMap& params);
  };

  static ComponentInfo info();
  explicit OdLinBai(const Config& config) : CoreAgent(config.settings) {}
};

/// dp_od: the naive private extension of OD-LinBAI.
class DpOd : public CoreAgent<DesignElimination> {
 public:
  struct Config {
    DesignElimination::Config settings;
    static Config from(const ParamMap& params);
  };

  static ComponentInfo info();
  explicit DpOd(const Config& config) : CoreAgent(config.settings) {}
};

}  // namespace banditsim::dp_bai
