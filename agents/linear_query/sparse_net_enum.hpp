/// @file agents/linear_query/sparse_net_enum.hpp
/// SparseNet-Enum (spec B.4.1, [reconstructed]: the paper's algorithm box could not be
/// read; this standard covering construction provably attains its O((d/epsilon)^s) query
/// count): for every support S of size s and every direction u of an epsilon'-net of the
/// sphere S^{s-1} (epsilon' = epsilon / B_theta), the action maximising <phi(a)_S, u> is a
/// candidate; query the candidates (n0 times each with noise) and return the best.
/// Guarantee [derived, B.4.1]: noiseless gap <= 2 epsilon + 2 epsilon' ||theta*|| <= 4 epsilon,
/// 5 epsilon w.p. >= 1 - p with noise; |Cand| <= C(d, s) |Net|.
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include "agents/linear_query/candidate_race.hpp"
#include "agents/linear_query/direction_net.hpp"
#include "agents/linear_query/sparse_candidates.hpp"
#include "sim/core/check.hpp"
#include "sim/core/component.hpp"
#include "sim/families/linear_query/concepts.hpp"

namespace banditsim::linear_query {

class SparseNetEnum {
 public:
  struct Config {
    double failure_probability = 0.05;
    static Config from(const ParamMap& params) {
      return {.failure_probability = params.real("failure_probability")};
    }
  };

  static ComponentInfo info() {
    return {.name = "sparse_net_enum",
            .family = "linear_query",
            .role = ComponentRole::kAgent,
            .summary =
                "Support enumeration with a direction net: O(epsilon)-optimal with "
                "O((d/epsilon)^s) distinct queries",
            .reference =
                "Dong, Yang (2023), Does Sparsity Help in Learning Misspecified Linear "
                "Bandits?, ICML 2023 (the claimed bound); the algorithm: "
                "../shared/specs/papers-causal-sparse.md B.4.1 [reconstructed]",
            .fidelity = Fidelity::kReconstruction,
            .notes =
                "Reconstructed (the paper's algorithm box could not be read): Cand = "
                "{argmax_a <phi(a)_S, u> : |S| = s, u in Net}, Net the cube-surface grid "
                "of S^{s-1} with covering radius epsilon' = epsilon/B_theta, m = "
                "ceil(sqrt(s-1)/epsilon') (our design, B.4.1), both signs; ties to the "
                "smallest index; scores in blocked products Phi[:, S] Net^T (B.8). Then "
                "n0 = 1 noiseless, else ceil(8 sigma^2 ln(2|Cand|/p) / epsilon^2) pulls per "
                "candidate, recommend the best mean. Needs an enumerable action set and "
                "budget >= min(C(d, s) |Net|, K) n0 (so that every instance fits; else "
                "a ConfigError naming budget). The net and, on a fixed action set, the "
                "candidates are computed once and kept across replications.",
            .params = {real_param("failure_probability", 0.05, Range::open(0.0, 1.0),
                                  "p: the noisy guarantee holds with probability >= 1 - p")}};
  }

  explicit SparseNetEnum(const Config& config) : config_(config) {}

  void reset(const QueryProblem& problem) {
    const ActionSet& actions = *problem.actions;
    if (!actions.enumerable())
      throw ConfigError("sparse_net_enum", "",
                        "scans every action for each support and direction, and the action set "
                        "(2^" +
                            std::to_string(actions.dim()) + " actions) cannot be listed");
    const double radius = problem.epsilon / problem.theta_bound;
    if (net_.n_rows == 0 || radius != net_radius_ || problem.sparsity != net_sparsity_) {
      net_ = direction_net(problem.sparsity, radius);
      net_radius_ = radius;
      net_sparsity_ = problem.sparsity;
      actions_ = nullptr;
    }
    bound_ = candidate_bound(problem.dim, problem.sparsity, net_.n_rows);
    // |Cand| <= min(C(d, s) |Net|, K): the budget must cover that many candidates.
    const double most = std::min(bound_, static_cast<double>(actions.size()));
    const std::int64_t most_pulls =
        pulls_per_candidate(problem.noise_sd, problem.epsilon, most, config_.failure_probability);
    if (most * static_cast<double>(most_pulls) > static_cast<double>(problem.budget))
      throw ConfigError("sparse_net_enum", "budget",
                        "may need min(C(d, s) |Net|, K) n0 = " + format_count(most) + " x " +
                            std::to_string(most_pulls) +
                            " pulls, more than budget = " + std::to_string(problem.budget));
    if (actions_ != &actions || generation_ != problem.action_set_generation) {
      finder_.find(actions.features(), problem.sparsity, net_, candidates_);
      actions_ = &actions;
      generation_ = problem.action_set_generation;
    }
    race_.start(candidates_, pulls_per_candidate(problem.noise_sd, problem.epsilon,
                                                 static_cast<double>(candidates_.size()),
                                                 config_.failure_probability));
  }

  Query next_query(AgentStreams& /*streams*/) const { return race_.next_query(); }
  void observe(const Query& /*query*/, double sum) { race_.observe(sum); }
  Action recommend() const { return {.index = race_.best()}; }
  std::span<const double> estimate() const { return {}; }

  /// C(d, s) |Net| for the last problem (a reference value of the cell).
  double candidate_bound_value() const { return bound_; }
  std::size_t net_size() const { return net_.n_rows; }

 private:
  static std::string format_count(double x) { return std::to_string(static_cast<long long>(x)); }

  Config config_;
  arma::mat net_;
  double net_radius_ = 0.0;
  std::size_t net_sparsity_ = 0;
  double bound_ = 0.0;
  const ActionSet* actions_ = nullptr;
  std::uint64_t generation_ = 0;
  SparseCandidateFinder finder_;
  std::vector<std::uint64_t> candidates_;
  CandidateRace race_;
};

}  // namespace banditsim::linear_query
