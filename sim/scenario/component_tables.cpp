// The shape of a scenario document ([run], [env], [[agents]], [[sweep]] at the
// top level), the component tables with their labels, the family found from
// the environment kind, and the validation of a component's parameters.
#include "sim/scenario/component_tables.hpp"

#include <algorithm>

#include "sim/core/hash.hpp"
#include "sim/core/suggest.hpp"
#include "sim/families/families.hpp"
#include "sim/scenario/toml_value.hpp"

namespace banditsim {

namespace {

bool valid_label(std::string_view label) {
  if (label.empty()) return false;
  return std::all_of(label.begin(), label.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
  });
}

/// Reads one component table ([env] or an [[agents]] entry) into `out`.
void read_component_table(const toml::table& table, const std::string& file,
                          const std::string& prefix, ComponentRole role, WrittenComponent& out,
                          IssueList& issues) {
  out.table_where = location_of(table.source(), file);
  for (auto&& [key, node] : table) {
    const std::string name(key.str());
    const SourceLocation where = location_of(key.source(), file);
    if (name == "kind") {
      if (const auto* kind = node.as_string()) {
        out.kind = kind->get();
        out.kind_where = location_of(node.source(), file);
      } else {
        issues.add(where, prefix + ".kind",
                   "expected a string naming the " + std::string(role_name(role)) + ", got " +
                       describe_toml_type(node));
      }
    } else if (name == "label" && role == ComponentRole::kAgent) {
      // handled by the caller
    } else {
      out.params[name] = {&node, location_of(node.source(), file), where};
    }
  }
  if (out.kind.empty() && !table.contains("kind"))
    issues.add(out.table_where, prefix,
               "missing required key 'kind' (the " + std::string(role_name(role)) +
                   " to use; `banditsim list` shows them)");
}

void read_top_level_keys(const toml::table& doc, const std::string& file, IssueList& issues) {
  static const std::vector<std::string> kTopLevel = {"run", "env", "agents", "sweep"};
  for (auto&& [key, node] : doc) {
    const std::string name(key.str());
    if (std::find(kTopLevel.begin(), kTopLevel.end(), name) == kTopLevel.end())
      issues.add(location_of(key.source(), file), name,
                 "unknown top-level key" + suggestion_suffix(name, kTopLevel));
  }
}

/// [run] as written; its keys are checked once the family is known (check_run_keys).
void read_run_table(const toml::table& doc, Written& written, IssueList& issues) {
  const std::string& file = written.file;
  const auto* run_node = doc.get("run");
  if (!run_node) {
    issues.add({file, 1, 1}, "run", "missing [run] table (replications and horizon at least)");
    return;
  }
  const auto* run = run_node->as_table();
  if (!run) {
    issues.add(location_of(run_node->source(), file), "run", "expected a table [run]");
    return;
  }
  written.run_where = location_of(run->source(), file);
  for (auto&& [key, node] : *run)
    written.run[std::string(key.str())] = {&node, location_of(node.source(), file),
                                           location_of(key.source(), file)};
}

void read_env_table(const toml::table& doc, Written& written, IssueList& issues) {
  const std::string& file = written.file;
  const auto* env_node = doc.get("env");
  if (!env_node) {
    issues.add({file, 1, 1}, "env", "missing [env] table (the environment: kind = \"...\")");
  } else if (const auto* env = env_node->as_table()) {
    written.has_env = true;
    written.env.prefix = "env";
    read_component_table(*env, file, "env", ComponentRole::kEnvironment, written.env, issues);
  } else {
    issues.add(location_of(env_node->source(), file), "env", "expected a table [env]");
  }
}

/// One [[agents]] entry with its label; false if it cannot be used.
bool read_agent(const toml::node& entry, std::size_t index, const std::string& file,
                WrittenComponent& agent, IssueList& issues) {
  const auto* table = entry.as_table();
  const std::string fallback = "agents[" + std::to_string(index) + "]";
  if (!table) {
    issues.add(location_of(entry.source(), file), fallback, "expected a table with kind = \"...\"");
    return false;
  }
  agent.prefix = fallback;
  read_component_table(*table, file, fallback, ComponentRole::kAgent, agent, issues);
  agent.label = agent.kind;
  if (const auto* label_node = table->get("label")) {
    const auto* label = label_node->as_string();
    if (!label || !valid_label(label->get())) {
      issues.add(location_of(label_node->source(), file), fallback + ".label",
                 "a label is a name made of letters, digits, '_' and '-' (it is used in "
                 "sweep keys such as agents.LABEL.epsilon)");
    } else {
      agent.label = label->get();
    }
  }
  if (agent.label.empty()) return false;
  agent.prefix = "agents." + agent.label;
  return true;
}

void read_agent_tables(const toml::table& doc, Written& written, IssueList& issues) {
  const std::string& file = written.file;
  const auto* agents_node = doc.get("agents");
  const auto* agents = agents_node ? agents_node->as_array() : nullptr;
  if (agents_node && !agents) {
    issues.add(location_of(agents_node->source(), file), "agents",
               "expected an array of tables [[agents]]");
    return;
  }
  if (!agents || agents->empty()) {
    issues.add({file, 1, 1}, "agents", "missing [[agents]] (at least one agent: kind = \"...\")");
    return;
  }
  std::map<std::string, SourceLocation> labels;
  for (std::size_t i = 0; i < agents->size(); ++i) {
    WrittenComponent agent;
    if (!read_agent(*agents->get(i), i, file, agent, issues)) continue;
    const auto [it, inserted] = labels.emplace(agent.label, agent.table_where);
    if (!inserted) {
      issues.add(agent.table_where, agent.prefix,
                 "two agents are labelled '" + agent.label + "' (the other at line " +
                     std::to_string(it->second.line) + "); give each a distinct label = \"...\"");
      continue;
    }
    written.agents.push_back(std::move(agent));
  }
}

}  // namespace

