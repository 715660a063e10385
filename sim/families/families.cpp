#include "sim/families/families.hpp"

namespace banditsim {

ComponentLookup find_component(std::span<const Family* const> families, std::string_view name,
                               ComponentRole role) {
  for (const Family* family : families) {
    const auto list = role == ComponentRole::kAgent ? family->agents() : family->environments();
    for (const auto& info : list)
      if (info.name == name) return {family, &info};
  }
  return {};
}

}  // namespace banditsim
