/// @file sim/families/mdp/evaluation_chain.hpp
/// The policy-evaluation problem of an MdpModel in matrix form (spec 2.1, 3.3, 5):
/// one "row" per feature row (a state for state features, a state-action pair for
/// pair features), the target policy's transition matrix between rows, the
/// rewards, the data distribution mu over rows and the start distribution.
///
/// State features (V^pi with importance ratios, spec 3.3 "state-value variant"):
///   rows = states; P[s, s'] = sum_a pi(a|s) P(s'|s,a); r[s] = sum_a pi(a|s) r(s,a);
///   mu[s] = the state distribution of the data; nu[s] = start(s).
/// Pair features (Q^pi, expected next features, spec 2.1):
///   rows = pairs; P[(s,a), (s',a')] = P(s'|s,a) pi(a'|s'); r = r(s,a);
///   mu[(s,a)] = rho(s) b(a|s); nu[(s,a)] = start(s) pi(a|s).
/// Columns of terminal states (and of their pairs) are zero: their value is 0.
///
/// The behaviour matrices are the same with b in place of pi: what TD(0) without
/// importance ratios evaluates (on_policy_td0).
#pragma once

#include <armadillo>
#include <cstddef>
#include <string>

#include "sim/families/mdp/mdp_model.hpp"

namespace banditsim::mdp {

/// What a step of the time loop is; chosen by the step axis the scenario names.
enum class DataMode {
  kTrajectory,  ///< `steps`: transitions along one behaviour trajectory (restarting
                ///< from the start distribution after a terminal state).
  kSamples,     ///< `samples`: i.i.d. transitions, s ~ sampling, a ~ b(.|s), s' ~ P.
  kExpected,    ///< `iterations`: expected (dynamic-programming) updates under the
                ///< sampling distribution; no randomness (spec 6.1 "standard run").
};

/// "steps", "samples" or "iterations".
const char* step_axis_name(DataMode mode);

struct EvaluationChain {
  FeatureKind kind = FeatureKind::kState;
  DataMode data = DataMode::kSamples;
  std::size_t rows = 0;
  std::size_t dim = 0;
  double gamma = 0.0;
  arma::mat phi;          ///< rows x d (terminal rows zero).
  arma::mat p_target;     ///< rows x rows, P^pi (see the file comment).
  arma::vec r_target;     ///< r^pi over rows.
  arma::mat p_behaviour;  ///< rows x rows, the same under b.
  arma::vec r_behaviour;
  arma::vec mu;  ///< Data distribution over rows (sums to 1).
  arma::vec nu;  ///< Start distribution over rows (sums to 1).
  /// The state distribution the data's states follow (size S): `sampling` (or
  /// rho_b when not given) for samples and iterations, rho_b for trajectories.
  arma::vec state_distribution;
  /// The behaviour chain's stationary state distribution rho_b (size S; with
  /// restarts from `start` after terminal states).
  arma::vec behaviour_stationary;
};

/// The stationary state distribution of the behaviour chain
/// K(s, s') = sum_a b(a|s) P(s'|s,a), where entering a terminal state restarts
/// from `start`. Throws ConfigError(component, "behaviour", ...) if it is not
/// unique (more than one recurrent class) unless `sampling` makes it unnecessary.
arma::vec behaviour_stationary_distribution(const MdpModel& model, const std::string& component);

/// Builds the chain of `model` for data `mode`. Throws ConfigError naming the
/// key when the data distribution cannot be formed (see
/// behaviour_stationary_distribution).
EvaluationChain build_chain(const MdpModel& model, DataMode mode, const std::string& component);

}  // namespace banditsim::mdp
