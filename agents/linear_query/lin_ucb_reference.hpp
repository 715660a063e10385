/// @file agents/linear_query/lin_ucb_reference.hpp
/// The bandit family's OFUL/LinUCB (agents/bandit/lin_ucb.hpp, unchanged) run on a
/// linear_query problem for reference: a regret minimiser spending the whole budget one pull
/// at a time, then recommending argmax_a <phi(a), theta_hat> (its ridge estimate). It knows
/// neither s nor epsilon, so it shows what a standard linear bandit does under
/// misspecification. Its parameters are lin_ucb's.
#pragma once

#include <string>
#include <vector>

#include "agents/bandit/lin_ucb.hpp"
#include "sim/core/check.hpp"
#include "sim/core/component.hpp"
#include "sim/families/linear_query/concepts.hpp"

namespace banditsim::linear_query {

class LinUcbReference {
 public:
  using Config = bandit::LinUcb::Config;

  static ComponentInfo info() {
    ComponentInfo info = bandit::LinUcb::info();
    info.name = "lin_ucb_reference";
    info.family = "linear_query";
    info.summary =
        "The bandit family's lin_ucb (OFUL) spending the budget, then recommending "
        "argmax <phi(a), theta_hat>";
    info.notes =
        "bandit::LinUcb unchanged (see `describe lin_ucb`), one pull per step for the "
        "whole budget; recommends the action with the largest ridge estimate "
        "<phi(a), theta_hat> (smallest index on ties). Ignores s and epsilon. Needs an "
        "enumerable action set; a step costs O(K d + d^2). " +
        info.notes;
    return info;
  }

  explicit LinUcbReference(const Config& config) : agent_(config) {}

  void reset(const QueryProblem& problem) {
    const ActionSet& actions = *problem.actions;
    if (!actions.enumerable())
      throw ConfigError("lin_ucb_reference", "",
                        "scores every action each step, and the action set (2^" +
                            std::to_string(actions.dim()) + " actions) cannot be listed");
    const arma::mat& phi = actions.features();
    features_.resize(phi.n_elem);
    for (std::size_t a = 0; a < phi.n_rows; ++a)
      for (std::size_t j = 0; j < phi.n_cols; ++j) features_[a * phi.n_cols + j] = phi(a, j);
    agent_.reset({.num_arms = phi.n_rows,
                  .dim = phi.n_cols,
                  .features = features_,
                  .horizon = problem.budget});
    remaining_ = problem.budget;
  }

  Query next_query(AgentStreams& streams) const {
    if (remaining_ == 0) return {};
    return {.action = {.index = agent_.select(streams.sampling)}, .count = 1};
  }
  void observe(const Query& query, double sum) {
    agent_.observe(query.action.index, sum);
    --remaining_;
  }
  Action recommend() const { return {.index = agent_.recommend()}; }
  std::span<const double> estimate() const { return agent_.theta(); }

 private:
  bandit::LinUcb agent_;
  std::vector<double> features_;
  std::int64_t remaining_ = 0;
};

}  // namespace banditsim::linear_query
