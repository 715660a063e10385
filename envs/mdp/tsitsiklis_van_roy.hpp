/// @file envs/mdp/tsitsiklis_van_roy.hpp
/// The Tsitsiklis-Van Roy counterexample as in Sutton & Barto (2018), section 11.2
/// (spec 6.2, P11, P14): s_1 (feature 1) -> s_2 (feature 2) with reward 0; s_2 ->
/// terminal w.p. p_term (S&B call it "epsilon": renamed, P14), else stays; reward 0.
/// States 0 = s_1, 1 = s_2, 2 = terminal. V = 0 (w = 0). Sampling uniform over
/// {s_1, s_2}. The class {w (1, 2)} is incomplete; least-squares FQI with uniform
/// weights has factor (6 - 4 p) gamma / 5 and TD's A = (5 - gamma (6 - 4 p)) / 2
/// [D], so both fail together (spec 6.2, table 9.2).
#pragma once

#include <string>

#include "envs/mdp/model_building.hpp"
#include "sim/core/component.hpp"
#include "sim/core/params.hpp"
#include "sim/families/mdp/mdp_model.hpp"

namespace banditsim::mdp {

class TsitsiklisVanRoy {
 public:
  static constexpr const char* kName = "tsitsiklis_van_roy";

  struct Config {
    double p_term = 0.0;
    double gamma = 0.9;

    static Config from(const ParamMap& params) {
      return {.p_term = params.real("p_term"), .gamma = params.real("gamma")};
    }
  };

  static ComponentInfo info() {
    return {.name = kName,
            .family = "mdp",
            .role = ComponentRole::kEnvironment,
            .summary =
                "Tsitsiklis-Van Roy counterexample (S&B 2nd ed., 11.2): two states w, "
                "2w and a terminal; FQI and TD diverge for gamma > 5/(6 - 4 p_term)",
            .reference =
                "Tsitsiklis & Van Roy (1997), An analysis of temporal-difference "
                "learning with function approximation, IEEE TAC 42(5); as in Sutton & "
                "Barto (2018), 2nd ed., section 11.2",
            .fidelity = Fidelity::kPaper,
            .notes =
                "[S&B] Episodic (P11): states s_1, s_2 and a terminal state (value 0); "
                "S&B's termination probability 'epsilon' is p_term here (P14: not the "
                "incompleteness factor). Reward 0, V = 0, one feature (1, 2). Sampling "
                "uniform over s_1, s_2 (spec 6.2); episodes start at s_1. [D] A = (5 - "
                "gamma (6 - 4 p_term)) / 2 and the FQI factor (6 - 4 p_term) gamma / 5 "
                "(spec table 9.2).",
            .params = {real_param("p_term", 0.0, Range::closed(0.0, 1.0),
                                  "probability that s_2 terminates (S&B's epsilon)"),
                       real_param("gamma", 0.9, Range{0.0, 1.0, false, true}, "discount")}};
  }

  explicit TsitsiklisVanRoy(const Config& config) : model_(build(config)) {
    validate_model(model_, kName);
  }

  const MdpModel& model() const { return model_; }

 private:
  static MdpModel build(const Config& config) {
    MdpModel model = empty_model(3, 1, FeatureKind::kState, 1);
    model.gamma = config.gamma;
    transition(model, 0, 0, 1) = 1.0;
    transition(model, 1, 0, 1) = 1.0 - config.p_term;
    transition(model, 1, 0, 2) = config.p_term;
    transition(model, 2, 0, 2) = 1.0;  // ignored: terminal
    single_action_policies(model);
    model.terminal = {0, 0, 1};
    model.features = {1.0, 2.0, 0.0};
    model.start = {1.0, 0.0, 0.0};
    model.sampling = {0.5, 0.5, 0.0};
    model.true_weights = {0.0};
    model.variant = "Tsitsiklis-Van Roy, Sutton & Barto 2nd ed. 11.2, episodic, p_term = " +
                    format_real(config.p_term);
    return model;
  }

  MdpModel model_;
};

}  // namespace banditsim::mdp
