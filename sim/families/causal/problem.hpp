/// @file sim/families/causal/problem.hpp
/// What a causal-bandit agent is told about the linear SEM it faces (Peng, Zhang,
/// Mitra, "Asymmetric Graph Error Control with Low Complexity in Causal Bandits",
/// IEEE TSP 73, 2025; spec ../shared/specs/papers-causal-sparse.md, Part A).
///
/// Nodes 0..N-1; the reward is the last node, N-1. An action is a soft-intervention
/// vector a in {0,1}^N; node n's incoming weights are the interventional column
/// B'[:,n] when a_n = 1 and the observational column B[:,n] otherwise (eq. 2).
/// Actions are numbered by their index in `actions`; each holds an action code,
/// the vector read MSB first as in the authors' code (spec A.2): a_n is bit
/// N-1-n of the code, so code 0 intervenes on nothing and the reward node is the
/// least significant bit. With all 2^N actions, index k has code k.
///
/// The agent never sees the weights. It is told the noise mean and variances
/// (the authors' code passes the true nu and Sigma to every algorithm; spec P-A5)
/// and, for the oracle-topology baselines only (LinSEM-TS/UCB, spec P-A17), the
/// parent sets of the initial environment.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

namespace banditsim::causal {

/// Whether action code `code` intervenes on node `node` of a graph of `nodes` nodes.
constexpr bool intervenes(std::uint64_t code, std::size_t nodes, std::size_t node) {
  return ((code >> (nodes - 1 - node)) & 1U) != 0;
}

/// The mode (0 observational, 1 interventional) of `node` under `code`.
constexpr std::size_t mode_of(std::uint64_t code, std::size_t nodes, std::size_t node) {
  return intervenes(code, nodes, node) ? 1 : 0;
}

/// The largest N for which all 2^N actions are enumerated when a scenario gives
/// no action subset (2^20 ~ 1e6 actions; each agent keeps O(1) values per action).
inline constexpr std::size_t kMaxEnumeratedNodes = 20;
/// The largest N at all (action codes are 64-bit words).
inline constexpr std::size_t kMaxNodes = 63;

struct CausalProblem {
  std::size_t nodes = 0;  ///< N; the reward node is N-1.
  /// Action codes by action index (see the file comment).
  std::span<const std::uint64_t> actions;
  std::span<const double> noise_mean;      ///< nu, one per node (known to the agents).
  std::span<const double> noise_variance;  ///< Sigma[n,n], one per node (known to the agents).
  /// The horizon T (CSL-UCB anneals its bonus to 0 at T; spec A.4.4).
  std::int64_t horizon = 0;
  /// False when the environment has change points: the authors' algorithms switch
  /// their change handling on from the list of change times they are given (T_c).
  bool stationary = true;
  /// For the oracle-topology baselines only: the parent sets of the initial
  /// environment, mode m (0: B, 1: B'), N x N row-major, [p * N + n] = 1 iff p -> n.
  std::array<std::span<const unsigned char>, 2> true_parents;

  std::size_t num_actions() const { return actions.size(); }
  std::size_t reward_node() const { return nodes - 1; }
  /// Mode of `node` under action index `action`.
  std::size_t mode(std::size_t action, std::size_t node) const {
    return mode_of(actions[action], nodes, node);
  }
};

}  // namespace banditsim::causal
