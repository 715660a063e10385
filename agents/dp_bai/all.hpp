/// @file agents/dp_bai/all.hpp
/// The built-in agents of the dp_bai family. Adding an agent = include its header
/// and add it to AnyBaiAgent; registry, `list`, `describe`, validation and the
/// conformance tests pick it up from here.
#pragma once

#include <variant>

#include "agents/dp_bai/dp_bai.hpp"
#include "agents/dp_bai/od_linbai.hpp"
#include "sim/core/variant_factory.hpp"

namespace banditsim::dp_bai {

using AnyBaiAgent = std::variant<DpBai, OdLinBai, DpOd, DpSh>;
using BaiAgentFactory = VariantFactory<AnyBaiAgent>;

}  // namespace banditsim::dp_bai
