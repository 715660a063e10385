/// @file sim/families/mdp/problem.hpp
/// What an agent of the mdp family is told about the cell (EvaluationProblem), and
/// the transition it sees at each step (Transition).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "sim/families/mdp/evaluation_chain.hpp"
#include "sim/families/mdp/exact_solution.hpp"

namespace banditsim::mdp {

struct EvaluationProblem {
  FeatureKind kind = FeatureKind::kState;
  DataMode data = DataMode::kSamples;
  std::size_t dim = 0;
  std::size_t states = 0;
  std::size_t actions = 0;
  double gamma = 0.0;
  std::int64_t horizon = 0;  ///< Steps (transitions, samples or iterations) per replication.
  /// Feature rows, row-major, d each: x(s) for state features, phi(s, a) for pairs.
  std::span<const double> features;
  /// Per next state s' (S rows of d): the bootstrap features. State features: x(s').
  /// Pair features: sum_a' pi(a'|s') phi(s', a') (spec 3, expected next feature;
  /// P6: never the logged behaviour action). Zero for terminal states.
  std::span<const double> next_features;
  /// The same under the behaviour policy: sum_a' b(a'|s') phi(s', a') for pairs (x(s')
  /// for state features): what TD without importance ratios bootstraps from.
  std::span<const double> behaviour_next_features;
  /// The model in matrix form and its exact solution: for the expected updates of
  /// the `iterations` axis (agents build their expected update matrices from them
  /// in reset) and for estimators that need the class's centre (finite-class
  /// minimax). Estimators of the samples and steps axes must not read the true
  /// model's values (spec P19): only the features, gamma and the policies.
  const EvaluationChain* chain = nullptr;
  const ExactSolution* exact = nullptr;

  std::span<const double> feature_row(std::size_t row) const {
    return features.subspan(row * dim, dim);
  }
  std::span<const double> next_row(std::size_t next_state) const {
    return next_features.subspan(next_state * dim, dim);
  }
};

/// One transition (s, a, r, s') of the data, with what the updates need.
struct Transition {
  std::size_t state = 0;
  std::size_t action = 0;
  std::size_t next_state = 0;
  /// Feature row of the sample: s for state features, s * A + a for pairs.
  std::size_t row = 0;
  double reward = 0.0;
  /// pi(a|s) / b(a|s) of the action taken.
  double ratio = 1.0;
  /// The ratio that multiplies the update of this sample (spec 10): `ratio` for state
  /// features (V-version with IS), 1 for pair features (Q-version, no IS needed).
  double update_ratio = 1.0;
  /// s' is terminal: bootstrapping gives 0 (its next features are zero).
  bool terminal = false;
  /// First transition of an episode (trajectories after a restart, and every i.i.d.
  /// sample): traces and emphasis start afresh.
  bool episode_start = true;
};

}  // namespace banditsim::mdp
