/// @file envs/bandit/all.hpp
/// The built-in environments of the bandit family (see agents/bandit/all.hpp).
/// Adding an environment = include its header and add it to AnyBanditEnvironment;
/// the registry, `list`, `describe` and the conformance battery
/// (tests/conformance/test_environment_conformance.cpp, which needs an example
/// configuration for every alternative) pick it up from here.
#pragma once

#include <variant>

#include "envs/bandit/bernoulli_arms.hpp"
#include "envs/bandit/beta_arms.hpp"
#include "envs/bandit/gaussian_arms.hpp"
#include "envs/bandit/linear_arms.hpp"
#include "envs/bandit/reward_table.hpp"
#include "sim/core/variant_factory.hpp"

namespace banditsim::bandit {

using AnyBanditEnvironment =
    std::variant<BernoulliArms, GaussianArms, BetaArms, LinearArms, RewardTable>;
using BanditEnvironmentFactory = VariantFactory<AnyBanditEnvironment>;

}  // namespace banditsim::bandit
