/// @file envs/continual/all.hpp
/// The built-in environments (streams) of the continual family.
#pragma once

#include <variant>

#include "envs/continual/streams.hpp"
#include "sim/core/variant_factory.hpp"

namespace banditsim::continual {

using AnyStream = std::variant<BernoulliStreams, SwitchingStreams, TableStreams>;
using StreamFactory = VariantFactory<AnyStream>;

}  // namespace banditsim::continual
