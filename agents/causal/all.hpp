/// @file agents/causal/all.hpp
/// The built-in agents of the causal family. Adding an agent = include its header
/// and add it to AnyCausalAgent; the registry, `list`, `describe`, validation and
/// the conformance battery pick it up from here.
#pragma once

#include <variant>

#include "agents/causal/csl_ucb.hpp"
#include "agents/causal/golem_mab.hpp"
#include "agents/causal/linsem_ts.hpp"
#include "agents/causal/linsem_ucb.hpp"
#include "agents/causal/vanilla_ucb.hpp"
#include "sim/core/variant_factory.hpp"

namespace banditsim::causal {

using AnyCausalAgent = std::variant<CslUcb, VanillaUcb, LinSemTs, LinSemUcb, GolemMab>;
using CausalAgentFactory = VariantFactory<AnyCausalAgent>;

}  // namespace banditsim::causal
