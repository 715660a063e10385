/// @file envs/dp_bai/all.hpp
/// The built-in environments of the dp_bai family.
#pragma once

#include <variant>

#include "envs/dp_bai/bai_linear.hpp"
#include "envs/dp_bai/reward_table.hpp"
#include "sim/core/variant_factory.hpp"

namespace banditsim::dp_bai {

using AnyBaiEnvironment = std::variant<BaiLinear, RewardTable>;
using BaiEnvironmentFactory = VariantFactory<AnyBaiEnvironment>;

}  // namespace banditsim::dp_bai
