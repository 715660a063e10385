// The mdp family's environments (envs/mdp/): every one builds a model that passes
// validate_model with the spec's shape and values (spec 6.1-6.6), builds from its
// declared defaults through the factory, and finite_mdp rejects bad inputs with
// the right key.
#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "envs/mdp/all.hpp"
#include "sim/core/check.hpp"
#include "tests/support/config_error_key.hpp"
#include "tests/support/param_defaults.hpp"

using namespace banditsim;
using namespace banditsim::mdp;
using banditsim::testing::config_error_key;
using banditsim::testing::find_info;
using banditsim::testing::with_defaults;

namespace {

/// A valid two-state, two-action finite_mdp configuration with state features.
FiniteMdp::Config finite_config() {
  return {.transitions = {{{0.5, 0.5}, {1.0, 0.0}}, {{0.0, 1.0}, {0.25, 0.75}}},
          .rewards = {{1.0, 0.0}, {0.5, 2.0}},
          .features = {{1.0}, {2.0}},
          .behaviour = {{0.5, 0.5}, {0.5, 0.5}},
          .target = {{1.0, 0.0}, {0.0, 1.0}}};
}

std::string finite_key(const FiniteMdp::Config& config) {
  return config_error_key([&] { FiniteMdp env(config); });
}

}  // namespace

TEST_CASE(
    "mdp environments: every environment builds from its declared defaults and is mdp-family") {
  for (const ComponentInfo& info : MdpEnvironmentFactory::infos()) {
    CAPTURE(info.name);
    CHECK(info.family == "mdp");
    CHECK(info.role == ComponentRole::kEnvironment);
    CHECK_FALSE(info.notes.empty());
    if (info.name == "finite_mdp") continue;  // has required parameters
    const AnyMdpEnvironment env = MdpEnvironmentFactory::make(info.name, with_defaults(info, {}));
    std::visit(
        [](const auto& e) {
          CHECK_NOTHROW(validate_model(e.model(), "test"));
          CHECK_FALSE(e.model().variant.empty());
        },
        env);
  }
}

TEST_CASE("mdp environments: finite_mdp from parameters, with auto feature kind and defaults") {
  const ComponentInfo& info = find_info(MdpEnvironmentFactory::infos(), "finite_mdp");
  ParamMap values;
  const FiniteMdp::Config c = finite_config();
  values.set("transitions", c.transitions);
  values.set("rewards", c.rewards);
  values.set("features", RealMatrix{{1, 0}, {0, 1}, {1, 1}, {2, 0}});
  values.set("behaviour", c.behaviour);
  values.set("target", c.target);
  const AnyMdpEnvironment env =
      MdpEnvironmentFactory::make("finite_mdp", with_defaults(info, values));
  const MdpModel& m = std::get<FiniteMdp>(env).model();
  CHECK(m.feature_kind == FeatureKind::kStateAction);  // 4 = S A rows
  CHECK(m.dim == 2);
  CHECK(m.gamma == 0.9);
  CHECK(m.start == std::vector<double>{0.5, 0.5});
  CHECK(m.sampling.empty());
  CHECK(m.p(1, 1, 1) == 0.75);
  CHECK(m.rewards[3] == 2.0);
  const FiniteMdp state_env(finite_config());
  CHECK(state_env.model().feature_kind == FeatureKind::kState);
}

TEST_CASE("mdp environments: finite_mdp terminal states get zero features and no start mass") {
  FiniteMdp::Config c = finite_config();
  c.terminal_states = {1};
  const FiniteMdp env(c);
  CHECK(env.model().terminal[1] == 1);
  CHECK(env.model().features[1] == 0.0);
  CHECK(env.model().start == std::vector<double>{1.0, 0.0});
}

