/// @file envs/dp_bai/reward_table.hpp
/// A fixed reward table: the n-th pull of arm i pays table[i][n] (the per-arm
/// indexing x_{i,n} of the DP-BAI spec §1.1, under which DP-BAI's privacy holds
/// just as under x_{t,k}). Two tables that differ in one entry are neighbours, so
/// this environment is what privacy audits run agents on (spec 3, "Reward table
/// environment"; T1, T2). Deterministic: no stream is used.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "envs/dp_bai/linear_instance.hpp"
#include "sim/core/check.hpp"
#include "sim/core/component.hpp"
#include "sim/core/rng.hpp"
#include "sim/families/dp_bai/problem.hpp"

namespace banditsim::dp_bai {

class RewardTable {
 public:
  struct Config {
    InstanceConfig instance;
    RealMatrix table;

    static Config from(const ParamMap& params) {
      return {.instance = InstanceConfig::from(params), .table = params.real_matrix("table")};
    }
  };

  static ComponentInfo info() {
    std::vector<ParamSpec> params = instance_params();
    params.push_back(real_matrix_param(
        "table", std::nullopt, Range::closed(0.0, 1.0),
        "the rewards, one row per arm: the n-th pull of arm i pays table[i][n]; every row "
        "needs at least `budget` entries"));
    return {.name = "reward_table",
            .family = "dp_bai",
            .role = ComponentRole::kEnvironment,
            .summary = "Fixed reward table x[i][n] (the n-th pull of arm i) for privacy audits",
            .reference =
                "Chen, Karthik, Chee, Tan (2024), ICLR 2024: neighbouring reward "
                "tables (privacy definition, spec §1.1)",
            .fidelity = Fidelity::kOurs,
            .notes =
                "The neighbour relation (tables differing in one entry) is the paper's; "
                "the per-arm indexing x_{i,n} is one of the two equivalent readings (spec "
                "§1.1). The arms' features come from the instance keys; the mean of arm i "
                "(which decides the best arm for the error metric) is <a_i, theta>, as in "
                "bai_linear.",
            .params = std::move(params)};
  }

  explicit RewardTable(const Config& config)
      : instance_(make_instance(config.instance, "reward_table")) {
    if (config.table.size() != instance_.num_arms)
      throw ConfigError("reward_table", "table",
                        "the table has " + std::to_string(config.table.size()) +
                            " rows, the instance has " + std::to_string(instance_.num_arms) +
                            " arms");
    columns_ = config.table.front().size();
    for (std::size_t a = 0; a < config.table.size(); ++a) {
      if (config.table[a].size() != columns_)
        throw ConfigError("reward_table", "table",
                          "row " + std::to_string(a) + " has " +
                              std::to_string(config.table[a].size()) + " entries, row 0 has " +
                              std::to_string(columns_));
      table_.insert(table_.end(), config.table[a].begin(), config.table[a].end());
    }
    next_.assign(instance_.num_arms, 0);
  }

  void draw_instance(Rng& /*rng*/) {}
  void start_rewards(std::uint64_t /*seed*/) { std::fill(next_.begin(), next_.end(), 0); }

  double pull_sum(std::size_t arm, std::int64_t count) {
    const auto n = static_cast<std::size_t>(count);
    BANDITSIM_CHECK(next_[arm] + n <= columns_, "reward_table: a row ran out (checked at prepare)");
    const double* row = table_.data() + arm * columns_ + next_[arm];
    double sum = 0.0;
    for (std::size_t i = 0; i < n; ++i) sum += row[i];
    next_[arm] += n;
    return sum;
  }

  /// Entries per row: the most pulls any arm can get.
  std::size_t columns() const { return columns_; }
  std::size_t num_arms() const { return instance_.num_arms; }
  double mean(std::size_t arm) const { return instance_.means[arm]; }
  BaiProblem problem() const {
    return {.num_arms = instance_.num_arms,
            .dim = instance_.dim,
            .features = instance_.features,
            .reward_min = 0.0,
            .reward_max = 1.0};
  }

 private:
  LinearInstance instance_;
  std::vector<double> table_;  ///< Row-major K x columns_.
  std::size_t columns_ = 0;
  std::vector<std::size_t> next_;  ///< Next entry of each row.
};

}  // namespace banditsim::dp_bai
