/// @file agents/mdp/all.hpp
/// The built-in agents of the mdp family (off-policy policy evaluation with linear
/// features; spec ../shared/specs/papers-offpolicy.md). Adding an agent = include its
/// header and add it to AnyMdpAgent; the registry, `list`, `describe`, validation and
/// the conformance battery pick it up from here.
#pragma once

#include <variant>

#include "agents/mdp/etd.hpp"
#include "agents/mdp/finite_class_minimax.hpp"
#include "agents/mdp/fqe.hpp"
#include "agents/mdp/gradient_td.hpp"
#include "agents/mdp/linear_minimax.hpp"
#include "agents/mdp/lstd.hpp"
#include "agents/mdp/on_policy_td0.hpp"
#include "agents/mdp/td0.hpp"
#include "agents/mdp/td_lambda.hpp"
#include "sim/core/variant_factory.hpp"
#include "sim/families/mdp/concepts.hpp"

namespace banditsim::mdp {

using AnyMdpAgent = std::variant<Td0, OnPolicyTd0, TdLambda, Lstd, Fqe, LinearMinimax,
                                 FiniteClassMinimax, Gtd2, Tdc, Etd>;
using MdpAgentFactory = VariantFactory<AnyMdpAgent>;

static_assert(MdpAgent<Td0> && MdpAgent<OnPolicyTd0> && MdpAgent<TdLambda> && MdpAgent<Lstd> &&
              MdpAgent<Fqe> && MdpAgent<LinearMinimax> && MdpAgent<FiniteClassMinimax> &&
              MdpAgent<Gtd2> && MdpAgent<Tdc> && MdpAgent<Etd>);

}  // namespace banditsim::mdp
