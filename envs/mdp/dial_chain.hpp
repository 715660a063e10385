/// @file envs/mdp/dial_chain.hpp
/// The "incompleteness dial" chain (spec 6.4, our design [D]): three states, affine
/// features phi(s) = (1, s), gamma = 0.9, and
///   P_theta = [ 0.5                   0.5            0
///               0.25(1-theta)+theta   0.5(1-theta)   0.25(1-theta)
///               0                     0.5            0.5 ],
/// complete iff theta = 0 (the drift m_1 = 1 - theta breaks m_0 + m_2 = 2 m_1).
/// Realizable: V = (1, 2, 3), w* = (1, 1), r_theta = (I - gamma P_theta) V.
/// Misspecified twin: Q = (1, 2, 3.5) (not affine), r = (I - gamma P_theta) Q.
/// Data: i.i.d. states from mu(t) = (t, (1-t)/2, (1-t)/2) (one action), or, with
/// `embedding`, the two-action behaviour/target version (action 0 "drift" follows
/// P_0, action 1 "reset" jumps to state 0; the target resets w.p. theta at state 1
/// only, so P^pi = P_theta; the behaviour resets w.p. beta everywhere; rewards
/// r_theta(s) whatever the action), with trajectory data from rho_b (spec 9.5).
/// nu = delta_0 (V(0) = 1).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "envs/mdp/model_building.hpp"
#include "sim/core/check.hpp"
#include "sim/core/component.hpp"
#include "sim/core/params.hpp"
#include "sim/families/mdp/mdp_model.hpp"

namespace banditsim::mdp {

class DialChain {
 public:
  static constexpr const char* kName = "dial_chain";
  enum class Variant { kRealizable, kMisspecified };

  struct Config {
    double theta = 1.0;
    double t = 1.0 / 3.0;
    Variant variant = Variant::kRealizable;
    bool embedding = false;
    double beta = 0.2;
    double gamma = 0.9;
    double reward_noise_sd = 0.0;

    static Config from(const ParamMap& params) {
      return {.theta = params.real("theta"),
              .t = params.real("t"),
              .variant = params.string("variant") == "misspecified" ? Variant::kMisspecified
                                                                    : Variant::kRealizable,
              .embedding = params.boolean("embedding"),
              .beta = params.real("beta"),
              .gamma = params.real("gamma"),
              .reward_noise_sd = params.real("reward_noise_sd")};
    }
  };

  static ComponentInfo info() {
    return {.name = kName,
            .family = "mdp",
            .role = ComponentRole::kEnvironment,
            .summary =
                "Three-state incompleteness dial: affine features, P_theta complete iff "
                "theta = 0, realizable (V = 1, 2, 3) or misspecified (Q = 1, 2, 3.5)",
            .reference =
                "Our design after Zanette (2023), When is Realizability Sufficient for "
                "Off-Policy RL?, ICML (spec papers-offpolicy.md 6.4)",
            .fidelity = Fidelity::kOurs,
            .notes =
                "[D] Our design, not the paper's (the paper has no experiments). phi(s) = (1, s); "
                "P_theta as in spec 6.4; realizable: w* = (1, 1), r_theta = (-0.35, 0.2 + 0.9 "
                "theta, 0.75) at gamma = 0.9; misspecified twin: Q = (1, 2, 3.5). i.i.d. data "
                "from mu(t) = (t, (1-t)/2, (1-t)/2); A is singular at t*(theta) = (0.045 theta - "
                "0.0275)/(0.2475 + 0.135 theta) (7/153 at theta = 1), so eps -> 1 there. "
                "embedding = true: two actions (drift = P_0, reset to state 0), target resets w.p. "
                "theta at state 1, behaviour w.p. beta everywhere; trajectory data from rho_b "
                "(t is then unused). nu = delta_0.",
            .params = {
                real_param("theta", 1.0, Range::closed(0.0, 1.0),
                           "incompleteness dial: 0 = Bellman complete"),
                real_param("t", 1.0 / 3.0, Range::closed(0.0, 1.0),
                           "sampling line mu(t) = (t, (1-t)/2, (1-t)/2) (one-action mode)"),
                string_param("variant", "realizable", {"realizable", "misspecified"},
                             "realizable (V = 1, 2, 3) or the misspecified twin (Q = 1, 2, 3.5)"),
                bool_param("embedding", false,
                           "two-action behaviour/target embedding with trajectory data from rho_b"),
                real_param("beta", 0.2, Range::left_open(0.0, 1.0),
                           "embedding: the behaviour's reset probability"),
                real_param("gamma", 0.9, Range{0.0, 1.0, false, true}, "discount"),
                real_param("reward_noise_sd", 0.0, Range::at_least(0.0),
                           "sd of Gaussian reward noise")}};
  }

