/// @file agents/causal/csl_ucb.hpp
/// CSL-UCB: Causal Sub-graph Learning + UCB for causal bandits on linear SEMs
/// with soft interventions (Peng, Zhang, Mitra, "Asymmetric Graph Error Control
/// with Low Complexity in Causal Bandits", IEEE TSP 73, 2025; spec
/// shared/specs/papers-causal-sparse.md A.4.1-A.4.5).
///
/// The paper's body could not be read: the algorithm follows the authors' code
/// (github.com/CalixPeng/Causal_Bandit, `CSL_UCB`, HEAD 2025-06-30) step by step,
/// with the spec's resolutions of its ambiguities (named P-Axx below). At step t:
///   1. change detection (A.4.5) for t > t_static when on: DetChangeCol on the
///      last W samples of every (node, mode) cell; a flagged cell that is not
///      already re-learning restarts: T_i = t - 1, N_sample = 0, Learn set.
///   2. while some REACHABLE cell has fewer than n_es samples since its segment
///      start: a uniformly random action. (Ours: with an action subset a cell no
///      action reaches would block exploitation forever, so only cells some
///      action reaches count.)
///   3. otherwise LearnTopo (A.4.1) when any(Learn) or t % f_graph == 0; EstWt,
///      the means and the bounds of all actions when any(Learn) or t % f_est == 0,
///      then Learn = false and a = argmax_k mean_k + coef U_k (first maximum, P-A11);
///      in between the previous action is replayed (P-A12).
/// coef = bonus_scale |max_k mean_k| / max_k U_k at the first exploitation (P-A6:
/// the absolute value, 1 if the max mean is 0), then annealed by
/// (1 + cos(pi (t - t_i) / (T - t_i))) / 2, t_i = max T_i (ours: 0 from T on).
/// A zero or non-finite coef_init (an infinite bound) is computed again at the
/// next recomputation, as the code's `coef_init == 0` test does.
///
/// Also ours: change detection starts once estimates exist (the code assumes they
/// do by t_static); status().detections counts the steps at which some cell
/// restarted (a flagged cell already re-learning restarts nothing).
///
/// Exactness of the caches: LearnTopo per mode, EstWt, the means and the bounds
/// are deterministic functions of the cells' stored first-n_max samples (and of
/// the learned parent sets). Each cell's sample set has a version; a result is
/// recomputed only when a version it reads changed, otherwise the stored result
/// is the one recomputation would give, bit for bit. The ill-conditioned count
/// of a recomputation served from the cache is the stored one. Checked by
/// tests/unit/test_csl_ucb.cpp against a run with disable_caches().
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "agents/causal/column_change_detector.hpp"
#include "agents/causal/confidence_bound.hpp"
#include "agents/causal/node_mode_samples.hpp"
#include "agents/causal/sem_estimate_evaluator.hpp"
#include "agents/causal/subgraph_learning.hpp"
#include "sim/core/component.hpp"
#include "sim/core/rng.hpp"
#include "sim/families/causal/concepts.hpp"
#include "sim/families/causal/problem.hpp"

namespace banditsim::causal {

class CslUcb {
 public:
  static constexpr bool kLearnsGraph = true;
  static constexpr bool kDetectsChanges = true;
  static constexpr bool kEstimatesMeans = true;

  enum class ChangeDetection { kAuto, kOn, kOff };

  struct Config {
    std::int64_t n_es = 20;       ///< Samples per cell before exploiting (code N_ES).
    std::int64_t t_static = 200;  ///< Change detection only for t > t_static (code T_static).
    std::int64_t f_graph = 50;    ///< LearnTopo period (code F_graph).
    std::int64_t f_est = 20;      ///< EstWt + UCB period (code F_est).
    std::int64_t n_max = 100;     ///< First samples kept per cell segment (code n_max).
    double delta = 0.05;          ///< ConfBound's delta (code).
    std::int64_t ksg_k = 5;       ///< KSG neighbours (code k = 5).
    double score_weight = 1.0;    ///< w in MI - w ln|b| (code weight = 1).
    std::int64_t detection_window = 20;  ///< W (code).
    double detection_threshold = 2.0;    ///< tau (code).
    double bonus_scale = 0.5;            ///< The 0.5 in coef_init (code).
    bool anneal = true;                  ///< Cosine annealing of coef to 0 at T (code).
    ChangeDetection change_detection = ChangeDetection::kAuto;
    BoundForm bound = BoundForm::kCode;
    VarianceConvention variance_convention = VarianceConvention::kVariance;