Written read_written(const toml::table& doc, const std::string& file, IssueList& issues) {
  Written written;
  written.file = file;
  read_top_level_keys(doc, file, issues);
  read_run_table(doc, written, issues);
  read_env_table(doc, written, issues);
  read_agent_tables(doc, written, issues);
  return written;
}

std::vector<std::string> component_names(std::span<const Family* const> families,
                                         ComponentRole role) {
  std::vector<std::string> names;
  for (const Family* family : families)
    for (const auto& info :
         role == ComponentRole::kAgent ? family->agents() : family->environments())
      names.push_back(info.name);
  return names;
}

std::string unknown_component_message(std::span<const Family* const> families, ComponentRole role,
                                      const std::string& kind) {
  return "unknown " + std::string(role_name(role)) + " '" + kind + "'" +
         suggestion_suffix(kind, component_names(families, role));
}

const Family* resolve_family(const Written& written, std::span<const Family* const> families,
                             IssueList& issues) {
  const Family* family = nullptr;
  if (written.has_env && !written.env.kind.empty()) {
    const auto env = find_component(families, written.env.kind, ComponentRole::kEnvironment);
    if (!env.family)
      issues.add(
          written.env.kind_where, "env.kind",
          unknown_component_message(families, ComponentRole::kEnvironment, written.env.kind));
    family = env.family;
  }
  for (const auto& agent : written.agents) {
    if (agent.kind.empty()) continue;
    const auto found = find_component(families, agent.kind, ComponentRole::kAgent);
    if (!found.family) {
      issues.add(agent.kind_where, agent.prefix + ".kind",
                 unknown_component_message(families, ComponentRole::kAgent, agent.kind));
    } else if (family && found.family != family) {
      issues.add(agent.kind_where, agent.prefix + ".kind",
                 "agent '" + agent.kind + "' belongs to the " + std::string(found.family->name()) +
                     " family, but environment '" + written.env.kind + "' to the " +
                     std::string(family->name()) + " family");
    }
  }
  return family;
}

Resolved resolve_component(const WrittenComponent& written, const ComponentInfo& info,
                           bool report_missing, IssueList& issues) {
  Resolved resolved{true, {}};
  resolved.setup.kind = written.kind;
  // TOML -> typed values (type mistakes are reported here, with TOML's words);
  // then the specs' checks and defaults, shared with everything that builds
  // components (complete_params).
  ParamMap given;
  for (const auto& [name, value] : written.params) {
    const ParamSpec* spec = info.find(name);
    if (!spec) {
      issues.add(value.key_where, written.prefix + "." + name, unknown_param_message(info, name));
      resolved.ok = false;
      continue;
    }
    std::string error;
    if (auto converted = toml_to_value(*value.node, spec->type, error)) {
      given.set(name, std::move(*converted));
    } else {
      issues.add(value.where, written.prefix + "." + name, error);
      resolved.ok = false;
    }
  }
  std::vector<ParamProblem> problems;
  resolved.setup.params = complete_params(info, given, problems);
  for (const auto& problem : problems) {
    resolved.ok = false;
    const bool missing = problem.kind == ParamProblem::Kind::kMissing;
    if (missing && (written.params.count(problem.name) || !report_missing))
      continue;  // its type error is reported, or a sweep may give it
    issues.add(missing ? written.table_where : written.params.at(problem.name).where,
               missing ? written.prefix : written.prefix + "." + problem.name, problem.message);
  }
  if (resolved.ok) {
    resolved.setup.canonical = component_canonical_text(written.kind, resolved.setup.params);
    resolved.setup.hash = fnv1a64(resolved.setup.canonical);
  }
  return resolved;
}

void check_written_components(const Written& written, std::span<const Family* const> families,
                              IssueList& issues) {
  if (written.has_env)
    if (const auto env = find_component(families, written.env.kind, ComponentRole::kEnvironment);
        env.info)
      resolve_component(written.env, *env.info, false, issues);
  for (const auto& agent : written.agents)
    if (const auto found = find_component(families, agent.kind, ComponentRole::kAgent); found.info)
      resolve_component(agent, *found.info, false, issues);
}

}  // namespace banditsim
