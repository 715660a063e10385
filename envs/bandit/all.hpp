/// @file envs/bandit/all.hpp
/// The built-in environments of the bandit family (see agents/bandit/all.hpp).
#pragma once

#include <variant>

#include "envs/bandit/bernoulli_arms.hpp"
#include "sim/variant_factory.hpp"

namespace banditsim::bandit {

using AnyBanditEnvironment = std::variant<BernoulliArms>;
using BanditEnvironmentFactory = VariantFactory<AnyBanditEnvironment>;

}  // namespace banditsim::bandit
