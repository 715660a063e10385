/// @file sim/families/mdp/mdp_model.hpp
/// A finite MDP with linear features and two policies: what every environment of
/// the mdp family builds (given in full in a scenario, or generated), and what the
/// data source and the exact module read. Spec: ../shared/specs/papers-offpolicy.md
/// (section 2.1 for the notation).
///
/// Indexing: states s = 0..S-1, actions a = 0..A-1, state-action pairs
/// k(s, a) = s * A + a (spec 2.1). Every array is row-major and dense.
///
/// Terminal states (episodic MDPs, spec P11) have value 0: a transition into one
/// ends the episode (bootstrapping from it gives 0), and a trajectory restarts from
/// the start distribution. Their own rows of P, r, the policies and the features are
/// ignored (the features are taken as zero).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace banditsim::mdp {

/// What the feature rows index: states (state-value evaluation, V^pi, with
/// importance ratios) or state-action pairs (action-value evaluation, Q^pi, with
/// expected next features and no ratios; spec 3.3-3.4).
enum class FeatureKind { kState, kStateAction };

/// How the trajectory data of the `steps` axis starts.
enum class TrajectoryStart {
  kStartDistribution,  ///< s_0 ~ start (nu).
  kStationary,         ///< s_0 ~ the behaviour chain's stationary distribution rho_b.
};

struct MdpModel {
  std::size_t states = 0;
  std::size_t actions = 0;
  /// P(s' | s, a) at [(s * A + a) * S + s'].
  std::vector<double> transitions;
  /// Expected reward r(s, a) at [s * A + a].
  std::vector<double> rewards;
  /// Standard deviation of the Gaussian reward noise eta (spec 2.1: r_i = r(s,a) + eta_i).
  double reward_noise_sd = 0.0;
  double gamma = 0.9;  ///< Discount, in [0, 1).
  /// Start distribution nu over states (value read-out V^pi(nu), d^pi_nu, trajectories).
  std::vector<double> start;
  /// Behaviour b(a | s) and target pi(a | s), each at [s * A + a].
  std::vector<double> behaviour;
  std::vector<double> target;
  /// 1 for terminal states (see the file comment), else 0; size S.
  std::vector<unsigned char> terminal;

  FeatureKind feature_kind = FeatureKind::kState;
  std::size_t dim = 0;  ///< d, the number of features.
  /// Feature rows (S rows for kState, S * A for kStateAction), d each, row-major.
  /// Rows of terminal states are zero.
  std::vector<double> features;

  /// State distribution of the i.i.d. data (`samples` and `iterations` axes): s ~
  /// sampling, a ~ b(. | s). Empty: the behaviour chain's stationary distribution.
  std::vector<double> sampling;
  TrajectoryStart trajectory_start = TrajectoryStart::kStartDistribution;

  /// The weights w* with Phi w* = the true values, when the environment is
  /// realizable by construction (dial chain, random MDP in realizable mode); empty
  /// otherwise. Informational: the exact module computes realizability itself.
  std::vector<double> true_weights;

  /// One line saying which edition or variant this is ("Baird's counterexample, Sutton
  /// & Barto 2nd ed., continuing, gamma = 0.99"), for `describe` and the results file.
  std::string variant;

  std::size_t pairs() const { return states * actions; }
  std::size_t feature_rows() const {
    return feature_kind == FeatureKind::kState ? states : states * actions;
  }
  double p(std::size_t s, std::size_t a, std::size_t next) const {
    return transitions[(s * actions + a) * states + next];
  }
  const double* feature_row(std::size_t row) const { return features.data() + row * dim; }
};

/// Tolerance of the row sums of P and of the policies (|sum - 1| <= this).
inline constexpr double kProbabilityTolerance = 1e-9;

/// Checks a model: shapes (P is S x A x S, r and the policies S x A, the features S
/// or S*A rows of d), probabilities (entries >= 0, rows summing to 1 within
/// kProbabilityTolerance) for P, both policies, the start and sampling
/// distributions, gamma in [0, 1), the behaviour covering the target where state
/// features need importance ratios (pi(a|s) > 0 => b(a|s) > 0), and at least one
/// non-terminal state. Throws ConfigError(component, key, message) naming the
/// parameter the problem is in (`transitions`, `rewards`, `features`, `behaviour`,
/// `target`, `gamma`, `start`, `sampling`, `terminal_states`), with the offending
/// indices and values in the message ("transitions[2][1] sums to 0.97, not 1").
void validate_model(const MdpModel& model, const std::string& component);

}  // namespace banditsim::mdp
