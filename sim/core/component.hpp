/// @file sim/core/component.hpp
/// The description every agent and environment publishes: its name, family,
/// parameters and the paper it implements. `banditsim list`, `describe` and
/// scenario validation are all driven by these records.
#pragma once

#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/params.hpp"

namespace banditsim {

enum class ComponentRole { kAgent, kEnvironment };

std::string_view role_name(ComponentRole role);

/// How faithfully a component follows its source (shown by `describe`).
/// The specs in shared/specs mark which parts of each algorithm come from the
/// paper and which had to be reconstructed; that distinction stays visible here.
enum class Fidelity {
  kPaper,           ///< As published (the paper's pseudo-code or a standard textbook form).
  kReconstruction,  ///< Parts were reconstructed; `notes` says which.
  kOurs,            ///< Our own design (a test instance, a baseline variant).
};

std::string_view fidelity_name(Fidelity fidelity);

struct ComponentInfo {
  std::string name;    ///< Registry key used in scenario files ("ucb1").
  std::string family;  ///< "bandit", "causal", "mdp", ...
  ComponentRole role = ComponentRole::kAgent;
  std::string summary;    ///< One line for `banditsim list`.
  std::string reference;  ///< Citation of the paper or book it implements.
  Fidelity fidelity = Fidelity::kPaper;
  std::string notes;  ///< Details: choices made, reconstructed parts, assumptions.
  std::vector<ParamSpec> params;

  /// The spec of a parameter, or nullptr.
  const ParamSpec* find(std::string_view param) const;
  /// The names of all parameters (for "did you mean" suggestions).
  std::vector<std::string> param_names() const;
};

/// A problem with a parameter value (see complete_params).
struct ParamProblem {
  enum class Kind { kUnknown, kWrongType, kOutOfRange, kMissing };
  Kind kind;
  std::string name;     ///< The parameter.
  std::string message;  ///< "must be in [0, 1], got 1.5", ...
};

/// "unknown parameter of agent 'ucb1' (did you mean 'c'?)"
std::string unknown_param_message(const ComponentInfo& info, std::string_view name);

/// Checks typed values against a component's specs (unknown names, types,
/// ranges, required parameters) and fills in the defaults of the others: the
/// validated ParamMap a component's Config is read from. Every problem is
/// returned; the map is complete only if there are none. The scenario loader
/// (which also converts TOML and knows positions) and tests both use this.
ParamMap complete_params(const ComponentInfo& info, const ParamMap& given,
                         std::vector<ParamProblem>& problems);

/// The canonical text of a configured component: `kind = "..."` and then one sorted
/// `key = value` line per parameter (shortest round-trip reals). What identifies the
/// component in a cell (ComponentSetup::canonical) and keys its random streams.
std::string component_canonical_text(std::string_view kind, const ParamMap& params);

/// What a metric records in each replication.
enum class MetricKind {
  kCurve,        ///< A value at every record step (regret along t); the results hold
                 ///< mean/std/paired curves over t and the final value per replication.
  kFinal,        ///< One value at the end of the replication (a detection delay).
  kCategorical,  ///< One outcome per replication, a whole number >= 0 (the arm
                 ///< recommended, the change point detected); stored per replication.
};

std::string_view metric_kind_name(MetricKind kind);

/// A quantity a family records along a replication (regret, error probability, ...).
struct MetricInfo {
  std::string name;       ///< Dataset stem in the output: "<name>_mean", "<name>_final"...
  std::string long_name;  ///< Human-readable name for plots and tables.
  std::string units;
  std::string description;
  /// True if the per-replication value is 0 or 1, so its mean is a probability and
  /// the summary uses a Wilson score interval instead of the normal one.
  bool is_indicator = false;
  /// The range every per-replication value lies in (CF's valid_min/valid_max in
  /// the results file); infinite if unbounded. Intervals are clipped to it.
  double valid_min = -std::numeric_limits<double>::infinity();
  double valid_max = std::numeric_limits<double>::infinity();
  MetricKind kind = MetricKind::kCurve;
  /// Non-empty for a vector metric: a final value per index of this dimension of the
  /// cell (an mdp agent's weights, one per "feature"; PreparedCell::extent gives the
  /// size). The scenario expands it into final metrics name_0, name_1, ... up to the
  /// largest extent of its cells (sim/families/metric_expansion.hpp); cells with fewer
  /// hold the fill value beyond theirs. Only kind kFinal, only after every scalar
  /// metric of the family, and at most one per family.
  std::string extent;
};

}  // namespace banditsim
