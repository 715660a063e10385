/// @file envs/bandit/reward_table.hpp
/// A fixed reward table for the bandit family: the n-th pull of arm i pays table[i][n],
/// whichever agent pulls it and in whatever order (the per-arm indexing x_{i,n} of the
/// dp_bai reward table, envs/dp_bai/reward_table.hpp, same semantics). Two tables that
/// differ in one entry are neighbouring inputs, so this is the environment the privacy
/// audit runs dp_ucb on (spec papers-dp.md §3, "Reward table environment").
///
/// Deterministic: no random stream is used; start_rewards() rewinds every row. Every row
/// needs at least T entries (the family checks it when it prepares a cell), so no agent
/// can run past the end of a row.
///
/// Means (for regret and the best arm; our choice): the given `means` if any, else the
/// mean of each row over all its entries. Rewards lie in [0, 1].
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "sim/core/check.hpp"
#include "sim/core/component.hpp"
#include "sim/core/rng.hpp"
#include "sim/families/bandit/problem.hpp"

namespace banditsim::bandit {

class RewardTable {
 public:
  struct Config {
    RealMatrix table;
    RealList means;  ///< Empty: the row means.
    static Config from(const ParamMap& params) {
      return {.table = params.real_matrix("table"), .means = params.real_list("means")};
    }
  };

  static ComponentInfo info() {
    return {.name = "bandit_reward_table",
            .family = "bandit",
            .role = ComponentRole::kEnvironment,
            .summary = "Fixed reward table x[i][n] (the n-th pull of arm i) for privacy audits",
            .reference =
                "Neighbouring reward tables of the DP bandit literature (Mishra & Thakurta "
                "2015; spec papers-dp.md §3, reward table environment)",
            .fidelity = Fidelity::kOurs,
            .notes =
                "The n-th pull of arm i pays table[i][n] whatever the order of pulls (the "
                "per-arm indexing, as the dp_bai reward_table). Deterministic: the seed is "
                "ignored. Every row needs at least `horizon` entries. Means for regret: "
                "`means` if given, else the row means (ours).",
            .params = {with_origin(real_matrix_param("table", std::nullopt, Range::closed(0.0, 1.0),
                                                     "the rewards, one row per arm: the n-th "
                                                     "pull of arm i pays table[i][n]; every row "
                                                     "needs at least `horizon` entries"),
                                   ParamOrigin::kOurs),
                       with_origin(real_list_param("means", RealList{}, Range::closed(0.0, 1.0), 0,
                                                   "the arm means for regret and the best arm, "
                                                   "one per row; empty (default): the row means"),
                                   ParamOrigin::kOurs)}};
  }

  explicit RewardTable(const Config& config) {
    if (config.table.empty() || config.table.front().empty())
      throw ConfigError("bandit_reward_table", "table", "needs at least one row with one entry");
    const std::size_t arms = config.table.size();
    columns_ = config.table.front().size();
    for (std::size_t a = 0; a < arms; ++a) {
      if (config.table[a].size() != columns_)
        throw ConfigError("bandit_reward_table", "table",
                          "row " + std::to_string(a) + " has " +
                              std::to_string(config.table[a].size()) + " entries, row 0 has " +
                              std::to_string(columns_));
      table_.insert(table_.end(), config.table[a].begin(), config.table[a].end());
    }
    if (config.means.empty()) {
      means_.resize(arms);
      for (std::size_t a = 0; a < arms; ++a) {
        double sum = 0.0;
        for (double x : config.table[a]) sum += x;
        means_[a] = sum / static_cast<double>(columns_);
      }
    } else {
      if (config.means.size() != arms)
        throw ConfigError("bandit_reward_table", "means",
                          "has " + std::to_string(config.means.size()) + " entries, the table " +
                              std::to_string(arms) + " rows");
      means_ = config.means;
    }
    next_.assign(arms, 0);
  }

  void draw_instance(Rng& /*rng*/) {}  // fixed by the configuration
  void start_rewards(std::uint64_t /*seed*/) { std::fill(next_.begin(), next_.end(), 0); }
  double pull(std::size_t arm) {
    BANDITSIM_CHECK(next_[arm] < columns_,
                    "bandit_reward_table: a row ran out (checked at prepare)");
    return table_[arm * columns_ + next_[arm]++];
  }

  /// Entries per row: the most pulls any arm can get.
  std::size_t columns() const { return columns_; }
  std::size_t num_arms() const { return means_.size(); }
  double mean(std::size_t arm) const { return means_[arm]; }
  /// Entry n of row `arm` (the table as configured).
  double entry(std::size_t arm, std::size_t n) const { return table_[arm * columns_ + n]; }
  BanditProblem problem() const {
    return {.num_arms = means_.size(), .reward_min = 0.0, .reward_max = 1.0};
  }

 private:
  std::vector<double> table_;  ///< Row-major K x columns_.
  std::size_t columns_ = 0;
  std::vector<double> means_;
  std::vector<std::size_t> next_;  ///< Next entry of each row.
};

}  // namespace banditsim::bandit
