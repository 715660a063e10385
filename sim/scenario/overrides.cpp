// Overrides of written values, from --set and from sweep levels (see overrides.hpp).
#include "sim/scenario/overrides.hpp"

#include "sim/core/check.hpp"

namespace banditsim {

namespace {
/// The component of `written` a parameter path targets, or nullptr.
WrittenComponent* target_component(Written& written, const ParamPath& path) {
  if (path.section == "env") return written.has_env ? &written.env : nullptr;
  if (path.section == "agents")
    for (auto& agent : written.agents)
      if (agent.label == path.label) return &agent;
  return nullptr;
}
}  // namespace

void apply_override(Written& written, const Override& change) {
  if (change.path.section == "run") {
    written.run[change.path.param] = change.value;
    return;
  }
  WrittenComponent* component = target_component(written, change.path);
  BANDITSIM_CHECK(component != nullptr, "override target vanished: " + change.key);
  if (change.path.param == "kind") {
    const auto* kind = change.value.node->as_string();
    BANDITSIM_CHECK(kind != nullptr, "kind override is not a string");
    component->kind = kind->get();
    component->kind_where = change.value.where;
    component->params.clear();
  } else {
    component->params[change.path.param] = change.value;
  }
}

void read_command_line_overrides(const std::vector<std::string>& overrides,
                                 const std::vector<std::string>& run_keys, Written& written,
                                 std::vector<toml::table>& keep_alive, std::vector<Override>& out,
                                 IssueList& issues) {
  keep_alive.reserve(overrides.size());
  for (const auto& text : overrides) {
    const SourceLocation where{"--set " + text, 0, 0};
    const auto equals = text.find('=');
    if (equals == std::string::npos || equals == 0) {
      issues.add(where, "", "expected KEY=VALUE, e.g. --set agents.ucb1.c=1.5");
      continue;
    }
    const std::string key = text.substr(0, equals);
    const std::string value = text.substr(equals + 1);
    toml::table parsed;
    try {
      parsed = toml::parse(std::string_view("value = " + value), std::string_view("--set"));
    } catch (const toml::parse_error&) {
      parsed = toml::table{};
      parsed.insert("value", value);
    }
    keep_alive.push_back(std::move(parsed));
    const toml::node* node = keep_alive.back().get("value");
    std::string error;
    const auto path = parse_param_path(key, error);
    if (!path) {
      issues.add(where, key, error);
      continue;
    }
    Override change{key, *path, {node, where, where}};
    if (auto problem = check_override_target(written, change, run_keys, false)) {
      issues.add(where, key, *problem);
      continue;
    }
    apply_override(written, change);
    out.push_back(std::move(change));
  }
}

}  // namespace banditsim