  explicit DialChain(const Config& config) : model_(build(config)) {
    validate_model(model_, kName);
  }

  const MdpModel& model() const { return model_; }

  /// P_theta of spec 6.4, row-major 3 x 3.
  static std::vector<double> dial_transitions(double theta) {
    return {0.5, 0.5, 0.0, 0.25 * (1.0 - theta) + theta, 0.5 * (1.0 - theta), 0.25 * (1.0 - theta),
            0.0, 0.5, 0.5};
  }

 private:
  static MdpModel build(const Config& config) {
    const std::size_t S = 3;
    const std::size_t A = config.embedding ? 2 : 1;
    MdpModel model = empty_model(S, A, FeatureKind::kState, 2);
    model.gamma = config.gamma;
    model.reward_noise_sd = config.reward_noise_sd;
    for (std::size_t s = 0; s < S; ++s) {
      model.features[s * 2] = 1.0;
      model.features[s * 2 + 1] = static_cast<double>(s);
    }
    model.start = {1.0, 0.0, 0.0};

    // The rewards come from the one-action chain P_theta in both modes.
    MdpModel reward_chain = empty_model(S, 1, FeatureKind::kState, 2);
    reward_chain.gamma = config.gamma;
    reward_chain.transitions = dial_transitions(config.theta);
    const bool realizable = config.variant == Variant::kRealizable;
    const std::vector<double> values =
        realizable ? std::vector<double>{1.0, 2.0, 3.0} : std::vector<double>{1.0, 2.0, 3.5};
    const std::vector<double> r = rewards_for_values(reward_chain, values);
    if (realizable) model.true_weights = {1.0, 1.0};

    if (!config.embedding) {
      model.transitions = reward_chain.transitions;
      model.rewards = r;
      single_action_policies(model);
      model.sampling = {config.t, (1.0 - config.t) / 2.0, (1.0 - config.t) / 2.0};
      model.variant = std::string("Incompleteness dial (spec 6.4), ") +
                      (realizable ? "realizable" : "misspecified twin") +
                      ", one action, i.i.d. mu(t)";
      return model;
    }
    const std::vector<double> drift = dial_transitions(0.0);
    for (std::size_t s = 0; s < S; ++s) {
      for (std::size_t next = 0; next < S; ++next)
        transition(model, s, 0, next) = drift[s * S + next];
      transition(model, s, 1, 0) = 1.0;
      model.rewards[s * A] = r[s];
      model.rewards[s * A + 1] = r[s];
      model.behaviour[s * A] = 1.0 - config.beta;
      model.behaviour[s * A + 1] = config.beta;
      const double reset = s == 1 ? config.theta : 0.0;
      model.target[s * A] = 1.0 - reset;
      model.target[s * A + 1] = reset;
    }
    model.trajectory_start = TrajectoryStart::kStationary;
    model.variant = std::string("Incompleteness dial (spec 6.4), ") +
                    (realizable ? "realizable" : "misspecified twin") +
                    ", two-action behaviour/target embedding, trajectory data from rho_b";
    return model;
  }

  MdpModel model_;
};

}  // namespace banditsim::mdp
