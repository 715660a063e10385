/// @file envs/mdp/finite_mdp.hpp
/// A finite MDP given in full in the scenario file: P[s][a][s'], r[s][a], the
/// features (one row per state or per state-action pair), the behaviour and target
/// policies, and the distributions. Everything is checked by validate_model; the
/// shapes of the nested lists are checked here first, naming the key.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "envs/mdp/model_building.hpp"
#include "sim/core/check.hpp"
#include "sim/core/component.hpp"
#include "sim/core/params.hpp"
#include "sim/families/mdp/mdp_model.hpp"

namespace banditsim::mdp {

class FiniteMdp {
 public:
  static constexpr const char* kName = "finite_mdp";
  enum class KindChoice { kAuto, kState, kStateAction };

  struct Config {
    RealTensor transitions;  ///< S x A x S.
    RealMatrix rewards;      ///< S x A.
    RealMatrix features;     ///< S or S*A rows of d.
    RealMatrix behaviour;    ///< S x A.
    RealMatrix target;       ///< S x A.
    double gamma = 0.9;
    RealList start;  ///< Empty: uniform over the non-terminal states.
    IntList terminal_states;
    RealList sampling;  ///< Empty: rho_b.
    TrajectoryStart trajectory_start = TrajectoryStart::kStartDistribution;
    double reward_noise_sd = 0.0;
    KindChoice feature_kind = KindChoice::kAuto;

    static Config from(const ParamMap& params) {
      const std::string& kind = params.string("feature_kind");
      return {.transitions = params.real_tensor("transitions"),
              .rewards = params.real_matrix("rewards"),
              .features = params.real_matrix("features"),
              .behaviour = params.real_matrix("behaviour"),
              .target = params.real_matrix("target"),
              .gamma = params.real("gamma"),
              .start = params.real_list("start"),
              .terminal_states = params.int_list("terminal_states"),
              .sampling = params.real_list("sampling"),
              .trajectory_start = params.string("trajectory_start") == "stationary"
                                      ? TrajectoryStart::kStationary
                                      : TrajectoryStart::kStartDistribution,
              .reward_noise_sd = params.real("reward_noise_sd"),
              .feature_kind = kind == "state"          ? KindChoice::kState
                              : kind == "state_action" ? KindChoice::kStateAction
                                                       : KindChoice::kAuto};
    }
  };

  static ComponentInfo info() {
    return {
        .name = kName,
        .family = "mdp",
        .role = ComponentRole::kEnvironment,
        .summary =
            "A finite MDP given in full: transitions, rewards, features, behaviour "
            "and target policies",
        .reference = "Spec papers-offpolicy.md 2.1 (notation of Zanette 2023, ICML)",
        .fidelity = Fidelity::kPaper,
        .notes =
            "States s, actions a, pairs k = s A + a (spec 2.1). feature_kind = auto picks "
            "state features when features has S rows and pair features when it has S A "
            "rows (with A = 1 they coincide: state). Terminal states have value 0, their "
            "rows of P, r, the policies and the features are ignored, and a trajectory "
            "entering one restarts from start. gamma defaults to 0.9 (give it). start "
            "defaults to uniform over the non-terminal states; sampling empty = the "
            "behaviour chain's stationary distribution rho_b.",
        .params = {
            real_tensor_param("transitions", std::nullopt, Range::closed(0.0, 1.0), 1,
                              "P[s][a][s'] (S x A x S), rows summing to 1"),
            real_matrix_param("rewards", std::nullopt, Range::any(), "expected reward r[s][a]"),
            real_matrix_param("features", std::nullopt, Range::any(),
                              "feature rows: one per state (S) or per pair s A + a (S A)"),
            real_matrix_param("behaviour", std::nullopt, Range::closed(0.0, 1.0),
                              "behaviour policy b[s][a]"),
            real_matrix_param("target", std::nullopt, Range::closed(0.0, 1.0),
                              "target policy pi[s][a]"),
            real_param("gamma", 0.9, Range{0.0, 1.0, false, true}, "discount (default 0.9)"),
            real_list_param("start", RealList{}, Range::closed(0.0, 1.0), 0,
                            "start distribution over states; empty = uniform over the "
                            "non-terminal states"),
            int_list_param("terminal_states", IntList{}, Range::at_least(0), 0,
                           "indices of terminal states (value 0)"),
            real_list_param("sampling", RealList{}, Range::closed(0.0, 1.0), 0,
                            "state distribution of i.i.d. data; empty = rho_b"),
            string_param("trajectory_start", "start", {"start", "stationary"},
                         "trajectories start from start or from rho_b"),
            real_param("reward_noise_sd", 0.0, Range::at_least(0.0), "sd of Gaussian reward noise"),
            string_param("feature_kind", "auto", {"auto", "state", "state_action"},
                         "what the feature rows index (auto: by their number)")}};
  }

  explicit FiniteMdp(const Config& config) : model_(build(config)) {
    validate_model(model_, kName);
  }

  const MdpModel& model() const { return model_; }

