// The [run] section: the engine's keys, the family's vocabulary (step axes and
// run_params), and reading them, once for the scenario and once per cell. See
// run_section.hpp for why the family's keys are checked only after the
// environment kind is resolved.
#include "sim/scenario/run_section.hpp"

#include <algorithm>

#include "sim/core/suggest.hpp"
#include "sim/scenario/toml_value.hpp"

namespace banditsim {

namespace {

/// The engine's [run] keys. Only those marked sweepable may appear in [[sweep]] blocks.
struct EngineKey {
  ParamSpec spec;
  bool sweepable = false;
};

const std::vector<EngineKey>& engine_keys() {
  static const std::vector<EngineKey> keys = {
      {string_param("name", "", {}, "name of the experiment (default: the file name)")},
      {string_param("description", "", {}, "free text stored in the results file")},
      {int_param("seed", 0, Range::at_least(0),
                 "master seed; every random stream derives from it")},
      {int_param("replications", std::nullopt, Range::closed(1, 1e9),
                 "independent replications per cell")},
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

const EngineKey* find_engine_key(std::string_view name) {
  for (const auto& key : engine_keys())
    if (key.spec.name == name) return &key;
  return nullptr;
}

const ParamSpec* find_spec(const std::vector<ParamSpec>& specs, std::string_view name) {
  for (const auto& spec : specs)
    if (spec.name == name) return &spec;
  return nullptr;
}

/// "'horizon'", "'horizon' or 'budget'", "'a', 'b' or 'c'" (quoted) or unquoted.
std::string alternatives(const std::vector<std::string>& names, bool quoted) {
  std::string text;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i) text += i + 1 == names.size() ? " or " : ", ";
    text += quoted ? "'" + names[i] + "'" : names[i];
  }
  return text;
}

std::vector<std::string> names_of(const std::vector<ParamSpec>& specs) {
  std::vector<std::string> names;
  for (const auto& spec : specs) names.push_back(spec.name);
  return names;
}

/// A [run] value checked against its spec; nothing (and a reported issue) if wrong.
std::optional<ParamValue> read_run_value(const Written& written, const ParamSpec& spec,
                                         IssueList& issues, bool& ok) {
  const auto it = written.run.find(spec.name);
  if (it == written.run.end()) return std::nullopt;
  std::string error;
  auto value = toml_to_value(*it->second.node, spec.type, error);
  if (!value) {
    issues.add(it->second.where, "run." + spec.name, error);
    ok = false;
    return std::nullopt;
  }
  if (auto problem = spec.check(*value)) {
    issues.add(it->second.where, "run." + spec.name, *problem);
    ok = false;
    return std::nullopt;
  }
  return value;
}

std::optional<std::int64_t> read_engine_int(const Written& written, const std::string& name,
                                            IssueList& issues, bool& ok) {
  const auto value = read_run_value(written, find_engine_key(name)->spec, issues, ok);
  if (!value) return std::nullopt;
  return std::get<std::int64_t>(*value);
}

}  // namespace

const ParamSpec* RunVocabulary::axis(std::string_view name) const { return find_spec(axes, name); }

const ParamSpec* RunVocabulary::param(std::string_view name) const {
  return find_spec(params, name);
}

const ForeignRunKey* RunVocabulary::foreign_key(std::string_view name) const {
  for (const auto& key : foreign)
    if (key.name == name) return &key;
  return nullptr;
}

std::vector<std::string> RunVocabulary::names(bool sweepable_only) const {
  std::vector<std::string> names;
  for (const auto& key : engine_keys())
    if (!sweepable_only || key.sweepable) names.push_back(key.spec.name);
  // The step axes come right after the engine's fixed keys, as they always did.
  auto at = std::find(names.begin(), names.end(), "record_every");
  for (const auto& spec : axes) at = std::next(names.insert(at, spec.name));
  for (const auto& spec : params) names.push_back(spec.name);
  if (!family)
    for (const auto& key : foreign)
      if (std::find(names.begin(), names.end(), key.name) == names.end()) names.push_back(key.name);
  return names;
}

std::string RunVocabulary::missing_axis_message() const {
  if (axes.empty()) return "missing the step count (the family declares no step axis)";
  std::vector<std::string> others = names_of(axes);
  others.erase(others.begin());
  return "missing required key '" + axes.front().name + "'" +
         (others.empty() ? "" : " (or " + alternatives(others, true) + ")") + ": " +
         axes.front().help;
}

RunVocabulary run_vocabulary(const Family* family, std::span<const Family* const> families) {
  RunVocabulary vocabulary;
  vocabulary.family = family;
  if (family) {
    vocabulary.axes.assign(family->step_axes().begin(), family->step_axes().end());
    vocabulary.params.assign(family->run_params().begin(), family->run_params().end());
  }
  for (const Family* other : families) {
    if (other == family) continue;
    for (const auto& spec : other->step_axes()) {
      vocabulary.foreign.push_back({spec.name, other, true});
      if (!family && !vocabulary.axis(spec.name)) vocabulary.axes.push_back(spec);
    }
    for (const auto& spec : other->run_params())
      vocabulary.foreign.push_back({spec.name, other, false});
  }
  return vocabulary;
}

std::vector<std::string> every_run_key(std::span<const Family* const> families) {
  return run_vocabulary(nullptr, families).names(false);
}

void check_run_keys(const Written& written, const RunVocabulary& vocabulary,
                    const std::string& env_kind, IssueList& issues) {
  for (const auto& [name, value] : written.run) {
    if (find_engine_key(name) || vocabulary.axis(name) || vocabulary.param(name)) continue;
    const ForeignRunKey* foreign = vocabulary.foreign_key(name);
    if (foreign && !vocabulary.family) continue;  // may be right: the family is unknown
    std::string message;
    if (foreign) {
      const auto axes = names_of(vocabulary.axes);
      message = "'" + name + "' is " +
                (foreign->step_axis ? "the step count" : std::string("a [run] key")) + " of the " +
                std::string(foreign->family->name()) + " family, but environment '" + env_kind +
                "' is in the " + std::string(vocabulary.family->name()) + " family" +
                (axes.empty() ? "" : " (its step count: " + alternatives(axes, false) + ")");
    } else {
      message = "unknown key in [run]" + suggestion_suffix(name, vocabulary.names(false));
    }
    issues.add(value.key_where, "run." + name, message);
  }
}

namespace {
/// A plain file name: letters, digits, '_', '-' and '.', not starting with '.'
/// (so no "..", no hidden files, no '/'): results/NAME.h5 stays in results/.
bool plain_file_name(const std::string& name) {
  if (name.empty() || name.front() == '.') return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-' || c == '.';
  });
}

