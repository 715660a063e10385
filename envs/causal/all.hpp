/// @file envs/causal/all.hpp
/// The built-in environments of the causal family (see envs/bandit/all.hpp).
/// Adding an environment = include its header and add it to AnyCausalEnvironment.
#pragma once

#include <variant>

#include "envs/causal/linear_sem.hpp"
#include "sim/core/variant_factory.hpp"

namespace banditsim::causal {

using AnyCausalEnvironment = std::variant<LinearSem>;
using CausalEnvironmentFactory = VariantFactory<AnyCausalEnvironment>;

}  // namespace banditsim::causal
