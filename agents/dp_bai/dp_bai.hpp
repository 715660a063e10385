/// @file agents/dp_bai/dp_bai.hpp
/// DP-BAI (Chen, Karthik, Chee, Tan, "Fixed-Budget Differentially Private Best
/// Arm Identification", ICLR 2024) as reconstructed in the spec
/// (../shared/specs/papers-dp.md §1.3.3, "DP-BAI-R"), and private sequential
/// halving DP-SH (spec 1.4.3), which is DP-BAI-R without Max-Det and without cap.
///
/// Verified structure ([REV], [TLDR]): M = Theta(log d) phases; in phase p the
/// active arms A_p span d_p dimensions; either a Max-Det collection B_p of A_p
/// (d_p arms with the largest |det|, §1.2) is pulled T'/(M d_p) times each and the
/// other arms are estimated through their coordinates in that basis, or every
/// active arm is pulled T'/(M s_p) times; the estimates are empirical means plus
/// Laplace noise; the arms with the best estimates survive.
///
/// Reconstructed [OURS] (spec P1, P2, P6, P11, P13): the survivor schedule and its
/// cap (phase_schedule.hpp), the branch rule, T' = T with floors (pulls <= T), the
/// requirement of at least one pull per arm and phase, the rank D of all features
/// as the paper's d, consecutive pulls in increasing arm index.
///
/// Privacy (spec 1.3.2): rewards lie in [lo, hi]; the mean of n of them has
/// sensitivity (hi - lo)/n, so mu~ = mean + Lap((hi - lo)/(epsilon n)); each reward
/// enters exactly one released mean (samples are never pooled across phases, P8),
/// so by parallel composition the released vector is epsilon-DP, and every choice
/// (B_p, A_{p+1}, the recommendation) is post-processing. epsilon = inf adds no
/// noise and draws none (spec P12, T6).
#pragma once

#include <armadillo>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include "agents/dp_bai/arm_span.hpp"
#include "agents/dp_bai/core_agent.hpp"
#include "agents/dp_bai/feature_rows.hpp"
#include "agents/dp_bai/max_det.hpp"
#include "agents/dp_bai/phase_schedule.hpp"
#include "agents/dp_bai/private_release.hpp"
#include "sim/core/component.hpp"
#include "sim/families/dp_bai/concepts.hpp"

namespace banditsim::dp_bai {

/// The phase-elimination machinery shared by dp_bai and dp_sh.
class PhasedElimination {
 public:
  enum class Variant { kDpBai, kSequentialHalving };

  struct Config {
    Variant variant = Variant::kDpBai;
    double epsilon = std::numeric_limits<double>::infinity();
    double noise_multiplier = 1.0;  ///< privacy/noise_multiplier.hpp (audits only).
    BranchRule rule = BranchRule::kCheaper;
    double cap_factor = 0.25;
    double enumeration_limit = 200000;
    double rank_tolerance = 1e-10;
  };

  explicit PhasedElimination(const Config& config) : config_(config) {}

  void reset(const BaiProblem& problem);
  PullRequest next_pulls();
  void observe(std::size_t arm, std::int64_t count, double sum, AgentStreams& streams);
  std::size_t recommend() const { return active_.front(); }
  /// The last phase's estimate of the recommended arm's mean.
  double recommended_estimate() const { return recommended_estimate_; }
  std::int64_t max_det_phases() const { return max_det_phases_; }

  /// M, the number of phases (known at reset).
  std::size_t phases() const { return schedule_.size() - 1; }
  const SurvivorSchedule& schedule() const { return schedule_; }
  double epsilon() const { return config_.epsilon; }
  /// The noisy means released so far in this replication (for privacy audits).
  std::span<const PrivateRelease> releases() const { return releases_; }
  /// The arms still active, increasing.
  std::span<const std::size_t> active() const { return active_; }
  /// Whether phase `phase` (0-based, already started) took the Max-Det branch.
  bool phase_used_max_det(std::size_t phase) const { return phase_max_det_[phase] != 0; }
  /// n_p of phase `phase` (0-based, already started).
  std::int64_t phase_pulls_per_arm(std::size_t phase) const { return phase_pulls_[phase]; }

 private:
  /// The plan of a phase: which arms to pull, how often, and how the active arms'
  /// estimates follow from the pulled arms' noisy means.
  struct PhasePlan {
    bool max_det = false;
    std::vector<std::size_t> pulled;  ///< Positions in active_ (B_p, or all of A_p).
    arma::mat coordinates;            ///< max_det: s_p x d_p coordinates beta in B_p.
  };

  void start_phase();
  void compute_plan(const arma::mat& arms, PhasePlan& plan) const;
  void end_phase(AgentStreams& streams);
  void require_budget(const BaiProblem& problem) const;
  std::int64_t pulls_per_arm(std::size_t cost) const;

  Config config_;
  std::int64_t budget_ = 0;
  double reward_range_ = 1.0;
  std::size_t dim_ = 0;
  std::size_t first_rank_ = 0;  ///< D, the rank of all features.
  std::span<const double> features_;
  SurvivorSchedule schedule_;
  std::vector<std::size_t> active_;
  std::size_t phase_ = 0;
  PhasePlan plan_;
  std::int64_t per_arm_ = 0;   ///< n_p.
  std::size_t cursor_ = 0;     ///< Next entry of plan_.pulled to pull.
  std::vector<double> sums_;   ///< Per entry of plan_.pulled.
  std::vector<double> noisy_;  ///< Per entry of plan_.pulled: the released means.
  std::vector<double> estimates_;
  double recommended_estimate_ = 0.0;         ///< Of active_[0], at the last cut.
  std::vector<std::size_t> previous_active_;  ///< The active set before the last cut.
  std::vector<std::size_t> order_;
  std::vector<std::uint64_t> keys_;
  std::vector<PrivateRelease> releases_;
  std::vector<unsigned char> phase_max_det_;
  std::vector<std::int64_t> phase_pulls_;
  std::int64_t max_det_phases_ = 0;
  // Phase 1 looks at every arm, so its plan depends on the features only: kept
  // across replications while the features stay the same.
  PlannedFeatures first_plan_features_;
  PhasePlan first_plan_;
  arma::mat scratch_arms_;
};

/// dp_bai: DP-BAI-R with both branch rules.
class DpBai : public CoreAgent<PhasedElimination> {
 public:
  struct Config {
    PhasedElimination::Config settings;
    static Config from(const ParamMap& params);
  };

  static ComponentInfo info();
  explicit DpBai(const Config& config) : CoreAgent(config.settings) {}
};

/// dp_sh: private sequential halving (spec 1.4.3, [OURS] baseline).
class DpSh : public CoreAgent<PhasedElimination> {
 public:
  struct Config {
    PhasedElimination::Config settings;
    static Config from(const ParamMap& params);
  };

  static ComponentInfo info();
  explicit DpSh(const Config& config) : CoreAgent(config.settings) {}
};

}  // namespace banditsim::dp_bai
