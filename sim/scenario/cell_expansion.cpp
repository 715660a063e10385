// Sweep application and cell expansion (see cell_expansion.hpp).
#include "sim/scenario/cell_expansion.hpp"

#include "sim/core/check.hpp"
#include "sim/families/families.hpp"
#include "sim/scenario/canonical.hpp"
#include "sim/scenario/component_tables.hpp"
#include "sim/scenario/overrides.hpp"

namespace banditsim {

namespace {

/// The environment of a cell; false if it has problems (reported).
bool resolve_cell_env(const ExpansionContext& context, const Written& written, Cell& cell,
                      IssueList& issues) {
  const Family* family = context.vocabulary.family;
  if (!written.has_env || !family) return false;
  const auto env = find_component(context.families, written.env.kind, ComponentRole::kEnvironment);
  if (env.family != family) {
    if (env.family == nullptr)
      issues.add(written.env.kind_where, "env.kind",
                 unknown_component_message(context.families, ComponentRole::kEnvironment,
                                           written.env.kind));
    else
      issues.add(written.env.kind_where, "env.kind",
                 "environment '" + written.env.kind + "' is not in the " +
                     std::string(family->name()) + " family of the other cells");
    return false;
  }
  Resolved resolved = resolve_component(written.env, *env.info, true, issues);
  cell.env = std::move(resolved.setup);
  return resolved.ok;
}

/// The agents of a cell; each is checked against its own ComponentInfo even if
/// the environment is unknown or of another family (that is reported elsewhere).
bool resolve_cell_agents(const ExpansionContext& context, const Written& written, Cell& cell,
                         IssueList& issues) {
  bool ok = true;
  for (const auto& agent : written.agents) {
    const auto found = find_component(context.families, agent.kind, ComponentRole::kAgent);
    if (!found.family) {
      ok = false;
      continue;
    }
    Resolved resolved = resolve_component(agent, *found.info, true, issues);
    ok = ok && resolved.ok && found.family == context.vocabulary.family;
    AgentSetup setup;
    static_cast<ComponentSetup&>(setup) = std::move(resolved.setup);
    setup.label = agent.label;
    cell.agents.push_back(std::move(setup));
  }
  return ok;
}

/// Lets the family build the cell: combinations the components reject (a
/// budget below the number of arms, ...) become problems at the component and
/// key the ConfigError names.
void prepare_cell(const Written& written, const Family& family, Cell&& cell, Scenario& scenario,
                  CellProblems& problems) {
  try {
    scenario.prepared.push_back(family.prepare(cell, scenario.seed));
  } catch (const ConfigError& error) {
    SourceLocation where = written.env.table_where;
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
    for (const auto& agent : written.agents)
      if (!found && agent.kind == error.component()) {
        locate(agent);
        found = true;
      }
    if (!found) locate(written.env);
    problems.add(where, key, error.what(), cell.index);
    return;
  }
  scenario.cells.push_back(std::move(cell));
}

}  // namespace

void expand_cells(const ExpansionContext& context, Scenario& scenario, IssueList& issues) {
  const std::size_t num_cells = context.plan.num_cells();
  const auto swept = context.plan.swept_keys();
  CellProblems problems;
  const std::size_t issues_before_cells = issues.size();
  for (std::size_t index = 0; index < num_cells; ++index) {
    Written written = context.written;
    for (const auto& change : context.plan.overrides_of(index)) apply_override(written, change);

    Cell cell;
    cell.index = index;
    const ResolvedRun run = resolve_run(written, context.vocabulary, context.axis, true, issues);
    if (run.axis_missing && !context.axis_missing_reported)
      problems.add(run_table_location(written), "run." + context.axis,
                   context.vocabulary.missing_axis_message() +
                       " (a [[sweep]] case leaves it out, and [run] does not give it)",
                   index);
    cell.horizon = run.horizon;
    cell.step_axis = context.axis;
    cell.run = run.params;
    // Every part is checked, whatever the others' problems, so all are reported.
    const bool env_ok = resolve_cell_env(context, written, cell, issues);
    const bool agents_ok = resolve_cell_agents(context, written, cell, issues);
    if (!context.run_ok || !run.ok || !env_ok || !agents_ok ||
        issues.size() > issues_before_cells) {
      if (issues.size() > 200) break;  // enough to fix for now
      continue;
    }
    if (run.record.max_count(cell.horizon) > kMaxRecords) {
      const auto it = written.run.find("record_every");
      problems.add(it != written.run.end() ? it->second.where : run_table_location(written),
                   "run.record_every",
                   "record_every = " + std::to_string(run.record.value) + " with " + context.axis +
                       " = " + std::to_string(cell.horizon) + " makes " +
                       std::to_string(cell.horizon / run.record.value) +
                       " records per curve, more than the " + std::to_string(kMaxRecords) +
                       " allowed (each is kept per agent and metric); raise record_every or use "
                       "record_log_points",
                   index);
      continue;
    }
    cell.record_steps = run.record.steps(cell.horizon);
    for (const auto& [key, path] : swept)
      cell.swept.push_back(swept_value(cell, context.axis, run.record, path, key));
    cell.canonical = cell_canonical_text(cell, context.axis, run.record);
    if (index == 0) scenario.record = run.record;
    prepare_cell(written, *context.vocabulary.family, std::move(cell), scenario, problems);
  }
  problems.report(num_cells, issues);
}

}  // namespace banditsim
