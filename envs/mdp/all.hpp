/// @file envs/mdp/all.hpp
/// The built-in environments of the mdp family (see envs/bandit/all.hpp).
/// Adding an environment = include its header and add it to AnyMdpEnvironment.
#pragma once

#include <variant>

#include "envs/mdp/baird.hpp"
#include "envs/mdp/dial_chain.hpp"
#include "envs/mdp/finite_mdp.hpp"
#include "envs/mdp/kolter_chain.hpp"
#include "envs/mdp/random_mdp.hpp"
#include "envs/mdp/tsitsiklis_van_roy.hpp"
#include "envs/mdp/w2w_fragment.hpp"
#include "sim/core/variant_factory.hpp"

namespace banditsim::mdp {

using AnyMdpEnvironment = std::variant<FiniteMdp, Baird, W2wFragment, TsitsiklisVanRoy, KolterChain,
                                       DialChain, RandomMdp>;
using MdpEnvironmentFactory = VariantFactory<AnyMdpEnvironment>;

}  // namespace banditsim::mdp