TEST_CASE("mdp environments: finite_mdp bad inputs name the key") {
  FiniteMdp::Config rows = finite_config();
  rows.transitions[1][0] = {0.5, 0.4};
  CHECK(finite_key(rows) == "transitions");
  FiniteMdp::Config negative = finite_config();
  negative.transitions[0][0] = {-0.5, 1.5};
  CHECK(finite_key(negative) == "transitions");
  FiniteMdp::Config ragged = finite_config();
  ragged.transitions[1][1] = {1.0};
  CHECK(finite_key(ragged) == "transitions");
  FiniteMdp::Config behaviour = finite_config();
  behaviour.behaviour = {{1.0 / 3, 1.0 / 3, 1.0 / 3}, {0.5, 0.5}};
  CHECK(finite_key(behaviour) == "behaviour");
  FiniteMdp::Config target = finite_config();
  target.target = {{1.0}, {1.0}};
  CHECK(finite_key(target) == "target");
  FiniteMdp::Config rewards = finite_config();
  rewards.rewards = {{1.0, 0.0}};
  CHECK(finite_key(rewards) == "rewards");
  FiniteMdp::Config features = finite_config();
  features.features = {{1.0}, {2.0}, {3.0}};
  CHECK(finite_key(features) == "features");
  FiniteMdp::Config ragged_features = finite_config();
  ragged_features.features = {{1.0}, {2.0, 3.0}};
  CHECK(finite_key(ragged_features) == "features");
  FiniteMdp::Config kind = finite_config();
  kind.feature_kind = FiniteMdp::KindChoice::kStateAction;
  CHECK(finite_key(kind) == "features");
  for (const double gamma : {1.0, -0.5}) {
    FiniteMdp::Config g = finite_config();
    g.gamma = gamma;
    CHECK(finite_key(g) == "gamma");
  }
  FiniteMdp::Config terminal = finite_config();
  terminal.terminal_states = {2};
  CHECK(finite_key(terminal) == "terminal_states");
  FiniteMdp::Config uncovered = finite_config();
  uncovered.behaviour = {{1.0, 0.0}, {1.0, 0.0}};  // target takes action 1 at state 1
  CHECK(finite_key(uncovered) == "target");
}

TEST_CASE(
    "mdp environments: baird has S&B 2nd edition's features, dynamics and policies (spec 6.1)") {
  const MdpModel m = Baird({}).model();
  CHECK(m.states == 7);
  CHECK(m.actions == 2);
  CHECK(m.dim == 8);
  CHECK(m.gamma == 0.99);
  CHECK(m.feature_row(0)[0] == 2.0);
  CHECK(m.feature_row(0)[7] == 1.0);
  CHECK(m.feature_row(5)[5] == 2.0);
  CHECK(m.feature_row(6)[6] == 1.0);
  CHECK(m.feature_row(6)[7] == 2.0);
  CHECK(m.p(3, Baird::kDashed, 0) == 1.0 / 6.0);
  CHECK(m.p(3, Baird::kDashed, 6) == 0.0);
  CHECK(m.p(3, Baird::kSolid, 6) == 1.0);
  CHECK(m.behaviour[2 * 2 + Baird::kSolid] == 1.0 / 7.0);
  CHECK(m.target[2 * 2 + Baird::kSolid] == 1.0);
  CHECK(m.sampling == std::vector<double>(7, 1.0 / 7.0));
  CHECK(m.true_weights == std::vector<double>(8, 0.0));
  for (const double r : m.rewards) CHECK(r == 0.0);
}

TEST_CASE("mdp environments: w2w fragment and tsitsiklis-van roy (spec 6.2)") {
  const MdpModel w = W2wFragment({}).model();
  CHECK(w.features == std::vector<double>{1.0, 2.0});
  CHECK(w.p(0, 0, 1) == 1.0);
  CHECK(w.sampling == std::vector<double>{1.0, 0.0});
  const MdpModel t = TsitsiklisVanRoy({.p_term = 0.1}).model();
  CHECK(t.states == 3);
  CHECK(t.terminal == std::vector<unsigned char>{0, 0, 1});
  CHECK(t.p(1, 0, 2) == 0.1);
  CHECK(t.p(1, 0, 1) == 0.9);
  CHECK(t.sampling == std::vector<double>{0.5, 0.5, 0.0});
  CHECK(t.gamma == 0.9);
}

TEST_CASE("mdp environments: kolter chain (spec 6.3)") {
  const MdpModel m = KolterChain({}).model();
  CHECK(m.features == std::vector<double>{1.0, 1.05});
  CHECK(m.rewards == std::vector<double>{1.0, 1.0});
  CHECK(m.sampling == std::vector<double>{0.5, 0.5});
  CHECK(m.gamma == 0.99);
  // Realizable: r = (I - gamma P) Phi 100 = 100 (1 - 0.99 * 1.025, 1.05 - 0.99 * 1.025).
  const MdpModel r = KolterChain({.d1 = 0.7, .realizable = true}).model();
  CHECK(std::abs(r.rewards[0] - 100.0 * (1.0 - 0.99 * 1.025)) <= 1e-12);
  CHECK(std::abs(r.rewards[1] - 100.0 * (1.05 - 0.99 * 1.025)) <= 1e-12);
  CHECK(std::abs(r.sampling[1] - 0.3) <= 1e-15);
}

