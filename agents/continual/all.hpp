/// @file agents/continual/all.hpp
/// The built-in agents (mechanisms) of the continual family.
#pragma once

#include <variant>

#include "agents/continual/batch_max.hpp"
#include "agents/continual/svt_max.hpp"
#include "agents/continual/tree_max.hpp"
#include "sim/core/variant_factory.hpp"

namespace banditsim::continual {

using AnyContinualAgent = std::variant<TreeMax, SvtMax, BatchMax, ExactMax>;
using ContinualAgentFactory = VariantFactory<AnyContinualAgent>;

}  // namespace banditsim::continual
