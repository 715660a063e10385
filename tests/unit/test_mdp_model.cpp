// validate_model (sim/families/mdp/mdp_model.hpp): a good model passes, and each
// kind of bad model throws ConfigError naming the right key, with the indices and
// values in the message.
#include <doctest/doctest.h>

#include <string>

#include "sim/core/check.hpp"
#include "sim/families/mdp/mdp_model.hpp"
#include "tests/support/config_error_key.hpp"

using namespace banditsim;
using namespace banditsim::mdp;
using banditsim::testing::config_error_key;

namespace {

/// Two states, two actions, state features: both actions of state s go to the other
/// state w.p. 0.75; a terminal-free, covered, valid model.
MdpModel good_model() {
  MdpModel m;
  m.states = 2;
  m.actions = 2;
  m.transitions = {0.25, 0.75, 0.5, 0.5, 0.75, 0.25, 0.5, 0.5};
  m.rewards = {1.0, 0.0, 0.0, 1.0};
  m.gamma = 0.9;
  m.start = {1.0, 0.0};
  m.behaviour = {0.5, 0.5, 0.5, 0.5};
  m.target = {1.0, 0.0, 0.2, 0.8};
  m.terminal = {0, 0};
  m.feature_kind = FeatureKind::kState;
  m.dim = 1;
  m.features = {1.0, 2.0};
  return m;
}

/// The message of the ConfigError validate_model throws ("" if none).
std::string message_of(const MdpModel& m) {
  try {
    validate_model(m, "test");
  } catch (const ConfigError& error) {
    return error.bare_message();
  }
  return "";
}

std::string key_of(const MdpModel& m) {
  return config_error_key([&] { validate_model(m, "test"); });
}

}  // namespace

TEST_CASE("mdp model: a valid model passes") {
  CHECK_NOTHROW(validate_model(good_model(), "test"));
  MdpModel pairs = good_model();
  pairs.feature_kind = FeatureKind::kStateAction;
  pairs.features = {1.0, 2.0, 3.0, 4.0};
  CHECK_NOTHROW(validate_model(pairs, "test"));
}

TEST_CASE("mdp model: transition rows must sum to 1, with the row and sum in the message") {
  MdpModel m = good_model();
  m.transitions[6] = 0.72;  // transitions[1][1] = (0.72, 0.25)... sums to 0.97
  m.transitions[7] = 0.25;
  CHECK(key_of(m) == "transitions");
  CHECK(message_of(m) == "transitions[1][1] sums to 0.97, not 1 (tolerance 1e-09)");
}

TEST_CASE("mdp model: negative probabilities are rejected") {
  MdpModel m = good_model();
  m.transitions[0] = -0.25;
  m.transitions[1] = 1.25;
  CHECK(key_of(m) == "transitions");
  CHECK(message_of(m).find("transitions[0][0][0] = -0.25") != std::string::npos);
  MdpModel b = good_model();
  b.behaviour = {1.5, -0.5, 0.5, 0.5};
  CHECK(key_of(b) == "behaviour");
}

TEST_CASE("mdp model: feature row count names both kinds' needs") {
  MdpModel m = good_model();
  m.states = 7;
  m.transitions.assign(7 * 2 * 7, 1.0 / 7.0);
  m.rewards.assign(14, 0.0);
  m.behaviour.assign(14, 0.5);
  m.target.assign(14, 0.5);
  m.terminal.assign(7, 0);
  m.start.assign(7, 1.0 / 7.0);
  m.features.assign(5, 1.0);
  CHECK(key_of(m) == "features");
  CHECK(message_of(m) ==
        "features has 5 rows; state features need 7 (one per state) and pair features 14 (one "
        "per state-action pair)");
}

TEST_CASE("mdp model: state features need the behaviour to cover the target") {
  MdpModel m = good_model();
  m.behaviour = {1.0, 0.0, 0.5, 0.5};
  m.target = {0.5, 0.5, 0.5, 0.5};
  CHECK(key_of(m) == "target");
  CHECK(message_of(m) ==
        "target[0] puts probability 0.5 on action 1, which behaviour never takes: state "
        "features need importance ratios pi/b");
  // Pair features need no ratios.
  MdpModel pairs = m;
  pairs.feature_kind = FeatureKind::kStateAction;
  pairs.features = {1.0, 2.0, 3.0, 4.0};
  CHECK_NOTHROW(validate_model(pairs, "test"));
  // Terminal states are not checked (their policies are ignored).
  MdpModel terminal = m;
  terminal.terminal = {1, 0};
  terminal.start = {0.0, 1.0};
  CHECK_NOTHROW(validate_model(terminal, "test"));
}

TEST_CASE("mdp model: gamma must lie in 0 <= gamma < 1") {
  for (const double gamma : {1.0, -0.1, 1.5}) {
    MdpModel m = good_model();
    m.gamma = gamma;
    CHECK(key_of(m) == "gamma");
  }
  MdpModel zero = good_model();
  zero.gamma = 0.0;
  CHECK_NOTHROW(validate_model(zero, "test"));
}

TEST_CASE("mdp model: start and sampling are distributions off the terminal states") {
  MdpModel m = good_model();
  m.start = {0.5, 0.4};
  CHECK(key_of(m) == "start");
  MdpModel s = good_model();
  s.sampling = {0.5};
  CHECK(key_of(s) == "sampling");
  MdpModel t = good_model();
  t.terminal = {0, 1};
  t.sampling = {0.5, 0.5};
  CHECK(key_of(t) == "sampling");
  CHECK(message_of(t) == "sampling[1] = 0.5 puts mass on state 1, which is terminal");
  MdpModel all_terminal = good_model();
  all_terminal.terminal = {1, 1};
  CHECK(key_of(all_terminal) == "terminal_states");
}

TEST_CASE("mdp model: shapes of rewards, policies and terminal flags") {
  MdpModel r = good_model();
  r.rewards.pop_back();
  CHECK(key_of(r) == "rewards");
  MdpModel pi = good_model();
  pi.target.push_back(0.0);
  CHECK(key_of(pi) == "target");
  MdpModel flags = good_model();
  flags.terminal = {0};
  CHECK(key_of(flags) == "terminal_states");
  MdpModel p = good_model();
  p.transitions.pop_back();
  CHECK(key_of(p) == "transitions");
}
