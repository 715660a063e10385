#include "envs/causal/sem_generator.hpp"

#include <algorithm>
#include <cmath>

#include "sim/core/check.hpp"

namespace banditsim::causal {

double acceptance_probability(const SemGeneratorSettings& settings) {
  // Node n has n possible parents in each of B and B'; it is rejected iff all 2n
  // entries are absent.
  const double absent = 1.0 - settings.edge_probability;
  double probability = 1.0;
  for (std::size_t n = 1; n < settings.nodes; ++n)
    probability *= 1.0 - std::pow(absent, 2.0 * static_cast<double>(n));
  return probability;
}

double draw_edge_weight(Rng& rng, const SemGeneratorSettings& settings) {
  const double sign = uniform01(rng) < 0.5 ? -1.0 : 1.0;
  const double magnitude =
      settings.weight_min + (settings.weight_max - settings.weight_min) * uniform01(rng);
  return sign * magnitude;
}

void draw_column(Rng& rng, const SemGeneratorSettings& settings, std::size_t node,
                 arma::mat& weights) {
  weights.col(node).zeros();
  for (std::size_t j = 0; j < node; ++j)
    if (uniform01(rng) < settings.edge_probability)
      weights(j, node) = draw_edge_weight(rng, settings);
}

namespace {

/// np.triu(W, k=1) o E o Sg, drawn entry by entry, row-major over the strict upper
/// triangle (edge indicator, then sign and magnitude if present).
void draw_upper_triangular(Rng& rng, const SemGeneratorSettings& settings, arma::mat& weights) {
  const std::size_t n_nodes = settings.nodes;
  weights.zeros(n_nodes, n_nodes);
  for (std::size_t p = 0; p < n_nodes; ++p)
    for (std::size_t n = p + 1; n < n_nodes; ++n)
      if (uniform01(rng) < settings.edge_probability)
        weights(p, n) = draw_edge_weight(rng, settings);
}

}  // namespace

bool accepted(const SemWeights& weights) {
  for (std::size_t n = 1; n < weights.nodes(); ++n)
    if (arma::approx_equal(weights.observational.col(n), weights.interventional.col(n), "absdiff",
                           0.0))
      return false;
  return true;
}

std::size_t draw_accepted_instance(Rng& rng, const SemGeneratorSettings& settings,
                                   SemWeights& out) {
  for (std::size_t draws = 1;; ++draws) {
    draw_upper_triangular(rng, settings, out.observational);
    draw_upper_triangular(rng, settings, out.interventional);
    if (accepted(out)) return draws;
  }
}

GraphChange change_graph(Rng& rng, const SemGeneratorSettings& settings, const SemSegment& current,
                         std::span<const std::uint64_t> actions, std::span<const double> noise_mean,
                         std::size_t changed_columns, double tolerance, std::size_t max_tries,
                         SemWeights& out) {
  const std::size_t n_nodes = current.weights.nodes();
  out = current.weights;
  GraphChange change;

  // I_op: the current optimal actions (the authors' is_opt, absolute tolerance).
  std::vector<std::size_t> optimal;
  for (std::size_t k = 0; k < actions.size(); ++k)
    if (std::abs(current.best_reward - current.expected_reward[k]) < tolerance)
      optimal.push_back(k);
  BANDITSIM_CHECK(!optimal.empty(), "a finished segment has an optimal action");

  // Col: nodes whose mode is the same in every optimal action.
  const std::uint64_t first_optimal = actions[optimal.front()];
  std::vector<std::size_t> eligible;
  for (std::size_t n = 0; n < n_nodes; ++n) {
    const std::size_t mode = mode_of(first_optimal, n_nodes, n);
    bool same = true;
    for (const std::size_t k : optimal) same = same && mode_of(actions[k], n_nodes, n) == mode;
    if (same) eligible.push_back(n);
  }
  change.eligible = eligible.size();
  if (eligible.empty()) return change;
  const std::size_t count = std::min(changed_columns, eligible.size());

  std::vector<double> rewards(actions.size());
  while (change.tries < max_tries) {
    ++change.tries;
    out = current.weights;
    change.columns.clear();
    change.modes.clear();
    for (std::size_t c = 0; c < count; ++c) {
      const std::size_t node = eligible[uniform_index(rng, eligible.size())];
      const std::size_t mode = mode_of(first_optimal, n_nodes, node);
      draw_column(rng, settings, node, out.of_mode(mode));
      change.columns.push_back(node);
      change.modes.push_back(mode);
    }
    const auto order = topological_order(out.observational, out.interventional);
    BANDITSIM_CHECK(order.has_value(), "new parents j < n keep the index order");
    expected_rewards(out, actions, *order, noise_mean, rewards);
    const double best = *std::max_element(rewards.begin(), rewards.end());
    double best_of_old_optimal = rewards[optimal.front()];
    for (const std::size_t k : optimal)
      best_of_old_optimal = std::max(best_of_old_optimal, rewards[k]);
    if (best_of_old_optimal != best) {  // the authors' test: exact inequality
      change.changed = true;
      return change;
    }
  }
  out = current.weights;
  change.columns.clear();
  change.modes.clear();
  return change;
}

}  // namespace banditsim::causal