TEST_CASE("mdp environments: dial chain's P_theta, r_theta and mu(t) (spec 6.4)") {
  const double theta = 0.4;
  const MdpModel m = DialChain({.theta = theta, .t = 0.1}).model();
  CHECK(m.actions == 1);
  CHECK(std::abs(m.p(1, 0, 0) - (0.25 * 0.6 + 0.4)) <= 1e-15);
  CHECK(std::abs(m.p(1, 0, 1) - 0.3) <= 1e-15);
  // r_theta = (-0.35, 0.2 + 0.9 theta, 0.75).
  CHECK(std::abs(m.rewards[0] + 0.35) <= 1e-12);
  CHECK(std::abs(m.rewards[1] - (0.2 + 0.9 * theta)) <= 1e-12);
  CHECK(std::abs(m.rewards[2] - 0.75) <= 1e-12);
  CHECK(std::abs(m.sampling[0] - 0.1) <= 1e-15);
  CHECK(std::abs(m.sampling[2] - 0.45) <= 1e-15);
  CHECK(m.features == std::vector<double>{1, 0, 1, 1, 1, 2});
  CHECK(m.start == std::vector<double>{1, 0, 0});
  CHECK(m.true_weights == std::vector<double>{1, 1});
  const MdpModel twin =
      DialChain({.theta = theta, .variant = DialChain::Variant::kMisspecified}).model();
  CHECK(twin.true_weights.empty());
  // r = (I - gamma P) (1, 2, 3.5): row 2 = 3.5 - 0.9 (0.5 * 2 + 0.5 * 3.5).
  CHECK(std::abs(twin.rewards[2] - (3.5 - 0.9 * 2.75)) <= 1e-12);
  const MdpModel e = DialChain({.theta = theta, .embedding = true, .beta = 0.3}).model();
  CHECK(e.actions == 2);
  CHECK(e.sampling.empty());
  CHECK(e.target[1 * 2 + 1] == theta);
  CHECK(e.target[0 * 2 + 1] == 0.0);
  CHECK(e.behaviour[2 * 2 + 1] == 0.3);
  CHECK(e.p(2, 1, 0) == 1.0);
  CHECK(e.p(1, 0, 2) == 0.25);
  CHECK(e.rewards[1 * 2] == e.rewards[1 * 2 + 1]);
}

TEST_CASE("mdp environments: random mdp is a fixed instance per seed with the spec 6.6 structure") {
  const RandomMdp::Config config{};
  const MdpModel a = RandomMdp(config).model();
  const MdpModel b = RandomMdp(config).model();
  CHECK(a.transitions == b.transitions);
  CHECK(a.rewards == b.rewards);
  CHECK(a.states == 10);
  CHECK(a.actions == 2);
  CHECK(a.dim == 4);
  CHECK(a.feature_kind == FeatureKind::kStateAction);
  CHECK(a.sampling.size() == 10);
  for (std::size_t k = 0; k < a.pairs(); ++k) {
    double sum = 0.0;
    for (std::size_t j = 0; j < a.dim; ++j) sum += a.feature_row(k)[j];
    CHECK(std::abs(sum - 1.0) <= 1e-12);  // softmax rows lie on the simplex
    CHECK(a.behaviour[k] == 0.5);
  }
  const MdpModel other = RandomMdp({.seed = 8}).model();
  CHECK(other.transitions != a.transitions);
  // theta changes only P (and the realizable rewards that follow from it).
  const MdpModel mixed = RandomMdp({.theta = 0.5}).model();
  CHECK(mixed.features == a.features);
  CHECK(mixed.target == a.target);
  CHECK(mixed.sampling == a.sampling);
  const MdpModel tabular = RandomMdp({.features = RandomMdp::Features::kTabular}).model();
  CHECK(tabular.dim == 20);
  CHECK(tabular.transitions == a.transitions);
  CHECK(tabular.rewards == a.rewards);
  const MdpModel natural = RandomMdp({.mode = RandomMdp::Mode::kNatural}).model();
  for (const double r : natural.rewards) CHECK((r >= 0.0 && r < 1.0));
  CHECK(RandomMdp({.sampling = RandomMdp::Sampling::kBehaviour}).model().sampling.empty());
}
