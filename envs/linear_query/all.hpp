/// @file envs/linear_query/all.hpp
/// The built-in environments of the linear_query family.
#pragma once

#include <variant>

#include "envs/linear_query/misspecified_linear.hpp"
#include "sim/core/variant_factory.hpp"

namespace banditsim::linear_query {

using AnyQueryEnvironment = std::variant<MisspecifiedLinear>;
using QueryEnvironmentFactory = VariantFactory<AnyQueryEnvironment>;

}  // namespace banditsim::linear_query