 private:
  [[noreturn]] static void fail(const std::string& key, const std::string& message) {
    throw ConfigError(kName, key, message);
  }

  static std::string text(std::size_t n) { return std::to_string(n); }

  /// An S x A matrix flattened row-major, or a ConfigError naming `key`.
  static std::vector<double> state_action_matrix(const RealMatrix& m, std::size_t S, std::size_t A,
                                                 const std::string& key) {
    if (m.size() != S)
      fail(key,
           key + " has " + text(m.size()) + " rows; the transitions have " + text(S) + " states");
    std::vector<double> flat;
    flat.reserve(S * A);
    for (std::size_t s = 0; s < S; ++s) {
      if (m[s].size() != A)
        fail(key, key + "[" + text(s) + "] has " + text(m[s].size()) +
                      " actions; the transitions have " + text(A));
      flat.insert(flat.end(), m[s].begin(), m[s].end());
    }
    return flat;
  }

  static MdpModel build(const Config& config) {
    const std::size_t S = config.transitions.size();
    if (S == 0 || config.transitions[0].empty()) fail("transitions", "transitions is empty");
    const std::size_t A = config.transitions[0].size();

    MdpModel model;
    model.states = S;
    model.actions = A;
    model.gamma = config.gamma;
    model.reward_noise_sd = config.reward_noise_sd;
    model.trajectory_start = config.trajectory_start;
    for (std::size_t s = 0; s < S; ++s) {
      if (config.transitions[s].size() != A)
        fail("transitions", "transitions[" + text(s) + "] has " +
                                text(config.transitions[s].size()) +
                                " actions; transitions[0] has " + text(A));
      for (std::size_t a = 0; a < A; ++a) {
        const std::vector<double>& row = config.transitions[s][a];
        if (row.size() != S)
          fail("transitions", "transitions[" + text(s) + "][" + text(a) + "] has " +
                                  text(row.size()) + " next states; there are " + text(S) +
                                  " states");
        model.transitions.insert(model.transitions.end(), row.begin(), row.end());
      }
    }
    model.rewards = state_action_matrix(config.rewards, S, A, "rewards");
    model.behaviour = state_action_matrix(config.behaviour, S, A, "behaviour");
    model.target = state_action_matrix(config.target, S, A, "target");

    model.terminal.assign(S, 0);
    for (const std::int64_t s : config.terminal_states) {
      if (s < 0 || static_cast<std::size_t>(s) >= S)
        fail("terminal_states",
             "terminal state " + std::to_string(s) + " is not a state (0.." + text(S - 1) + ")");
      model.terminal[static_cast<std::size_t>(s)] = 1;
    }

    set_features(model, config);

    if (config.start.empty()) {
      std::size_t live = 0;
      for (std::size_t s = 0; s < S; ++s) live += model.terminal[s] == 0 ? 1 : 0;
      model.start.assign(S, 0.0);
      for (std::size_t s = 0; s < S; ++s)
        if (model.terminal[s] == 0) model.start[s] = 1.0 / static_cast<double>(live);
    } else {
      model.start = config.start;
    }
    model.sampling = config.sampling;
    model.variant = "finite MDP given in full (" + text(S) + " states, " + text(A) + " actions, " +
                    (model.feature_kind == FeatureKind::kState ? "state" : "state-action") +
                    " features)";
    return model;
  }

  static void set_features(MdpModel& model, const Config& config) {
    const std::size_t S = model.states;
    const std::size_t A = model.actions;
    const std::size_t rows = config.features.size();
    const std::string needs = "; state features need " + text(S) +
                              " (one per state) and pair features " + text(S * A) +
                              " (one per state-action pair)";
    const bool state_rows = rows == S;
    const bool pair_rows = rows == S * A;
    switch (config.feature_kind) {
      case KindChoice::kAuto:
        if (!state_rows && !pair_rows)
          fail("features", "features has " + text(rows) + " rows" + needs);
        model.feature_kind = state_rows ? FeatureKind::kState : FeatureKind::kStateAction;
        break;
      case KindChoice::kState:
        if (!state_rows)
          fail("features",
               "features has " + text(rows) + " rows; feature_kind = \"state\"" + needs);
        model.feature_kind = FeatureKind::kState;
        break;
      case KindChoice::kStateAction:
        if (!pair_rows)
          fail("features",
               "features has " + text(rows) + " rows; feature_kind = \"state_action\"" + needs);
        model.feature_kind = FeatureKind::kStateAction;
        break;
    }
    const std::size_t d = config.features[0].size();
    if (d == 0) fail("features", "features[0] is empty");
    model.dim = d;
    for (std::size_t row = 0; row < rows; ++row) {
      if (config.features[row].size() != d)
        fail("features", "features[" + text(row) + "] has " + text(config.features[row].size()) +
                             " entries; features[0] has " + text(d));
      const std::size_t s = model.feature_kind == FeatureKind::kState ? row : row / A;
      for (const double value : config.features[row])
        model.features.push_back(model.terminal[s] != 0 ? 0.0 : value);  // terminal rows: zero
    }
  }

  MdpModel model_;
};

}  // namespace banditsim::mdp
