/// @file agents/bandit/all.hpp
/// The built-in agents of the bandit family. Adding an agent = include its
/// header and add it to AnyBanditAgent; registry, `list`, `describe`, validation
/// and the conformance tests pick it up from here.
#pragma once

#include <variant>

#include "agents/bandit/dp_ucb.hpp"
#include "agents/bandit/epsilon_greedy.hpp"
#include "agents/bandit/kl_ucb.hpp"
#include "agents/bandit/lin_ucb.hpp"
#include "agents/bandit/round_robin.hpp"
#include "agents/bandit/sequential_halving.hpp"
#include "agents/bandit/successive_rejects.hpp"
#include "agents/bandit/thompson_bernoulli.hpp"
#include "agents/bandit/thompson_gaussian.hpp"
#include "agents/bandit/ucb1.hpp"
#include "sim/core/variant_factory.hpp"

namespace banditsim::bandit {

using AnyBanditAgent =
    std::variant<Ucb1, RoundRobin, EpsilonGreedy, KlUcb, ThompsonBernoulli, ThompsonGaussian,
                 SuccessiveRejects, SequentialHalving, LinUcb, DpUcb>;
using BanditAgentFactory = VariantFactory<AnyBanditAgent>;

}  // namespace banditsim::bandit
