#include "sim/component.hpp"

namespace banditsim {

std::string_view role_name(ComponentRole role) {
  return role == ComponentRole::kAgent ? "agent" : "environment";
}

std::string_view fidelity_name(Fidelity fidelity) {
  switch (fidelity) {
    case Fidelity::kPaper:
      return "as published";
    case Fidelity::kReconstruction:
      return "reconstruction (parts not in the available text)";
    case Fidelity::kOurs:
      return "our design (not from a paper)";
  }
  return "?";
}

const ParamSpec* ComponentInfo::find(std::string_view param) const {
  for (const auto& spec : params)
    if (spec.name == param) return &spec;
  return nullptr;
}

std::vector<std::string> ComponentInfo::param_names() const {
  std::vector<std::string> names;
  for (const auto& spec : params) names.push_back(spec.name);
  return names;
}

}  // namespace banditsim
