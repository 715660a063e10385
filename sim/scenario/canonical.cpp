// Canonical text of cells, swept values and their coordinate names, and the
// scenario fingerprint (see canonical.hpp).
#include "sim/scenario/canonical.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "sim/core/hash.hpp"

namespace banditsim {

namespace {
/// Identifies how results are computed from (cells, seed, replications): the
/// stream derivation, the block split and the reduction order. Change it when
/// any of those change, so that --resume refuses journals of the old scheme.
constexpr std::string_view kComputationScheme = "banditsim/xoshiro256ss-splitmix/blocks-v1";
}  // namespace

std::string cell_canonical_text(const Cell& cell, const std::string& axis,
                                const RecordSchedule& record) {
  std::string text = "[run]\n" + axis + " = " + std::to_string(cell.horizon) + "\n";
  text += "record = " + format_value(ParamValue{record.describe()}) + "\n";
  // The family's own [run] keys, sorted (none for families without run_params,
  // so their cells' text is what it was before families had any).
  for (const auto& [name, value] : cell.run.values())
    text += name + " = " + format_value(value) + "\n";
  text += "\n[env]\n" + cell.env.canonical;
  for (const auto& agent : cell.agents)
    text +=
        "\n[[agents]]\nlabel = " + format_value(ParamValue{agent.label}) + "\n" + agent.canonical;
  return text;
}

SweptValue swept_value(const Cell& cell, const std::string& axis, const RecordSchedule& record,
                       const ParamPath& path, const std::string& key) {
  SweptValue value{key, ParamValue{false}, false};
  if (path.section == "run") {
    const bool every = record.kind == RecordSchedule::Kind::kEvery && record.value > 0;
    const bool log = record.kind == RecordSchedule::Kind::kLog;
    if (path.param == axis) {
      value.value = ParamValue{cell.horizon};
      value.present = true;
    } else if ((path.param == "record_every" && every) ||
               (path.param == "record_log_points" && log)) {
      value.value = ParamValue{record.value};
      value.present = true;
    } else if (cell.run.contains(path.param)) {
      value.value = cell.run.at(path.param);
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

std::vector<SweptKey> name_swept_keys(const std::vector<std::pair<std::string, ParamPath>>& keys,
                                      const Family& family, const std::string& axis) {
  std::set<std::string> reserved = {"cell",       "agent",    "rep",        "t",
                                    "agent_kind", "env_kind", "cell_config"};
  for (const auto& spec : family.step_axes()) reserved.insert(spec.name);
  for (const auto& metric : family.metrics())
    for (const char* suffix : {"_mean", "_std", "_diff_mean", "_diff_std", "_final"})
      reserved.insert(metric.name + suffix);
  std::map<std::string, int> uses;
  for (const auto& [key, path] : keys) ++uses[path.param];
  std::set<std::string> taken;
  std::vector<SweptKey> named;
  for (const auto& [key, path] : keys) {
    std::string name = path.param;
    if (path.section == "run" && path.param == axis) {
      name = axis;  // the step count's variable itself is the coordinate
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

std::uint64_t scenario_fingerprint(const Scenario& scenario) {
  std::uint64_t fingerprint = fnv1a64(kComputationScheme);
  fingerprint = hash_fold(fingerprint, fnv1a64(scenario.family->name()));
  fingerprint = hash_fold(fingerprint, scenario.seed);
  fingerprint = hash_fold(fingerprint, static_cast<std::uint64_t>(scenario.replications));
  if (scenario.store_curves) fingerprint = hash_fold(fingerprint, fnv1a64("store_curves"));
  for (const auto& cell : scenario.cells)
    fingerprint = hash_fold(fingerprint, fnv1a64(cell.canonical));
  return fingerprint;
}

}  // namespace banditsim