/// run.name must be a plain file name; run.output, when written, not empty.
void check_name_and_output(const Written& written, const std::string& name, bool output_from_file,
                           IssueList& issues) {
  if (const auto it = written.run.find("name");
      it != written.run.end() && it->second.node->is_string()) {
    if (name.empty())
      issues.add(it->second.where, "run.name",
                 "must not be empty (it names results/NAME.h5); leave name out to use the "
                 "scenario file's name");
    else if (!plain_file_name(name))
      issues.add(it->second.where, "run.name",
                 "must be a plain file name (letters, digits, '_', '-' and '.', not starting "
                 "with '.'; it names results/NAME.h5), got " +
                     format_value(ParamValue{name}));
  }
  if (const auto it = written.run.find("output"); output_from_file && it != written.run.end()) {
    const auto* output = it->second.node->as_string();
    if (output && output->get().empty())
      issues.add(it->second.where, "run.output",
                 "must not be empty; leave output out to write results/NAME.h5");
  }
}
}  // namespace

void read_fixed_run(const Written& written, const ScenarioOptions& options, Scenario& scenario,
                    IssueList& issues, bool& ok) {
  const auto seed = read_engine_int(written, "seed", issues, ok);
  const auto replications = read_engine_int(written, "replications", issues, ok);
  if (!written.run.count("replications") && written.run_where.line)
    issues.add(written.run_where, "run.replications",
               "missing required key 'replications' (independent replications per cell)");
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
  check_name_and_output(written, scenario.name, options.output.empty(), issues);
  if (scenario.name.empty()) scenario.name = std::filesystem::path(scenario.file).stem().string();
  if (scenario.output.empty()) scenario.output = "results/" + scenario.name + ".h5";
}

