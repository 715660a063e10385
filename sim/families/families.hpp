/// @file sim/families/families.hpp
/// The list of built-in problem families, and lookups across all of them.
/// Registration is an explicit list (no static self-registration), so plain
/// static libraries work and the list reads in one place.
#pragma once

#include <span>
#include <string_view>

#include "sim/families/family.hpp"

namespace banditsim {

/// Every built-in family, in the order `banditsim list` shows them.
std::span<const Family* const> builtin_families();

/// Where a component was found.
struct ComponentLookup {
  const Family* family = nullptr;
  const ComponentInfo* info = nullptr;
};

/// Finds an agent or environment by registry name in `families` (either role).
ComponentLookup find_component(std::span<const Family* const> families, std::string_view name,
                               ComponentRole role);

}  // namespace banditsim
