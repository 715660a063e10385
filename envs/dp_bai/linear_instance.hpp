/// @file envs/dp_bai/linear_instance.hpp
/// The arm features, parameter and means of a dp_bai linear instance: the test
/// instances A, B, C of the DP-BAI spec (../shared/specs/papers-dp.md §1.8.3,
/// ours: the paper's own instance was not retrievable), arms given explicitly,
/// or arms generated uniformly in the unit cube. Shared by the environments of
/// the family (bai_linear, reward_table).
///
/// DP-BAI's model needs every reward in [0, 1] (spec 1.1), so every mean
/// <a_i, theta> must lie in [0, 1]: an instance whose means leave it is a
/// ConfigError naming the arm and the key (spec P10).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "sim/core/params.hpp"

namespace banditsim::dp_bai {

struct LinearInstance {
  std::size_t num_arms = 0;
  std::size_t dim = 0;
  std::vector<double> features;  ///< Row-major K x d.
  std::vector<double> theta;     ///< d values.
  std::vector<double> means;     ///< <a_i, theta>, K values, each in [0, 1].
};

/// Which instance `instance` names ("custom", "A", "B", "C", "uniform") and its keys.
struct InstanceConfig {
  std::string instance = "custom";
  RealMatrix arms;            ///< custom: one row per arm.
  RealList theta;             ///< custom (required), uniform (empty: Dirichlet(1)).
  std::int64_t num_arms = 0;  ///< uniform: K.
  std::int64_t dim = 0;       ///< uniform: d.
  std::int64_t instance_seed = 0;

  static InstanceConfig from(const ParamMap& params);
};

/// The parameters of InstanceConfig, for a component's ParamSpec list.
std::vector<ParamSpec> instance_params();

/// Builds the instance; throws ConfigError(component, key, ...) on bad input.
LinearInstance make_instance(const InstanceConfig& config, const std::string& component);

}  // namespace banditsim::dp_bai
