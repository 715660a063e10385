/// @file agents/linear_query/all.hpp
/// The built-in agents of the linear_query family. Adding an agent = include its header
/// and add it to AnyQueryAgent; registry, `list`, `describe`, validation and the
/// conformance tests pick it up from here.
#pragma once

#include <variant>

#include "agents/linear_query/exhaustive.hpp"
#include "agents/linear_query/g_optimal_ls.hpp"
#include "agents/linear_query/lasso_etc.hpp"
#include "agents/linear_query/lin_ucb_reference.hpp"
#include "agents/linear_query/sparse_net_enum.hpp"
#include "sim/core/variant_factory.hpp"

namespace banditsim::linear_query {

using AnyQueryAgent =
    std::variant<SparseNetEnum, GOptimalLs, Exhaustive, LassoEtc, LinUcbReference>;
using QueryAgentFactory = VariantFactory<AnyQueryAgent>;

}  // namespace banditsim::linear_query
