#include "sim/core/component.hpp"

#include "sim/core/suggest.hpp"

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

std::string_view metric_kind_name(MetricKind kind) {
  switch (kind) {
    case MetricKind::kCurve:
      return "curve";
    case MetricKind::kFinal:
      return "final";
    case MetricKind::kCategorical:
      return "categorical";
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

std::string unknown_param_message(const ComponentInfo& info, std::string_view name) {
  return "unknown parameter of " + std::string(role_name(info.role)) + " '" + info.name + "'" +
         suggestion_suffix(name, info.param_names());
}

ParamMap complete_params(const ComponentInfo& info, const ParamMap& given,
                         std::vector<ParamProblem>& problems) {
  ParamMap full;
  for (const auto& [name, value] : given.values()) {
    const ParamSpec* spec = info.find(name);
    if (!spec) {
      problems.push_back({ParamProblem::Kind::kUnknown, name, unknown_param_message(info, name)});
    } else if (type_of(value) != spec->type) {
      problems.push_back({ParamProblem::Kind::kWrongType, name,
                          "expected " + std::string(type_name(spec->type)) + ", got " +
                              std::string(type_name(type_of(value)))});
    } else if (auto problem = spec->check(value)) {
      problems.push_back({ParamProblem::Kind::kOutOfRange, name, *problem});
    } else {
      full.set(name, value);
    }
  }
  for (const auto& spec : info.params) {
    if (given.contains(spec.name)) continue;
    if (spec.required())
      problems.push_back({ParamProblem::Kind::kMissing, spec.name,
                          "missing required parameter '" + spec.name + "' of " +
                              std::string(role_name(info.role)) + " '" + info.name + "' (" +
                              spec.help + ")"});
    else
      full.set(spec.name, *spec.default_value);
  }
  return full;
}

std::string component_canonical_text(std::string_view kind, const ParamMap& params) {
  std::string canonical = "kind = " + format_value(ParamValue{std::string(kind)}) + "\n";
  for (const auto& [name, value] : params.values())
    canonical += name + " = " + format_value(value) + "\n";
  return canonical;
}

}  // namespace banditsim