std::string choose_step_axis(const Written& written, const SweepPlan& plan,
                             const RunVocabulary& vocabulary, IssueList& issues,
                             bool& missing_reported) {
  std::vector<std::string> given;
  std::vector<SourceLocation> given_where;
  for (const auto& spec : vocabulary.axes) {
    if (const auto it = written.run.find(spec.name); it != written.run.end()) {
      given.push_back(spec.name);
      given_where.push_back(it->second.key_where);
    } else if (plan.sweeps("run." + spec.name)) {
      given.push_back(spec.name);
      given_where.push_back(plan.where_swept("run." + spec.name));
    }
  }
  missing_reported = given.empty();
  if (given.empty()) {
    // Without a [run] table, its absence is the message.
    if (written.run_where.line)
      issues.add(
          written.run_where,
          "run." + (vocabulary.axes.empty() ? std::string("horizon") : vocabulary.axes[0].name),
          vocabulary.missing_axis_message());
    return vocabulary.axes.empty() ? "horizon" : vocabulary.axes.front().name;
  }
  if (given.size() > 1) {
    const std::string owner =
        vocabulary.family ? " of the " + std::string(vocabulary.family->name()) + " family" : "";
    issues.add(given_where[1], "run." + given[1],
               (given.size() == 2 ? "give either " + given[0] + " or " + given[1] + ", not both"
                                  : "give only one of " + alternatives(given, false)) +
                   " (each names the step count" + owner + ")");
  }
  return given.front();
}

ResolvedRun resolve_run(const Written& written, const RunVocabulary& vocabulary,
                        const std::string& axis, bool report_missing, IssueList& issues) {
  ResolvedRun run;
  if (const ParamSpec* spec = vocabulary.axis(axis); spec && written.run.count(axis)) {
    if (auto horizon = read_run_value(written, *spec, issues, run.ok))
      run.horizon = std::get<std::int64_t>(*horizon);
  } else {
    run.axis_missing = true;
    run.ok = false;
  }
  const auto every = read_engine_int(written, "record_every", issues, run.ok);
  const auto log_points = read_engine_int(written, "record_log_points", issues, run.ok);
  if (every && log_points) {
    issues.add(written.run.at("record_log_points").key_where, "run.record_log_points",
               "give either record_every or record_log_points, not both");
    run.ok = false;
  } else if (log_points) {
    run.record = {RecordSchedule::Kind::kLog, *log_points};
  } else if (every) {
    run.record = {RecordSchedule::Kind::kEvery, *every};
  }
  if (!vocabulary.family) return run;
  // The family's keys: TOML -> typed values here (with TOML's words), then the
  // specs' checks and defaults, as for a component's parameters.
  ComponentInfo info{.name = std::string(vocabulary.family->name()),
                     .family = std::string(vocabulary.family->name())};
  info.params = vocabulary.params;
  ParamMap given;
  for (const auto& spec : vocabulary.params) {
    const auto it = written.run.find(spec.name);
    if (it == written.run.end()) continue;
    std::string error;
    if (auto value = toml_to_value(*it->second.node, spec.type, error)) {
      given.set(spec.name, std::move(*value));
    } else {
      issues.add(it->second.where, "run." + spec.name, error);
      run.ok = false;
    }
  }
  std::vector<ParamProblem> problems;
  run.params = complete_params(info, given, problems);
  for (const auto& problem : problems) {
    run.ok = false;
    if (problem.kind != ParamProblem::Kind::kMissing) {
      issues.add(written.run.at(problem.name).where, "run." + problem.name, problem.message);
    } else if (report_missing && !written.run.count(problem.name)) {
      const ParamSpec* spec = vocabulary.param(problem.name);
      issues.add(run_table_location(written), "run." + problem.name,
                 "missing required key '" + problem.name + "' of the " + info.name + " family (" +
                     spec->help + ")");
    }
  }
  return run;
}

SourceLocation run_table_location(const Written& written) {
  return written.run_where.line ? written.run_where : SourceLocation{written.file, 1, 1};
}

}  // namespace banditsim
