/// @file envs/mdp/baird.hpp
/// Baird's counterexample, Sutton & Barto (2018) 2nd edition, section 11.2 (spec
/// 6.1, P13: the 1995 original and the 1st edition differ). Seven states, two
/// actions from every state: "dashed" (action 0) goes to one of s_1..s_6
/// uniformly, "solid" (action 1) goes to s_7. Reward 0, continuing, gamma = 0.99.
/// Behaviour: solid w.p. 1/7, so the next state is uniform and rho_b is uniform;
/// target: always solid. State features x(s_i) = 2 e_i + e_8 (i = 1..6), x(s_7) =
/// e_7 + 2 e_8 (0-based states 0..6, features 0..7). v_pi = 0, realizable with
/// w = 0; rank 7 < d = 8, so the class is all of R^7 and Bellman complete (eps = 0)
/// while semi-gradient TD diverges.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "envs/mdp/model_building.hpp"
#include "sim/core/component.hpp"
#include "sim/core/params.hpp"
#include "sim/families/mdp/mdp_model.hpp"

namespace banditsim::mdp {

class Baird {
 public:
  static constexpr const char* kName = "baird";
  static constexpr std::size_t kStates = 7;
  static constexpr std::size_t kDim = 8;
  static constexpr std::size_t kDashed = 0;
  static constexpr std::size_t kSolid = 1;

  struct Config {
    double gamma = 0.99;
    double solid_probability = 1.0 / 7.0;

    static Config from(const ParamMap& params) {
      return {.gamma = params.real("gamma"), .solid_probability = params.real("solid_probability")};
    }
  };

  static ComponentInfo info() {
    return {.name = kName,
            .family = "mdp",
            .role = ComponentRole::kEnvironment,
            .summary =
                "Baird's counterexample (Sutton & Barto 2nd ed., 11.2): complete and "
                "realizable, yet off-policy semi-gradient TD diverges",
            .reference =
                "Baird (1995), Residual algorithms, ICML; the version of Sutton & Barto "
                "(2018), Reinforcement Learning: An Introduction, 2nd ed., section 11.2",
            .fidelity = Fidelity::kPaper,
            .notes =
                "[S&B] 2nd-edition version (P13): continuing, gamma = 0.99, 7 states, dashed "
                "action -> uniform over s_1..s_6, solid -> s_7, reward 0; behaviour solid w.p. "
                "1/7 (so rho_b is uniform), target always solid; x(s_i) = 2 e_i + e_8, x(s_7) = "
                "e_7 + 2 e_8. Sampling distribution: uniform over the 7 states (the D = I/7 of "
                "S&B's expected update; = rho_b at the default solid_probability). Start: "
                "uniform. The standard run (spec 6.1) starts from initial_weights = (1, 1, 1, 1, "
                "1, 1, 10, 1) with alpha = 0.01 (TD(0), expected updates); TDC alpha = 0.005, "
                "beta = 0.05; ETD alpha = 0.03, interest 1: those are the agents' parameters.",
            .params = {real_param("gamma", 0.99, Range{0.0, 1.0, false, true}, "discount"),
                       real_param("solid_probability", 1.0 / 7.0, Range::open(0.0, 1.0),
                                  "the behaviour's probability of the solid action (1/7 in S&B)")}};
  }

  explicit Baird(const Config& config) : model_(build(config)) { validate_model(model_, kName); }

  const MdpModel& model() const { return model_; }

 private:
  static MdpModel build(const Config& config) {
    MdpModel model = empty_model(kStates, 2, FeatureKind::kState, kDim);
    model.gamma = config.gamma;
    for (std::size_t s = 0; s < kStates; ++s) {
      for (std::size_t next = 0; next + 1 < kStates; ++next)
        transition(model, s, kDashed, next) = 1.0 / 6.0;
      transition(model, s, kSolid, kStates - 1) = 1.0;
      model.behaviour[s * 2 + kDashed] = 1.0 - config.solid_probability;
      model.behaviour[s * 2 + kSolid] = config.solid_probability;
      model.target[s * 2 + kSolid] = 1.0;
      model.start[s] = 1.0 / 7.0;
      if (s + 1 < kStates) {
        model.features[s * kDim + s] = 2.0;
        model.features[s * kDim + 7] = 1.0;
      } else {
        model.features[s * kDim + 6] = 1.0;
        model.features[s * kDim + 7] = 2.0;
      }
    }
    model.sampling.assign(kStates, 1.0 / 7.0);
    model.true_weights.assign(kDim, 0.0);
    model.variant = "Baird's counterexample, Sutton & Barto 2nd ed. (continuing, gamma = " +
                    format_real(config.gamma) + ", solid w.p. " +
                    format_real(config.solid_probability) + ")";
    return model;
  }

  MdpModel model_;
};

}  // namespace banditsim::mdp
