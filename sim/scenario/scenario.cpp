#include "sim/scenario/scenario.hpp"

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <toml++/toml.h>

#include "sim/core/check.hpp"
#include "sim/core/hash.hpp"
#include "sim/core/suggest.hpp"
#include "sim/families/families.hpp"
#include "sim/scenario/sweep.hpp"
#include "sim/scenario/toml_value.hpp"
#include "sim/scenario/written_scenario.hpp"

namespace banditsim {

std::string SourceLocation::to_string() const {
  std::string text = file;
  if (line > 0) text += ":" + std::to_string(line);
  if (line > 0 && column > 0) text += ":" + std::to_string(column);
  return text;
}

std::string ScenarioIssue::to_string() const {
  std::string text = where.to_string() + ": ";
  if (!key.empty()) text += key + ": ";
  return text + message;
}

namespace {
std::string join_issues(const std::vector<ScenarioIssue>& issues) {
  std::string text;
  for (const auto& issue : issues) {
    if (!text.empty()) text += '\n';
    text += issue.to_string();
  }
  return text;
}
}  // namespace

ScenarioError::ScenarioError(std::vector<ScenarioIssue> issues)
    : std::runtime_error(join_issues(issues)), issues_(std::move(issues)) {}

double Scenario::total_steps() const {
  double steps = 0;
  for (const auto& cell : cells)
    steps += static_cast<double>(cell.horizon) * static_cast<double>(cell.agents.size());
  return steps * static_cast<double>(replications);
}

namespace {

/// Identifies how results are computed from (cells, seed, replications): the
/// stream derivation, the block split and the reduction order. Change it when
/// any of those change, so that --resume refuses journals of the old scheme.
constexpr std::string_view kComputationScheme = "banditsim/xoshiro256ss-splitmix/blocks-v1";

/// Keys of [run]. Only those marked sweepable may appear in [[sweep]] blocks.
struct RunKey {
  ParamSpec spec;
  bool sweepable = false;
};

const std::vector<RunKey>& run_keys() {
  static const std::vector<RunKey> keys = {
      {string_param("name", "", {}, "name of the experiment (default: the file name)")},
      {string_param("description", "", {}, "free text stored in the results file")},
      {int_param("seed", 0, Range::at_least(0),
                 "master seed; every random stream derives from it")},
      {int_param("replications", std::nullopt, Range::closed(1, 1e9),
                 "independent replications per cell")},
      {int_param("horizon", std::nullopt, Range::closed(1, 1e12),
                 "steps per replication (give horizon or budget)"),
       true},
      {int_param("budget", std::nullopt, Range::closed(1, 1e12),
                 "pull budget of fixed-budget best-arm identification (same role as horizon)"),
       true},
      {int_param("record_every", std::nullopt, Range::at_least(1),
                 "record the metrics every k steps (default: about 100 evenly spaced records)"),
       true},
      {int_param("record_log_points", std::nullopt, Range::closed(2, 1e6),
                 "instead, record about n log-spaced steps"),
       true},
      {string_param("output", "", {}, "output file (default: results/<name>.h5)")},
      {bool_param("store_curves", false,
                  "also store every replication's curves (<metric>_curves(cell, agent, rep, t)), "
                  "for quantile bands; the file grows by replications x records per metric")},
  };
  return keys;
}

const RunKey* find_run_key(std::string_view name) {
  for (const auto& key : run_keys())
    if (key.spec.name == name) return &key;
  return nullptr;
}

std::vector<std::string> run_key_names(bool sweepable_only) {
  std::vector<std::string> names;
  for (const auto& key : run_keys())
    if (!sweepable_only || key.sweepable) names.push_back(key.spec.name);
  return names;
}

bool valid_label(std::string_view label) {
  if (label.empty()) return false;
  return std::all_of(label.begin(), label.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
  });
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

Written read_written(const toml::table& doc, const std::string& file, IssueList& issues) {
  Written written;
  static const std::vector<std::string> kTopLevel = {"run", "env", "agents", "sweep"};
  for (auto&& [key, node] : doc) {
    const std::string name(key.str());
    if (std::find(kTopLevel.begin(), kTopLevel.end(), name) == kTopLevel.end())
      issues.add(location_of(key.source(), file), name,
                 "unknown top-level key" + suggestion_suffix(name, kTopLevel));
  }

  if (const auto* run_node = doc.get("run")) {
    if (const auto* run = run_node->as_table()) {
      written.run_where = location_of(run->source(), file);
      for (auto&& [key, node] : *run) {
        const std::string name(key.str());
        if (!find_run_key(name)) {
          issues.add(location_of(key.source(), file), "run." + name,
                     "unknown key in [run]" + suggestion_suffix(name, run_key_names(false)));
          continue;
        }
        written.run[name] = {&node, location_of(node.source(), file),
                             location_of(key.source(), file)};
      }
    } else {
      issues.add(location_of(run_node->source(), file), "run", "expected a table [run]");
    }
  } else {
    issues.add({file, 1, 1}, "run", "missing [run] table (replications and horizon at least)");
  }

  if (const auto* env_node = doc.get("env")) {
    if (const auto* env = env_node->as_table()) {
      written.has_env = true;
      written.env.prefix = "env";
      read_component_table(*env, file, "env", ComponentRole::kEnvironment, written.env, issues);
    } else {
      issues.add(location_of(env_node->source(), file), "env", "expected a table [env]");
    }
  } else {
    issues.add({file, 1, 1}, "env", "missing [env] table (the environment: kind = \"...\")");
  }

  const auto* agents_node = doc.get("agents");
  const auto* agents = agents_node ? agents_node->as_array() : nullptr;
  if (agents_node && !agents) {
    issues.add(location_of(agents_node->source(), file), "agents",
               "expected an array of tables [[agents]]");
  } else if (!agents || agents->empty()) {
    issues.add({file, 1, 1}, "agents", "missing [[agents]] (at least one agent: kind = \"...\")");
  } else {
    std::map<std::string, SourceLocation> labels;
    for (std::size_t i = 0; i < agents->size(); ++i) {
      const auto* table = agents->get(i)->as_table();
      const std::string fallback = "agents[" + std::to_string(i) + "]";
      if (!table) {
        issues.add(location_of(agents->get(i)->source(), file), fallback,
                   "expected a table with kind = \"...\"");
        continue;
      }
      WrittenComponent agent;
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
      if (agent.label.empty()) continue;
      agent.prefix = "agents." + agent.label;
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
  return written;
}

/// The component of `written` a parameter path targets, or nullptr.
WrittenComponent* target_component(Written& written, const ParamPath& path) {
  if (path.section == "env") return written.has_env ? &written.env : nullptr;
  if (path.section == "agents")
    for (auto& agent : written.agents)
      if (agent.label == path.label) return &agent;
  return nullptr;
}

/// Applies one override (from --set or a sweep level) to a copy of the scenario.
/// Setting `kind` replaces the component: parameters of the old kind are dropped.
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

/// Parses "key=value" from the command line. The value is TOML (0.2, [0.1, 0.9],
/// "text", true); anything that does not parse as TOML is taken as a bare string.
void read_command_line_overrides(const std::vector<std::string>& overrides, Written& written,
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
    if (auto problem = check_override_target(written, change, run_key_names(false), false)) {
      issues.add(where, key, *problem);
      continue;
    }
    apply_override(written, change);
    out.push_back(std::move(change));
  }
}

/// A component of a cell after validation.
struct Resolved {
  bool ok = false;
  ComponentSetup setup;
};

/// Checks a written component against its spec: unknown keys, types, ranges,
/// required keys; fills in defaults. Issues go to `issues`.
Resolved resolve_component(const WrittenComponent& written, const ComponentInfo& info,
                           IssueList& issues) {
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
    const bool missing = problem.kind == ParamProblem::Kind::kMissing;
    if (missing && written.params.count(problem.name)) continue;  // its type error is reported
    issues.add(missing ? written.table_where : written.params.at(problem.name).where,
               missing ? written.prefix : written.prefix + "." + problem.name, problem.message);
    resolved.ok = false;
  }
  if (resolved.ok) {
    std::string canonical = "kind = " + format_value(ParamValue{written.kind}) + "\n";
    for (const auto& [name, value] : resolved.setup.params.values())
      canonical += name + " = " + format_value(value) + "\n";
    resolved.setup.canonical = std::move(canonical);
    resolved.setup.hash = fnv1a64(resolved.setup.canonical);
  }
  return resolved;
}

/// Run-level values of one cell.
struct ResolvedRun {
  bool ok = true;
  std::int64_t horizon = 0;
  RecordSchedule record;
};

std::optional<std::int64_t> read_run_int(const Written& written, const std::string& name,
                                         IssueList& issues, bool& ok) {
  const auto it = written.run.find(name);
  if (it == written.run.end()) return std::nullopt;
  const RunKey* key = find_run_key(name);
  std::string error;
  auto value = toml_to_value(*it->second.node, key->spec.type, error);
  if (!value) {
    issues.add(it->second.where, "run." + name, error);
    ok = false;
    return std::nullopt;
  }
  if (auto problem = key->spec.check(*value)) {
    issues.add(it->second.where, "run." + name, *problem);
    ok = false;
    return std::nullopt;
  }
  return std::get<std::int64_t>(*value);
}

ResolvedRun resolve_run_cell(const Written& written, const std::string& horizon_key,
                             IssueList& issues) {
  ResolvedRun run;
  if (auto horizon = read_run_int(written, horizon_key, issues, run.ok)) run.horizon = *horizon;
  const auto every = read_run_int(written, "record_every", issues, run.ok);
  const auto log_points = read_run_int(written, "record_log_points", issues, run.ok);
  if (every && log_points) {
    issues.add(written.run.at("record_log_points").key_where, "run.record_log_points",
               "give either record_every or record_log_points, not both");
    run.ok = false;
  } else if (log_points) {
    run.record = {RecordSchedule::Kind::kLog, *log_points};
  } else if (every) {
    run.record = {RecordSchedule::Kind::kEvery, *every};
  }
  return run;
}

std::string cell_canonical_text(const Cell& cell, const std::string& horizon_key,
                                const RecordSchedule& record) {
  std::string text = "[run]\n" + horizon_key + " = " + std::to_string(cell.horizon) + "\n";
  text += "record = " + format_value(ParamValue{record.describe()}) + "\n";
  text += "\n[env]\n" + cell.env.canonical;
  for (const auto& agent : cell.agents)
    text +=
        "\n[[agents]]\nlabel = " + format_value(ParamValue{agent.label}) + "\n" + agent.canonical;
  return text;
}

/// The value a swept key takes in a resolved cell.
SweptValue swept_value(const Cell& cell, const RecordSchedule& record, const ParamPath& path,
                       const std::string& key) {
  SweptValue value{key, ParamValue{false}, false};
  if (path.section == "run") {
    const bool every = record.kind == RecordSchedule::Kind::kEvery && record.value > 0;
    const bool log = record.kind == RecordSchedule::Kind::kLog;
    if (path.param == "horizon" || path.param == "budget") {
      value.value = ParamValue{cell.horizon};
      value.present = true;
    } else if ((path.param == "record_every" && every) ||
               (path.param == "record_log_points" && log)) {
      value.value = ParamValue{record.value};
      value.present = true;
    }
    return value;
  }
  const ComponentSetup* setup = nullptr;
  if (path.section == "env") setup = &cell.env;
  for (const auto& agent : cell.agents)
    if (path.section == "agents" && agent.label == path.label) setup = &agent;
  if (!setup) return value;
  if (path.param == "kind") {
    value.value = ParamValue{setup->kind};
    value.present = true;
  } else if (setup->params.contains(path.param)) {
    value.value = setup->params.at(path.param);
    value.present = true;
  }
  return value;
}

/// Names for the swept keys' coordinates: the parameter name when unambiguous,
/// otherwise a longer form (env_means, eps_epsilon), never a reserved name.
std::vector<SweptKey> name_swept_keys(const std::vector<std::pair<std::string, ParamPath>>& keys,
                                      const Family* family, const std::string& horizon_key) {
  std::set<std::string> reserved = {"cell",     "agent",       "rep",     "t",     "agent_kind",
                                    "env_kind", "cell_config", "horizon", "budget"};
  if (family)
    for (const auto& metric : family->metrics())
      for (const char* suffix : {"_mean", "_std", "_diff_mean", "_diff_std", "_final"})
        reserved.insert(metric.name + suffix);
  std::map<std::string, int> uses;
  for (const auto& [key, path] : keys) ++uses[path.param];
  std::set<std::string> taken;
  std::vector<SweptKey> named;
  for (const auto& [key, path] : keys) {
    std::string name = path.param;
    if (path.section == "run" && (path.param == "horizon" || path.param == "budget")) {
      name = horizon_key;  // the horizon variable itself is the coordinate
    } else {
      // The parameter name when unambiguous; else prefixed by its owner
      // (eps_epsilon, env_means); else the whole key (sweep_env_kind).
      std::string owner = (path.section == "agents" ? path.label : path.section) + "_" + path.param;
      std::string whole = "sweep_" + key;
      for (std::string* candidate : {&owner, &whole}) {
        std::replace(candidate->begin(), candidate->end(), '-', '_');
        std::replace(candidate->begin(), candidate->end(), '.', '_');
      }
      if (uses[name] > 1 || reserved.count(name) || taken.count(name)) name = owner;
      if (reserved.count(name) || taken.count(name)) name = whole;
    }
    taken.insert(name);
    named.push_back({key, name});
  }
  return named;
}

}  // namespace

Scenario parse_scenario(std::string text, const std::string& file_name,
                        const ScenarioOptions& options, std::span<const Family* const> families) {
  IssueList issues;
  toml::table doc;
  try {
    doc = toml::parse(std::string_view(text), std::string_view(file_name));
  } catch (const toml::parse_error& error) {
    issues.add(location_of(error.source(), file_name), "", std::string(error.description()));
    issues.raise();
  }

  Written written = read_written(doc, file_name, issues);
  std::vector<toml::table> override_docs;
  std::vector<Override> command_line;
  read_command_line_overrides(options.overrides, written, override_docs, command_line, issues);

  // The family comes from the environment; every agent must belong to it.
  const Family* family = nullptr;
  if (written.has_env && !written.env.kind.empty()) {
    const auto env = find_component(families, written.env.kind, ComponentRole::kEnvironment);
    if (!env.family)
      issues.add(written.env.kind_where, "env.kind",
                 "unknown environment '" + written.env.kind + "'" +
                     suggestion_suffix(written.env.kind,
                                       component_names(families, ComponentRole::kEnvironment)));
    family = env.family;
  }
  for (const auto& agent : written.agents) {
    if (agent.kind.empty()) continue;
    const auto found = find_component(families, agent.kind, ComponentRole::kAgent);
    if (!found.family) {
      issues.add(
          agent.kind_where, agent.prefix + ".kind",
          "unknown agent '" + agent.kind + "'" +
              suggestion_suffix(agent.kind, component_names(families, ComponentRole::kAgent)));
    } else if (family && found.family != family) {
      issues.add(agent.kind_where, agent.prefix + ".kind",
                 "agent '" + agent.kind + "' belongs to the " + std::string(found.family->name()) +
                     " family, but environment '" + written.env.kind + "' to the " +
                     std::string(family->name()) + " family");
    }
  }

  // [run]: fixed keys are read once; sweepable ones per cell.
  bool run_ok = true;
  const std::string horizon_key = written.run.count("budget") ? "budget" : "horizon";
  if (written.run.count("horizon") && written.run.count("budget")) {
    issues.add(written.run.at("budget").key_where, "run.budget",
               "give either horizon or budget, not both (budget is the name used for "
               "fixed-budget best-arm identification)");
  }
  const auto seed = read_run_int(written, "seed", issues, run_ok);
  const auto replications = read_run_int(written, "replications", issues, run_ok);
  if (!written.run.count("replications") && written.run_where.line)
    issues.add(written.run_where, "run.replications",
               "missing required key 'replications' (independent replications per cell)");

  // Sweeps.
  SweepPlan plan = read_sweeps(doc, file_name, written, run_key_names(true), issues);
  if (!written.run.count(horizon_key) && !plan.sweeps(std::string("run.") + horizon_key) &&
      written.run_where.line)
    issues.add(written.run_where, "run.horizon",
               "missing required key 'horizon' (steps per replication; or budget for "
               "fixed-budget best-arm identification)");

  Scenario scenario;
  scenario.file = file_name;
  scenario.text = std::move(text);
  scenario.overrides = options.overrides;
  scenario.family = family;
  scenario.horizon_key = horizon_key;
  scenario.seed = seed ? static_cast<std::uint64_t>(*seed) : 0;
  scenario.replications = replications.value_or(0);
  auto read_string = [&](const char* name) -> std::string {
    const auto it = written.run.find(name);
    if (it == written.run.end()) return "";
    if (const auto* s = it->second.node->as_string()) return s->get();
    issues.add(it->second.where, std::string("run.") + name,
               "expected a string, got " + describe_toml_type(*it->second.node));
    return "";
  };
  if (const auto it = written.run.find("store_curves"); it != written.run.end()) {
    if (const auto* b = it->second.node->as_boolean())
      scenario.store_curves = b->get();
    else
      issues.add(it->second.where, "run.store_curves",
                 "expected true or false, got " + describe_toml_type(*it->second.node));
  }
  scenario.name = read_string("name");
  scenario.description = read_string("description");
  scenario.output = options.output.empty() ? read_string("output") : options.output;
  if (scenario.name.empty()) scenario.name = std::filesystem::path(file_name).stem().string();
  if (scenario.output.empty()) scenario.output = "results/" + scenario.name + ".h5";
  for (const auto& agent : written.agents) {
    scenario.agent_labels.push_back(agent.label);
    scenario.agent_kinds.push_back(agent.kind);
  }

  const std::size_t num_cells = plan.num_cells();
  if (num_cells > kMaxCells) {
    issues.add(plan.first_location(), "sweep",
               "the sweeps expand to " + std::to_string(num_cells) + " cells; at most " +
                   std::to_string(kMaxCells) + " are allowed (split the scenario)");
    issues.raise();
  }

  // Expand and validate every cell. Identical problems in many cells are
  // reported once (Issues drops duplicates).
  std::vector<std::pair<std::string, ParamPath>> swept = plan.swept_keys();
  struct CellProblem {
    SourceLocation where;
    std::string key;
    std::string message;
    auto operator<=>(const CellProblem&) const = default;
  };
  std::map<CellProblem, std::vector<std::size_t>> runner_problems;
  const std::size_t issues_before_cells = issues.size();
  for (std::size_t index = 0; index < num_cells; ++index) {
    Written cell_written = written;
    for (const auto& change : plan.overrides_of(index)) apply_override(cell_written, change);

    Cell cell;
    cell.index = index;
    bool ok = run_ok;
    const ResolvedRun run = resolve_run_cell(cell_written, horizon_key, issues);
    ok = ok && run.ok;
    cell.horizon = run.horizon;
    if (cell_written.has_env && family) {
      const auto env = find_component(families, cell_written.env.kind, ComponentRole::kEnvironment);
      if (env.family == family) {
        Resolved resolved = resolve_component(cell_written.env, *env.info, issues);
        ok = ok && resolved.ok;
        cell.env = std::move(resolved.setup);
      } else {
        if (env.family == nullptr)
          issues.add(cell_written.env.kind_where, "env.kind",
                     "unknown environment '" + cell_written.env.kind + "'" +
                         suggestion_suffix(cell_written.env.kind,
                                           component_names(families, ComponentRole::kEnvironment)));
        else
          issues.add(cell_written.env.kind_where, "env.kind",
                     "environment '" + cell_written.env.kind + "' is not in the " +
                         std::string(family->name()) + " family of the other cells");
        ok = false;
      }
    } else {
      ok = false;
    }
    for (const auto& agent : cell_written.agents) {
      const auto found = find_component(families, agent.kind, ComponentRole::kAgent);
      if (!found.family || found.family != family) {
        ok = false;
        continue;
      }
      Resolved resolved = resolve_component(agent, *found.info, issues);
      ok = ok && resolved.ok;
      AgentSetup setup;
      static_cast<ComponentSetup&>(setup) = std::move(resolved.setup);
      setup.label = agent.label;
      cell.agents.push_back(std::move(setup));
    }
    if (!ok || issues.size() > issues_before_cells) {
      if (issues.size() > 200) break;  // enough to fix for now
      continue;
    }
    cell.record_steps = run.record.steps(cell.horizon);
    for (const auto& [key, path] : swept)
      cell.swept.push_back(swept_value(cell, run.record, path, key));
    cell.canonical = cell_canonical_text(cell, horizon_key, run.record);
    if (index == 0) scenario.record = run.record;

    // Let the family build the cell: combinations the components reject
    // (a budget below the number of arms, ...) become scenario errors too.
    try {
      scenario.prepared.push_back(family->prepare(cell, scenario.seed));
    } catch (const ConfigError& error) {
      SourceLocation where = cell_written.env.table_where;
      std::string key = "env";
      auto locate = [&](const WrittenComponent& component) {
        where = component.table_where;
        key = component.prefix;
        if (!error.key().empty()) {
          key += "." + error.key();
          if (const auto it = component.params.find(error.key()); it != component.params.end())
            where = it->second.where;
        }
      };
      bool found = false;
      for (const auto& agent : cell_written.agents)
        if (!found && agent.kind == error.component()) {
          locate(agent);
          found = true;
        }
      if (!found) locate(cell_written.env);
      runner_problems[{where, key, error.what()}].push_back(index);
    }
    scenario.cells.push_back(std::move(cell));
  }
  for (const auto& [problem, cells] : runner_problems) {
    std::string message = problem.message;
    if (num_cells > 1) {
      message +=
          " (in " + std::to_string(cells.size()) + " of " + std::to_string(num_cells) + " cells: ";
      for (std::size_t i = 0; i < cells.size() && i < 8; ++i)
        message += (i ? ", " : "") + std::to_string(cells[i]);
      message += cells.size() > 8 ? ", ...)" : ")";
    }
    issues.add(problem.where, problem.key, message);
  }
  if (!issues.empty()) issues.raise();

  scenario.swept_keys = name_swept_keys(swept, family, horizon_key);
  std::uint64_t fingerprint = fnv1a64(kComputationScheme);
  fingerprint = hash_fold(fingerprint, fnv1a64(family->name()));
  fingerprint = hash_fold(fingerprint, scenario.seed);
  fingerprint = hash_fold(fingerprint, static_cast<std::uint64_t>(scenario.replications));
  if (scenario.store_curves) fingerprint = hash_fold(fingerprint, fnv1a64("store_curves"));
  for (const auto& cell : scenario.cells)
    fingerprint = hash_fold(fingerprint, fnv1a64(cell.canonical));
  scenario.fingerprint = fingerprint;
  return scenario;
}

Scenario load_scenario(const std::filesystem::path& file, const ScenarioOptions& options,
                       std::span<const Family* const> families) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    ScenarioIssue issue;
    issue.where.file = file.string();
    issue.message = std::filesystem::exists(file)
                        ? "cannot read the file (permissions?)"
                        : "no such file (check the path; scenarios/ has examples)";
    throw ScenarioError(std::vector<ScenarioIssue>{issue});
  }
  std::ostringstream text;
  text << in.rdbuf();
  return parse_scenario(text.str(), file.string(), options, families);
}

}  // namespace banditsim
