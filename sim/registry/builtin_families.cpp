// The explicit list of built-in families (sim/families/families.hpp). It lives beside the
// families because the engine library (banditsim_core) must not depend on them.
#include "sim/families/families.hpp"
#include "sim/registry/bandit_family.hpp"
#include "sim/registry/causal_family.hpp"
#include "sim/registry/continual_family.hpp"
#include "sim/registry/dp_bai_family.hpp"
#include "sim/registry/linear_query_family.hpp"
#include "sim/registry/mdp_family.hpp"

namespace banditsim {

std::span<const Family* const> builtin_families() {
  static const bandit::BanditFamily bandit_family;
  static const causal::CausalFamily causal_family;
  static const mdp::MdpFamily mdp_family;
  static const dp_bai::DpBaiFamily dp_bai_family;
  static const continual::ContinualFamily continual_family;
  static const linear_query::LinearQueryFamily linear_query_family;
  static const Family* const families[] = {&bandit_family, &causal_family,    &mdp_family,
                                           &dp_bai_family, &continual_family, &linear_query_family};
  return families;
}

}  // namespace banditsim
