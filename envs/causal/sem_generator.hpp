/// @file envs/causal/sem_generator.hpp
/// The authors' random causal-bandit instances (spec A.3, code `utils.System`) and
/// their piecewise-stationary modification (spec A.4.6, code
/// `System.change_graph(n_col)`), for the `linear_sem` environment.
///
/// Instance [code]: B and B' are independent strictly upper-triangular matrices
/// (the topological order is the index order, shared by both); each entry above
/// the diagonal is an edge with probability 1/2, with sign +-1 equally likely and
/// magnitude U(0.5, 2). An instance is redrawn until every non-root node
/// n = 1..N-1 has B[:,n] != B'[:,n] (with continuous weights: until no such node
/// lacks parents in both). Acceptance probability prod_{n=1}^{N-1} (1 - q^{2n}),
/// q = 1 - edge_probability (0.6885 for N = 10, q = 1/2; spec A.7-6).
/// [ours] The draw order (entry by entry, row-major over the upper triangle: edge,
/// then sign, then magnitude; B before B') is not numpy's, so instances match the
/// authors' in distribution only.
///
/// change_graph [code; cap ours, P-A15]: let I_op be the optimal actions of the
/// current segment (|reward - best| < tolerance) and Col the nodes whose mode is the
/// same in every optimal action. Repeatedly: from the current weights, redraw the
/// column of n_col nodes drawn from Col with replacement, in the mode the first
/// optimal action uses (new parents j < n, so the order is kept), until the best of
/// the old optimal actions falls strictly below the new best. The authors loop
/// forever when Col is empty or no redraw succeeds; we stop after `max_tries` and
/// report failure (the environment then redraws the whole instance).
#pragma once

#include <armadillo>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "sim/core/rng.hpp"
#include "sim/families/causal/sem_model.hpp"

namespace banditsim::causal {

/// The generator's parameters (defaults: the authors' values, spec A.3).
struct SemGeneratorSettings {
  std::size_t nodes = 10;
  double edge_probability = 0.5;
  double weight_min = 0.5;  ///< Edge magnitudes are U(weight_min, weight_max).
  double weight_max = 2.0;
};

/// Probability that one draw passes the acceptance rule:
/// prod_{n=1}^{N-1} (1 - (1 - p)^{2n}).
double acceptance_probability(const SemGeneratorSettings& settings);

/// One random weight of a present edge: sign +-1 with probability 1/2 each, times
/// U(weight_min, weight_max).
double draw_edge_weight(Rng& rng, const SemGeneratorSettings& settings);

/// Overwrites column `node` of `weights` with fresh random parents j < node (each
/// present with probability edge_probability); rows >= node are zeroed.
void draw_column(Rng& rng, const SemGeneratorSettings& settings, std::size_t node,
                 arma::mat& weights);

/// True if every node n >= 1 has B[:,n] != B'[:,n] (the authors' acceptance rule).
bool accepted(const SemWeights& weights);

/// Draws instances into `out` (resized to N x N) until one is accepted; returns
/// the number of draws it took (a test seam for the acceptance rate).
std::size_t draw_accepted_instance(Rng& rng, const SemGeneratorSettings& settings, SemWeights& out);

/// What change_graph did.
struct GraphChange {
  bool changed = false;      ///< False: Col was empty or max_tries redraws all failed.
  std::size_t tries = 0;     ///< Redraws made.
  std::size_t eligible = 0;  ///< |Col|.
  /// The columns redrawn in the successful try (with repetitions), and in which
  /// mode (0: B, 1: B') each was redrawn.
  std::vector<std::size_t> columns;
  std::vector<std::size_t> modes;
};

/// The authors' change_graph (see the file comment) applied to `current` (a
/// finish()ed segment of an upper-triangular instance); the changed weights go to
/// `out`, which is a copy of current.weights if nothing changed. `actions` are the
/// action codes `current` was finish()ed with.
GraphChange change_graph(Rng& rng, const SemGeneratorSettings& settings, const SemSegment& current,
                         std::span<const std::uint64_t> actions, std::span<const double> noise_mean,
                         std::size_t changed_columns, double tolerance, std::size_t max_tries,
                         SemWeights& out);

}  // namespace banditsim::causal
