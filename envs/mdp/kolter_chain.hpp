/// @file envs/mdp/kolter_chain.hpp
/// The "Kolter-style" two-state chain (spec 6.3, P15: the setting of Kolter, NIPS
/// 2011, with numbers the spec recalls from memory; do not cite them as Kolter's).
/// One action, P = [[0.5, 0.5], [0.5, 0.5]], gamma = 0.99, one feature Phi = (1,
/// 1.05), i.i.d. states from mu = (d1, 1 - d1).
///   realizable = false: r = (1, 1), V = (100, 100), not in span(Phi); A(d1) =
///     -0.01475 d1 + 0.0370125 (1 - d1) vanishes at d1* = 0.715045 and w_TD = b/A
///     blows up there while the best fit stays within ~2% of V (table 9.3).
///   realizable = true [D]: r = (I - gamma P) Phi 100, V = (100, 105): w_TD = 100
///     for every d1 != d1*, and eps -> 1 as d1 -> d1*.
#pragma once

#include <string>
#include <vector>

#include "envs/mdp/model_building.hpp"
#include "sim/core/component.hpp"
#include "sim/core/params.hpp"
#include "sim/families/mdp/mdp_model.hpp"

namespace banditsim::mdp {

class KolterChain {
 public:
  static constexpr const char* kName = "kolter_chain";

  struct Config {
    double d1 = 0.5;
    bool realizable = false;
    double gamma = 0.99;
    double feature = 1.05;

    static Config from(const ParamMap& params) {
      return {.d1 = params.real("d1"),
              .realizable = params.boolean("realizable"),
              .gamma = params.real("gamma"),
              .feature = params.real("feature")};
    }
  };

  static ComponentInfo info() {
    return {.name = kName,
            .family = "mdp",
            .role = ComponentRole::kEnvironment,
            .summary =
                "Kolter-style two-state chain: one feature (1, 1.05), the sampling "
                "distribution (d1, 1 - d1) makes TD's fixed point blow up near d1*",
            .reference =
                "After Kolter (2011), The fixed points of off-policy TD, NIPS 24 (spec "
                "papers-offpolicy.md 6.3)",
            .fidelity = Fidelity::kReconstruction,
            .notes =
                "[R] Kolter's setting with numbers recalled from memory (P15: 'Kolter-style', "
                "not Kolter's figure): P = 1/2 everywhere, gamma = 0.99, Phi = (1, feature). "
                "realizable = false: r = (1, 1), misspecified, d1* = 0.715045 (table 9.3). "
                "[D] realizable = true: r = (I - gamma P) Phi 100, V = 100 Phi (our "
                "variant). Start distribution uniform.",
            .params = {
                real_param("d1", 0.5, Range::closed(0.0, 1.0), "sampling probability of state 0"),
                bool_param("realizable", false,
                           "false: r = (1, 1) (misspecified); true: r = (I - gamma P) Phi 100"),
                real_param("gamma", 0.99, Range{0.0, 1.0, false, true}, "discount"),
                real_param("feature", 1.05, Range::any(), "the feature of state 1 (state 0: 1)")}};
  }

  explicit KolterChain(const Config& config) : model_(build(config)) {
    validate_model(model_, kName);
  }

  const MdpModel& model() const { return model_; }

 private:
  static MdpModel build(const Config& config) {
    MdpModel model = empty_model(2, 1, FeatureKind::kState, 1);
    model.gamma = config.gamma;
    model.transitions = {0.5, 0.5, 0.5, 0.5};
    single_action_policies(model);
    model.features = {1.0, config.feature};
    model.start = {0.5, 0.5};
    model.sampling = {config.d1, 1.0 - config.d1};
    if (config.realizable) {
      model.rewards = rewards_for_values(model, {100.0, 100.0 * config.feature});
      model.true_weights = {100.0};
    } else {
      model.rewards = {1.0, 1.0};
    }
    model.variant = std::string("Kolter-style two-state chain (spec 6.3), ") +
                    (config.realizable ? "realizable (V = 100 Phi)" : "misspecified (r = 1)") +
                    ", d1 = " + format_real(config.d1);
    return model;
  }

  MdpModel model_;
};

}  // namespace banditsim::mdp
