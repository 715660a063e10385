/// @file envs/mdp/w2w_fragment.hpp
/// The w-2w fragment of Sutton & Barto (2018), section 11.2 (spec 6.2): two states
/// with features 1 and 2 (values w and 2w); the data is only the transition s_1 ->
/// s_2 with reward 0 (sampling (1, 0), ratio 1). To make it a full MDP, s_2 loops
/// on itself with reward 0 (never sampled). V = 0 (w = 0). Off-policy TD(0) on the
/// one transition: w <- (1 + alpha (2 gamma - 1)) w, which diverges for gamma > 1/2.
#pragma once

#include <string>

#include "envs/mdp/model_building.hpp"
#include "sim/core/component.hpp"
#include "sim/core/params.hpp"
#include "sim/families/mdp/mdp_model.hpp"

namespace banditsim::mdp {

class W2wFragment {
 public:
  static constexpr const char* kName = "w2w_fragment";

  struct Config {
    double gamma = 0.9;

    static Config from(const ParamMap& params) { return {.gamma = params.real("gamma")}; }
  };

  static ComponentInfo info() {
    return {.name = kName,
            .family = "mdp",
            .role = ComponentRole::kEnvironment,
            .summary =
                "The w-2w fragment (Sutton & Barto 2nd ed., 11.2): one transition with "
                "values w -> 2w, where TD(0) diverges for gamma > 1/2",
            .reference =
                "Sutton & Barto (2018), Reinforcement Learning: An Introduction, 2nd "
                "ed., section 11.2",
            .fidelity = Fidelity::kPaper,
            .notes =
                "[S&B] The fragment is not a full MDP: we close it with a reward-0 "
                "self-loop at s_2 (ours), which the data never samples (sampling = (1, "
                "0)). Features 1 and 2; one action; V = 0. TD(0) factor 1 + alpha (2 "
                "gamma - 1) per update (spec 6.2); A = 1 - 2 gamma.",
            .params = {real_param("gamma", 0.9, Range{0.0, 1.0, false, true}, "discount")}};
  }

  explicit W2wFragment(const Config& config) : model_(build(config)) {
    validate_model(model_, kName);
  }

  const MdpModel& model() const { return model_; }

 private:
  static MdpModel build(const Config& config) {
    MdpModel model = empty_model(2, 1, FeatureKind::kState, 1);
    model.gamma = config.gamma;
    transition(model, 0, 0, 1) = 1.0;
    transition(model, 1, 0, 1) = 1.0;
    single_action_policies(model);
    model.features = {1.0, 2.0};
    model.start = {1.0, 0.0};
    model.sampling = {1.0, 0.0};
    model.true_weights = {0.0};
    model.variant = "w-2w fragment, Sutton & Barto 2nd ed. 11.2, closed by a self-loop at s_2";
    return model;
  }

  MdpModel model_;
};

}  // namespace banditsim::mdp
