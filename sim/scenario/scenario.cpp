// The scenario loader's top level: parse the TOML, read the document as
// written, apply --set, find the family, check [run] against the family's
// vocabulary, read the sweeps, check every written value once, then expand,
// validate and prepare every cell; every problem of every step is collected
// and reported together (ScenarioError). The steps live in run_section,
// component_tables, overrides, sweep, cell_expansion and canonical.
#include "sim/scenario/scenario.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

#include <toml++/toml.h>

#include "sim/scenario/canonical.hpp"
#include "sim/scenario/cell_expansion.hpp"
#include "sim/scenario/component_tables.hpp"
#include "sim/scenario/overrides.hpp"
#include "sim/scenario/run_section.hpp"
#include "sim/scenario/sweep.hpp"

namespace banditsim {

double Scenario::total_steps() const {
  double steps = 0;
  for (const auto& cell : cells)
    steps += static_cast<double>(cell.horizon) * static_cast<double>(cell.agents.size());
  return steps * static_cast<double>(replications);
}

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
  std::vector<toml::table> override_docs;  // the --set values live here
  std::vector<Override> command_line;
  read_command_line_overrides(options.overrides, every_run_key(families), written, override_docs,
                              command_line, issues);

  // The family comes from the environment; [run] keys that depend on it are
  // checked once it is known.
  const Family* family = resolve_family(written, families, issues);
  const RunVocabulary vocabulary = run_vocabulary(family, families);
  check_run_keys(written, vocabulary, written.env.kind, issues);

  Scenario scenario;
  scenario.file = file_name;
  scenario.text = std::move(text);
  scenario.overrides = options.overrides;
  scenario.family = family;
  bool run_ok = true;
  read_fixed_run(written, options, scenario, issues, run_ok);
  for (const auto& agent : written.agents) {
    scenario.agent_labels.push_back(agent.label);
    scenario.agent_kinds.push_back(agent.kind);
  }

  const SweepPlan plan = read_sweeps(doc, file_name, written, vocabulary.names(true), issues);
  bool axis_missing_reported = false;
  scenario.horizon_key = choose_step_axis(written, plan, vocabulary, issues, axis_missing_reported);

  // Every value as written is checked once, even those a sweep replaces in
  // every cell (they are never seen in a cell).
  resolve_run(written, vocabulary, scenario.horizon_key, false, issues);
  check_written_components(written, families, issues);

  if (plan.num_cells() > kMaxCells) {
    issues.add(plan.first_location(), "sweep",
               "the sweeps expand to " + std::to_string(plan.num_cells()) + " cells; at most " +
                   std::to_string(kMaxCells) + " are allowed (split the scenario)");
    issues.raise();
  }
  expand_cells(
      {written, plan, families, vocabulary, scenario.horizon_key, axis_missing_reported, run_ok},
      scenario, issues);
  if (!issues.empty()) issues.raise();

  scenario.metrics = expand_metrics(family->metrics(), [&](std::string_view dimension) {
    std::size_t largest = 0;
    for (const auto& prepared : scenario.prepared)
      largest = std::max(largest, prepared->extent(dimension));
    return largest;
  });
  scenario.swept_keys = name_swept_keys(plan.swept_keys(), *family, scenario.horizon_key);
  scenario.fingerprint = scenario_fingerprint(scenario);
  return scenario;
}

Scenario load_scenario(const std::filesystem::path& file, const ScenarioOptions& options,
                       std::span<const Family* const> families) {
  auto refuse = [&](std::string message) {
    ScenarioIssue issue;
    issue.where.file = file.string();
    issue.message = std::move(message);
    throw ScenarioError(std::vector<ScenarioIssue>{issue});
  };
  // A directory opens as an empty stream on Linux, which would read as an empty scenario.
  std::error_code error;
  if (std::filesystem::is_directory(file, error))
    refuse(
        "is a directory, not a scenario file (give a .toml file, e.g. "
        "scenarios/quickstart.toml)");
  std::ifstream in(file, std::ios::binary);
  if (!in)
    refuse(std::filesystem::exists(file, error)
               ? "cannot read the file (permissions?)"
               : "no such file (check the path; scenarios/ has examples)");
  std::ostringstream text;
  text << in.rdbuf();
  return parse_scenario(text.str(), file.string(), options, families);
}

}  // namespace banditsim
