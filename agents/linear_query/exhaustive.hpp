/// @file agents/linear_query/exhaustive.hpp
/// Exhaustive search (spec B.4.3): query every action n0 times and return the best empirical
/// mean. Exactly optimal noiseless, epsilon-optimal w.p. >= 1 - p with noise, at the cost of
/// K distinct actions: exp(Theta(d)) on hard sets, Du et al.'s lower bound. The "non-sparse
/// approach" whose query count SparseNet-Enum is compared with.
#pragma once

#include <numeric>
#include <string>
#include <vector>

#include "agents/linear_query/candidate_race.hpp"
#include "sim/core/check.hpp"
#include "sim/core/component.hpp"
#include "sim/families/linear_query/concepts.hpp"

namespace banditsim::linear_query {

class Exhaustive {
 public:
  struct Config {
    double failure_probability = 0.05;
    static Config from(const ParamMap& params) {
      return {.failure_probability = params.real("failure_probability")};
    }
  };

  static ComponentInfo info() {
    return {.name = "exhaustive",
            .family = "linear_query",
            .role = ComponentRole::kAgent,
            .summary = "Query every action (n0 times with noise), recommend the best mean",
            .reference =
                "Spec ../shared/specs/papers-causal-sparse.md B.4.3 (the baseline "
                "without sparsity; Du, Kakade, Wang, Yang 2020 show exp(d) queries are "
                "needed for O(epsilon) in general)",
            .fidelity = Fidelity::kPaper,
            .notes =
                "n0 = 1 noiseless, else ceil(8 sigma^2 ln(2K/p) / epsilon^2) pulls per "
                "action (every mean within epsilon/2 w.p. >= 1 - p). Needs an enumerable "
                "action set and budget >= K n0 (else a ConfigError naming budget). Ties go "
                "to the smallest index.",
            .params = {real_param("failure_probability", 0.05, Range::open(0.0, 1.0),
                                  "p: the guarantee holds with probability >= 1 - p")}};
  }

  explicit Exhaustive(const Config& config) : config_(config) {}

  void reset(const QueryProblem& problem) {
    const ActionSet& actions = *problem.actions;
    if (!actions.enumerable())
      throw ConfigError("exhaustive", "",
                        "queries every action, and the action set (2^" +
                            std::to_string(actions.dim()) + " actions) cannot be listed");
    const double k = static_cast<double>(actions.size());
    const std::int64_t pulls =
        pulls_per_candidate(problem.noise_sd, problem.epsilon, k, config_.failure_probability);
    if (k * static_cast<double>(pulls) > static_cast<double>(problem.budget))
      throw ConfigError("exhaustive", "budget",
                        "needs K n0 = " + std::to_string(actions.size()) + " x " +
                            std::to_string(pulls) +
                            " pulls, more than budget = " + std::to_string(problem.budget));
    if (order_.size() != actions.size()) {
      order_.resize(actions.size());
      std::iota(order_.begin(), order_.end(), std::uint64_t{0});
    }
    race_.start(order_, pulls);
  }

  Query next_query(AgentStreams& /*streams*/) const { return race_.next_query(); }
  void observe(const Query& /*query*/, double sum) { race_.observe(sum); }
  Action recommend() const { return {.index = race_.best()}; }
  std::span<const double> estimate() const { return {}; }

 private:
  Config config_;
  std::vector<std::uint64_t> order_;
  CandidateRace race_;
};

}  // namespace banditsim::linear_query
