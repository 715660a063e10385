#include "sim/scenario/written_scenario.hpp"

#include <algorithm>

#include "sim/core/suggest.hpp"

namespace banditsim {

namespace {
std::vector<std::string> split_dots(const std::string& key) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (;;) {
    const auto dot = key.find('.', start);
    parts.push_back(key.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
    if (dot == std::string::npos) return parts;
    start = dot + 1;
  }
}

constexpr const char* kPathShapes = "expected run.KEY, env.KEY or agents.LABEL.KEY";
}  // namespace

std::optional<ParamPath> parse_param_path(const std::string& key, std::string& error) {
  const auto parts = split_dots(key);
  if (std::any_of(parts.begin(), parts.end(), [](const std::string& p) { return p.empty(); })) {
    error = "malformed key (" + std::string(kPathShapes) + ")";
    return std::nullopt;
  }
  if ((parts[0] == "run" || parts[0] == "env") && parts.size() == 2)
    return ParamPath{parts[0], "", parts[1]};
  if (parts[0] == "agents" && parts.size() == 3) return ParamPath{"agents", parts[1], parts[2]};
  if (parts[0] != "run" && parts[0] != "env" && parts[0] != "agents") {
    error = "unknown section '" + parts[0] + "'" +
            suggestion_suffix(parts[0], {"run", "env", "agents"}) + "; " + kPathShapes;
  } else {
    error = "not a parameter key (" + std::string(kPathShapes) + ")";
  }
  return std::nullopt;
}

std::optional<std::string> check_override_target(const Written& written, const Override& change,
                                                 const std::vector<std::string>& allowed_run_keys,
                                                 bool in_sweep) {
  const ParamPath& path = change.path;
  if (path.section == "run") {
    if (std::find(allowed_run_keys.begin(), allowed_run_keys.end(), path.param) !=
        allowed_run_keys.end())
      return std::nullopt;
    std::string list;
    for (const auto& key : allowed_run_keys) list += (list.empty() ? "" : ", ") + key;
    if (in_sweep)
      return "run." + path.param + " cannot be swept (sweepable [run] keys: " + list + ")";
    const std::string near = closest_name(path.param, allowed_run_keys);
    return "unknown [run] key" +
           (near.empty() ? " (valid: " + list + ")" : " (did you mean '" + near + "'?)");
  }
  if (path.section == "env" && !written.has_env) return "there is no [env] table to change";
  if (path.section == "agents") {
    std::vector<std::string> labels;
    for (const auto& agent : written.agents) labels.push_back(agent.label);
    if (std::find(labels.begin(), labels.end(), path.label) == labels.end())
      return "no agent is labelled '" + path.label + "'" + suggestion_suffix(path.label, labels);
  }
  if (path.param == "label") return "labels cannot be changed by overrides or sweeps";
  if (path.param == "kind" && !change.value.node->is_string())
    return "kind must be a string, got " +
           std::string(change.value.node->is_array() ? "an array" : "another type");
  return std::nullopt;
}

}  // namespace banditsim
