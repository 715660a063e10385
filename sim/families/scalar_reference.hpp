/// @file sim/families/scalar_reference.hpp
/// The two shapes of reference value most families write (reference_value.hpp): one
/// number per cell, and one number per agent of the cell, without extra dimensions.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "sim/families/reference_value.hpp"

namespace banditsim {

/// One value for the whole cell (a complexity term, an exact maximum).
inline ReferenceValue cell_value(std::string name, std::string long_name, std::string units,
                                 std::string description, ReferenceSource source, double value) {
  return {std::move(name),
          std::move(long_name),
          std::move(units),
          std::move(description),
          source,
          false,
          {},
          {value}};
}

/// One value per agent of the cell, in cell order (an agent's epsilon, its bound).
inline ReferenceValue agent_value(std::string name, std::string long_name, std::string units,
                                  std::string description, ReferenceSource source,
                                  std::vector<double> values) {
  return {std::move(name),
          std::move(long_name),
          std::move(units),
          std::move(description),
          source,
          true,
          {},
          std::move(values)};
}

}  // namespace banditsim
