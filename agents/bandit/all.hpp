/// @file agents/bandit/all.hpp
/// The built-in agents of the bandit family. Adding an agent = include its
/// header and add it to AnyBanditAgent; registry, `list`, `describe`, validation
/// and the conformance tests pick it up from here.
#pragma once

#include <variant>

#include "agents/bandit/ucb1.hpp"
#include "sim/variant_factory.hpp"

namespace banditsim::bandit {

using AnyBanditAgent = std::variant<Ucb1>;
using BanditAgentFactory = VariantFactory<AnyBanditAgent>;

}  // namespace banditsim::bandit
