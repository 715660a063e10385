// The explicit list of built-in families (sim/families.hpp). It lives beside the
// families because the engine library (banditsim_core) must not depend on them.
#include "sim/bandit/bandit_family.hpp"
#include "sim/families.hpp"

namespace banditsim {

std::span<const Family* const> builtin_families() {
  static const bandit::BanditFamily bandit_family;
  static const Family* const families[] = {&bandit_family};
  return families;
}

}  // namespace banditsim
