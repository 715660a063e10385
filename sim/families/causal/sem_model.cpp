#include "sim/families/causal/sem_model.hpp"

#include <algorithm>
#include <cmath>

namespace banditsim::causal {
namespace {

bool has_edge(const arma::mat& a, const arma::mat& b, std::size_t p, std::size_t n) {
  return a(p, n) != 0.0 || b(p, n) != 0.0;
}

}  // namespace

std::optional<std::vector<std::size_t>> topological_order(const arma::mat& a, const arma::mat& b) {
  const std::size_t n_nodes = a.n_rows;
  std::vector<std::size_t> in_degree(n_nodes, 0);
  for (std::size_t p = 0; p < n_nodes; ++p)
    for (std::size_t n = 0; n < n_nodes; ++n)
      if (p != n && has_edge(a, b, p, n)) ++in_degree[n];
  for (std::size_t n = 0; n < n_nodes; ++n)
    if (has_edge(a, b, n, n)) return std::nullopt;  // a self-loop is a cycle
  std::vector<std::size_t> order;
  order.reserve(n_nodes);
  std::vector<bool> done(n_nodes, false);
  while (order.size() < n_nodes) {
    std::size_t next = n_nodes;
    for (std::size_t n = 0; n < n_nodes && next == n_nodes; ++n)
      if (!done[n] && in_degree[n] == 0) next = n;
    if (next == n_nodes) return std::nullopt;
    done[next] = true;
    order.push_back(next);
    for (std::size_t n = 0; n < n_nodes; ++n)
      if (n != next && has_edge(a, b, next, n)) --in_degree[n];
  }
  return order;
}

std::string describe_cycle(const arma::mat& a, const arma::mat& b) {
  const std::size_t n_nodes = a.n_rows;
  // Depth-first search with colours; the grey stack is the current path.
  std::vector<int> colour(n_nodes, 0);
  std::vector<std::size_t> path;
  std::string found;
  auto visit = [&](auto&& self, std::size_t u) -> bool {
    colour[u] = 1;
    path.push_back(u);
    for (std::size_t v = 0; v < n_nodes; ++v) {
      if (!has_edge(a, b, u, v)) continue;
      if (colour[v] == 1) {
        const auto start = std::find(path.begin(), path.end(), v);
        for (auto it = start; it != path.end(); ++it) found += std::to_string(*it) + " -> ";
        found += std::to_string(v);
        return true;
      }
      if (colour[v] == 0 && self(self, v)) return true;
    }
    colour[u] = 2;
    path.pop_back();
    return false;
  };
  for (std::size_t s = 0; s < n_nodes; ++s)
    if (colour[s] == 0 && visit(visit, s)) return found;
  return "";
}

void mix_weights(const SemWeights& weights, std::uint64_t code, arma::mat& out) {
  const std::size_t n_nodes = weights.nodes();
  for (std::size_t n = 0; n < n_nodes; ++n)
    out.col(n) = weights.of_mode(mode_of(code, n_nodes, n)).col(n);
}

void node_means(const SemWeights& weights, std::uint64_t code, std::span<const std::size_t> order,
                std::span<const double> noise_mean, std::span<double> means) {
  const std::size_t n_nodes = weights.nodes();
  for (const std::size_t n : order) {
    const arma::mat& b = weights.of_mode(mode_of(code, n_nodes, n));
    const double* column = b.colptr(n);
    double mu = noise_mean[n];
    for (const std::size_t p : order) {
      if (p == n) break;  // parents come earlier in a topological order
      mu += column[p] * means[p];
    }
    means[n] = mu;
  }
}

void expected_rewards(const SemWeights& weights, std::span<const std::uint64_t> actions,
                      std::span<const std::size_t> order, std::span<const double> noise_mean,
                      std::span<double> rewards) {
  std::vector<double> means(weights.nodes());
  for (std::size_t k = 0; k < actions.size(); ++k) {
    node_means(weights, actions[k], order, noise_mean, means);
    rewards[k] = means.back();
  }
}

std::vector<unsigned char> parent_indicators(const arma::mat& weights) {
  const std::size_t n_nodes = weights.n_rows;
  std::vector<unsigned char> parents(n_nodes * n_nodes, 0);
  for (std::size_t p = 0; p < n_nodes; ++p)
    for (std::size_t n = 0; n < n_nodes; ++n) parents[p * n_nodes + n] = weights(p, n) != 0.0;
  return parents;
}

bool SemSegment::finish(std::span<const std::uint64_t> actions, std::span<const double> noise_mean,
                        double tolerance) {
  auto found = topological_order(weights.observational, weights.interventional);
  if (!found) return false;
  order = std::move(*found);
  if (actions.empty()) return false;  // no action: no best reward to speak of
  expected_reward.resize(actions.size());
  expected_rewards(weights, actions, order, noise_mean, expected_reward);
  best_reward = *std::max_element(expected_reward.begin(), expected_reward.end());
  optimal.resize(actions.size());
  for (std::size_t k = 0; k < actions.size(); ++k)
    optimal[k] = std::abs(best_reward - expected_reward[k]) < tolerance ? 1 : 0;
  // Copied into the existing buffers (same size on a redraw), so spans handed out
  // earlier (CausalProblem::true_parents) keep pointing at the current parents.
  for (std::size_t mode = 0; mode < 2; ++mode) {
    const std::vector<unsigned char> fresh = parent_indicators(weights.of_mode(mode));
    parents[mode].resize(fresh.size());
    std::copy(fresh.begin(), fresh.end(), parents[mode].begin());
  }
  return true;
}

}  // namespace banditsim::causal