    static Config from(const ParamMap& params);
  };

  static ComponentInfo info();

  explicit CslUcb(const Config& config);

  void reset(const CausalProblem& problem);
  std::size_t select(Rng& rng);
  void observe(std::size_t action, std::span<const double> x);
  /// The graph spans are re-pointed here, so a copied agent reports its own graph.
  const AgentStatus& status() const {
    if (topology_valid_[0] || topology_valid_[1]) {
      status_.graph[0] = topology_[0];
      status_.graph[1] = topology_[1];
    }
    return status_;
  }

  // For tests and diagnostics.
  bool exploring() const;
  bool change_detection_on() const { return change_on_; }
  double coefficient() const { return coef_; }
  const SemWeights& estimate() const { return estimate_; }
  std::span<const double> estimated_means() const { return mean_; }  ///< Per action, reward node.
  std::span<const double> bounds() const { return bound_value_; }    ///< U per action.
  std::int64_t segment_start(std::size_t node, std::size_t mode) const {
    return segment_start_[mode * nodes_ + node];
  }
  std::int64_t samples_since_start(std::size_t node, std::size_t mode) const {
    return n_sample_[mode * nodes_ + node];
  }
  /// Recompute everything at every LearnTopo / EstWt step (for the test that the
  /// caches change nothing).
  void disable_caches() { caches_ = false; }
  /// LearnTopo runs (per mode) and estimate recomputations not served from the cache.
  std::uint64_t topology_computations() const { return topology_computations_; }
  std::uint64_t estimate_computations() const { return estimate_computations_; }

 private:
  void detect_changes(std::int64_t t);
  void learn_topology();
  void estimate_and_score();
  void update_coefficient(std::int64_t t);

  Config config_;
  // The problem.
  std::size_t nodes_ = 0;
  std::vector<std::uint64_t> actions_;
  std::vector<double> noise_mean_, noise_variance_;
  std::int64_t horizon_ = 0;
  bool change_on_ = false;
  std::vector<unsigned char> reachable_;  // [m * N + n]

  // Per-cell state [m * N + n].
  NodeModeSamples samples_;
  std::vector<std::int64_t> segment_start_, n_sample_;
  std::vector<unsigned char> learn_;

  // Learned model.
  SubgraphLearner learner_;
  SemEstimateEvaluator evaluator_;
  ConfidenceBound confidence_;
  ColumnChangeDetector detector_;
  std::array<std::vector<unsigned char>, 2> topology_;
  std::vector<unsigned char> previous_topology_;
  std::array<std::vector<std::uint64_t>, 2> topology_versions_;  // cell versions at last LearnTopo
  std::array<bool, 2> topology_valid_ = {false, false};
  std::uint64_t topology_generation_ = 0;  // bumped when a parent set changes
  std::vector<std::uint64_t> estimate_versions_;
  std::uint64_t estimate_generation_ = 0;
  bool estimate_valid_ = false;
  bool has_estimate_ = false;
  bool caches_ = true;
  SemWeights estimate_;
  std::vector<double> mean_, bound_value_;
  std::uint64_t ill_conditioned_last_ = 0;
  std::vector<double> node_means_, reward_column_;
  std::vector<unsigned char> changed_;

  // The loop.
  std::int64_t t_ = 0;
  double coef_init_ = 0.0;
  double coef_ = 0.0;
  std::size_t action_ = 0;
  std::size_t last_action_ = 0;
  std::vector<double> last_x_;
  std::uint64_t topology_computations_ = 0;
  std::uint64_t estimate_computations_ = 0;
  mutable AgentStatus status_;
};

static_assert(CausalAgent<CslUcb>);

}  // namespace banditsim::causal
